// The web chat page: posts each message to /chat/api/messages and shows the
// replies. Every word shown comes from the server (the dialog script's
// texts, /chat/api/texts): this file holds none.
'use strict';

(function () {
  const api = '/chat/api/';
  const el = (id) => document.getElementById(id);
  const log = el('log');
  const form = el('form');
  const input = el('text');
  const select = el('language');
  const error = el('error');
  let texts = {};
  let lang = '';
  let busy = false;

  // A random id per message: a retry of the same message carries the same
  // id, and the server answers it with the replies it already gave.
  function newId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function storedLanguage() {
    try { return localStorage.getItem('levier.lang') || ''; } catch (e) { return ''; }
  }
  function storeLanguage(code) {
    try { localStorage.setItem('levier.lang', code); } catch (e) { /* private mode */ }
  }

  // The language to start in: the one picked last time, else the browser's
  // first language the script has, else the server's default.
  function preferredLanguage(languages) {
    const codes = languages.map((l) => l.code);
    const stored = storedLanguage();
    if (codes.includes(stored)) return stored;
    for (const tag of navigator.languages || []) {
      const code = tag.toLowerCase().split('-')[0];
      if (codes.includes(code)) return code;
    }
    return '';
  }

  async function loadTexts(code) {
    const res = await fetch(api + 'texts?lang=' + encodeURIComponent(code), { credentials: 'same-origin' });
    if (!res.ok) throw new Error('texts ' + res.status);
    const data = await res.json();
    texts = data.texts;
    lang = data.lang;
    document.documentElement.lang = data.lang;
    document.documentElement.dir = data.dir;
    document.title = texts.web_title || document.title;
    el('title').textContent = texts.web_title || '';
    el('language-label').textContent = texts.web_language || '';
    el('text-label').textContent = texts.web_message || '';
    input.placeholder = texts.web_placeholder || '';
    el('send').textContent = texts.web_send || '';
    if (select.options.length === 0) {
      for (const l of data.languages) {
        const option = document.createElement('option');
        option.value = l.code;
        option.textContent = l.name;
        option.lang = l.code;
        option.dir = l.dir;
        select.appendChild(option);
      }
    }
    select.value = data.lang;
    return data;
  }

  function showError(show) {
    error.hidden = !show;
    error.textContent = show ? texts.web_error || '' : '';
  }

  function scrollToEnd() {
    window.scrollTo(0, document.body.scrollHeight);
  }

  function addMine(text) {
    const div = document.createElement('div');
    div.className = 'msg me';
    div.lang = lang;
    div.dir = 'auto';
    const p = document.createElement('p');
    p.textContent = text;
    div.appendChild(p);
    log.appendChild(div);
  }

  function disableOldChoices() {
    for (const b of log.querySelectorAll('.choices button')) b.disabled = true;
  }

  // Returns the first new choice button, if any.
  function addReplies(replies) {
    let first = null;
    for (const reply of replies) {
      const div = document.createElement('div');
      div.className = 'msg bot';
      div.lang = reply.lang || lang;
      div.dir = reply.dir;
      if (reply.text) {
        const p = document.createElement('p');
        p.textContent = reply.text;
        div.appendChild(p);
      }
      if (reply.choices.length > 0) {
        const group = document.createElement('div');
        group.className = 'choices';
        for (const choice of reply.choices) {
          const button = document.createElement('button');
          button.type = 'button';
          button.textContent = choice.label;
          button.dataset.choice = choice.id;
          button.addEventListener('click', () => send({ choice: choice.id }, choice.label));
          group.appendChild(button);
          first = first || button;
        }
        div.appendChild(group);
      }
      log.appendChild(div);
    }
    return first;
  }

  async function post(body) {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const res = await fetch(api + 'messages', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify(body),
        });
        if (res.ok) return await res.json();
        if (res.status < 500) return null;
      } catch (e) { /* network: retried once with the same id */ }
      await new Promise((r) => setTimeout(r, 1000));
    }
    return null;
  }

  // `shown`: what the resident's own bubble says ('' for none).
  async function send(message, shown, focusChoices) {
    if (busy) return false;
    busy = true;
    showError(false);
    const body = Object.assign({ id: newId() }, message);
    const data = await post(body);
    busy = false;
    if (data === null) {
      showError(true);
      return false;
    }
    disableOldChoices();
    if (shown) addMine(shown);
    const replies = data.replies;
    for (const reply of replies) {
      if (reply.lang && reply.lang !== lang) await loadTexts(reply.lang);
    }
    const first = addReplies(replies);
    scrollToEnd();
    if (first && focusChoices !== false && message.choice !== undefined && shown) first.focus();
    return true;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (await send({ text: text }, text)) input.value = '';
    input.focus();
  });

  select.addEventListener('change', async () => {
    const code = select.value;
    storeLanguage(code);
    await loadTexts(code);
    await send({ choice: code }, '', false);
  });

  async function start() {
    try {
      const first = await loadTexts(storedLanguage());
      const code = preferredLanguage(first.languages) || first.lang;
      if (code !== lang) await loadTexts(code);
      // An invitation link (/c/CODE) sends its code first: the conversation
      // starts in the language the professional chose, attributed to them.
      const invited = /^\/c\/([A-Za-z0-9]{4,16})$/.exec(location.pathname);
      if (invited) {
        await send({ text: invited[1] }, '', false);
        return;
      }
      // The language's code picked as a choice starts the conversation in
      // it (greeting first), or asks a returning resident's question again.
      await send({ choice: code }, '', false);
    } catch (e) {
      showError(true);
    }
  }

  start();
})();
