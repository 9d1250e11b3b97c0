// The dialog editor (#dialogue): the texts of one step in every language
// side by side, its choices, the checks of `levier check` beside the fields
// they concern, a preview as each channel shows it, publishing and going
// back to an earlier version. Every save names the draft's revision: when
// someone else saved meanwhile, the server refuses and the page says so.

const KINDS = {
  message: 'Message', choice: 'Question à choix', question: 'Question libre', referral: 'Orientation',
  followups: 'Questions selon les freins', end: 'Fin',
};
const WHAT = { text: 'Texte', keywords: 'Mots compris', node: 'Étape', file: 'Fichier' };
const SCRIPT_MESSAGES = {
  transcript_exists: 'Une conversation de test porte déjà ce nom : choisissez-en un autre.',
  draft_changed: 'Quelqu’un d’autre a modifié le brouillon entre-temps. La page a été rechargée avec sa version : refaites votre modification.',
  published_changed: 'Une autre version a été publiée depuis le début de ce brouillon. Abandonnez le brouillon puis refaites vos modifications.',
  check_errors: 'Le dialogue a des erreurs : corrigez-les avant de publier.',
  nothing_to_publish: 'Rien à publier : c’est déjà la version publiée.',
  editors_only: 'Seuls les coordinateurs et les administrateurs modifient le dialogue.',
  no_such_version: 'Cette version n’existe pas.',
};

// ui: { el, call, page, say, table, field, scrollable, problem }
export async function showScript(ui) {
  const { el, call, page, say } = ui;
  const { status, data } = await call('GET', 'api/script');
  if (status !== 200) {
    return page('Dialogue', el('p', { class: 'error', role: 'alert', text: SCRIPT_MESSAGES[data.code] || ui.problem(status, data) }));
  }
  const state = { view: data, revision: data.revision, findings: data.findings, node: sessionStorage.getItem('levier-node') || data.start };
  if (!data.nodes.some((n) => n.id === state.node) && state.node !== '*shared') state.node = data.start;

  const checks = el('section', { 'aria-labelledby': 'checks-title' });
  const editor = el('section', { 'aria-labelledby': 'node-title' });
  const preview = previewPanel(ui, state);
  const publishing = el('section', { 'aria-labelledby': 'publish-title' });
  const tests = testsSection(ui, state);

  const refusal = async (answer) => {
    const message = SCRIPT_MESSAGES[answer.data.code] || ui.problem(answer.status, answer.data);
    if (answer.data.code === 'draft_changed') {
      await showScript(ui);
    }
    say(message);
    return message;
  };

  // One edit: saved at once, the checks redone on the whole draft.
  async function save(edit) {
    const answer = await call('POST', 'api/script/edit', { revision: state.revision, ...edit });
    if (answer.status !== 200) {
      if (answer.data.field === 'edit') { say(`Modification refusée : ${answer.data.detail}`); return false; }
      await refusal(answer);
      return false;
    }
    state.revision = answer.data.revision;
    state.findings = answer.data.findings;
    if (!state.view.draft) state.view.draft = { updated_by: 'vous' };
    return true;
  }

  function renderChecks() {
    const errors = state.findings.filter((f) => f.severity === 'error');
    const warnings = state.findings.filter((f) => f.severity === 'warning');
    const item = (f) => el('li', { class: f.severity },
      el('span', { text: `${f.severity === 'error' ? 'Erreur' : 'À revoir'}${f.node ? ` (étape ${f.node})` : ''}${f.language ? ` [${f.language}]` : ''} : ${f.message} ` }),
      f.node ? goTo(f.node) : null);
    checks.replaceChildren(
      el('h2', { id: 'checks-title', text: 'Vérifications' }),
      el('p', { id: 'check-summary', role: 'status', class: errors.length ? 'error' : '', text: errors.length
        ? `${errors.length} erreur(s) à corriger avant de publier, ${warnings.length} point(s) à revoir.`
        : `Aucune erreur. ${warnings.length} point(s) à revoir (ils n’empêchent pas de publier).` }),
      errors.length ? el('ul', { 'aria-label': 'Erreurs' }, ...errors.map(item)) : null,
      warnings.length ? el('details', {}, el('summary', { text: `Voir les ${warnings.length} point(s) à revoir` }), el('ul', {}, ...warnings.map(item))) : null);
  }

  function goTo(nodeId) {
    const button = el('button', { type: 'button', class: 'link', text: `Aller à l’étape ${nodeId}` });
    button.addEventListener('click', () => { state.node = nodeId; renderEditor(); document.getElementById('node-title').focus(); });
    return button;
  }

  // The problems of one field: those of its language whose message names it.
  function findingsFor(nodeId, lang, key) {
    return state.findings.filter((f) => (f.language === lang || (!f.language && !lang))
      && (f.message.includes(`'${key}'`) || f.message.includes(`"${key}"`) || (lang === '' && f.node === nodeId)));
  }

  function textField(nodeId, key, kind) {
    const languages = state.view.languages;
    const box = el('fieldset', { class: 'texts' }, el('legend', { text: kind === 'keywords' ? `Mots compris « ${key} » (un par ligne)` : `Texte « ${key} »` }));
    const inputs = [];
    for (const language of languages) {
      const id = `t-${key}-${language.code}`.replace(/[^A-Za-z0-9_-]/g, '_');
      const value = kind === 'keywords'
        ? ((state.view.keywords[language.code] || {})[key] || []).join('\n')
        : ((state.view.texts[language.code] || {})[key] || '');
      const input = el('textarea', { id, lang: language.code, dir: language.direction === 'rtl' ? 'rtl' : 'ltr', rows: 3 });
      input.value = value;
      input.dataset.saved = value;
      const problems = findingsFor(nodeId, language.code, key);
      const noteId = `${id}-problems`;
      const note = problems.length ? el('ul', { class: 'field-problems', id: noteId }, ...problems.map((f) => el('li', { class: f.severity, text: f.message }))) : null;
      if (note) input.setAttribute('aria-describedby', noteId);
      box.append(el('div', { class: 'lang-cell' }, el('label', { for: id, text: `${language.name} (${language.code})` }), input, note));
      inputs.push({ language, input });
    }
    const button = el('button', { type: 'button', text: `Enregistrer « ${key} »` });
    button.addEventListener('click', async () => {
      let saved = 0;
      for (const { language, input } of inputs) {
        if (input.value === input.dataset.saved) continue;
        const edit = kind === 'keywords'
          ? { op: 'keywords', lang: language.code, key, words: input.value.split('\n').map((w) => w.trim()).filter(Boolean) }
          : { op: 'text', lang: language.code, key, value: input.value.trim() };
        if (!(await save(edit))) return;
        if (kind === 'keywords') state.view.keywords[language.code] = { ...(state.view.keywords[language.code] || {}), [key]: edit.words };
        else state.view.texts[language.code] = { ...(state.view.texts[language.code] || {}), [key]: edit.value };
        input.dataset.saved = input.value;
        saved += 1;
      }
      renderAll();
      say(saved ? `« ${key} » enregistré dans le brouillon (${saved} langue(s)).` : 'Rien n’a changé.');
    });
    box.append(button);
    return box;
  }

  function choicesEditor(node) {
    const choices = (node.choices || []).map((c) => ({ ...c }));
    const targets = state.view.nodes.map((n) => n.id);
    const fr = state.view.texts[state.view.default_language] || {};
    const body = el('tbody');
    const draw = () => {
      body.replaceChildren(...choices.map((choice, index) => {
        const label = choice.label || (choice.barrier ? `barrier.${choice.barrier}` : '');
        const next = el('select', { id: `next-${index}`, 'aria-label': `Choix ${index + 1} : mène à` },
          el('option', { value: '', text: '(la suite de l’étape)' }),
          ...targets.map((t) => el('option', { value: t, text: t })));
        if (choice.next && !targets.includes(choice.next)) next.append(el('option', { value: choice.next, text: `${choice.next} (n’existe pas)` }));
        next.value = choice.next || '';
        next.addEventListener('change', () => { choice.next = next.value; });
        const move = (delta, text) => {
          const b = el('button', { type: 'button', class: 'secondary small', text, 'aria-label': `${text} le choix ${index + 1}` });
          b.disabled = index + delta < 0 || index + delta >= choices.length;
          b.addEventListener('click', () => { const [c] = choices.splice(index, 1); choices.splice(index + delta, 0, c); draw(); });
          return b;
        };
        const remove = el('button', { type: 'button', class: 'secondary small', text: 'Retirer', 'aria-label': `Retirer le choix ${index + 1}` });
        remove.disabled = choices.length === 1;
        remove.addEventListener('click', () => { choices.splice(index, 1); draw(); });
        return el('tr', {}, el('th', { scope: 'row', text: `${index + 1}` }),
          el('td', {}, el('span', { text: fr[label] || label }), el('br'), el('small', { class: 'hint', text: label })),
          el('td', {}, next), el('td', {}, move(-1, 'Monter'), ' ', move(1, 'Descendre'), ' ', remove));
      }));
    };
    draw();
    const newLabel = el('input', { id: 'new-choice-label', placeholder: 'ex. choice_other' });
    const add = el('button', { type: 'button', class: 'secondary', text: 'Ajouter ce choix' });
    add.addEventListener('click', () => {
      const key = newLabel.value.trim();
      if (!/^[a-z0-9_.-]{1,64}$/.test(key)) { say('Le nom du texte du choix : lettres minuscules, chiffres, « _ », « . » ou « - ».'); return newLabel.focus(); }
      choices.push({ label: key });
      newLabel.value = '';
      draw();
    });
    const saveButton = el('button', { type: 'button', text: 'Enregistrer les choix' });
    saveButton.addEventListener('click', async () => {
      if (!(await save({ op: 'choices', node: node.id, choices }))) return;
      node.choices = choices.map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== '' && v !== undefined)));
      renderAll();
      say('Choix enregistrés dans le brouillon.');
    });
    return el('div', {},
      el('h3', { text: 'Choix proposés' }),
      ui.scrollable('Choix proposés', el('table', {}, el('caption', { text: 'Dans l’ordre des numéros envoyés par SMS' }),
        el('thead', {}, el('tr', {}, ...['N°', 'Texte', 'Mène à', 'Ordre'].map((h) => el('th', { scope: 'col', text: h })))), body)),
      ui.field('Nouveau choix : nom de son texte', newLabel, 'Ajoutez ensuite sa traduction dans chaque langue ci-dessus (il apparaît après l’enregistrement).'),
      add, ' ', saveButton);
  }

  function keysOf(node) {
    const texts = [];
    const keywords = [];
    const add = (list, key) => { if (key && !list.includes(key)) list.push(key); };
    add(texts, node.text);
    for (const key of Object.values(node.texts || {})) add(texts, key);
    for (const c of node.choices || []) {
      add(texts, c.label || (c.barrier ? `barrier.${c.barrier}` : ''));
      add(keywords, c.keywords);
    }
    return { texts, keywords };
  }

  function sharedKeys() {
    const texts = Object.values(state.view.shared_texts || {}).filter((k) => !k.startsWith('kw_'));
    const keywords = Object.values(state.view.shared_texts || {}).filter((k) => k.startsWith('kw_'));
    for (const command of Object.values(state.view.commands || {})) {
      for (const [name, key] of Object.entries(command)) {
        if (name === 'keywords') { if (!keywords.includes(key)) keywords.push(key); } else if (typeof key === 'string' && !texts.includes(key) && !state.view.nodes.some((n) => n.id === key)) texts.push(key);
      }
    }
    return { texts, keywords };
  }

  function renderEditor() {
    sessionStorage.setItem('levier-node', state.node);
    const picker = el('select', { id: 'node-picker' },
      ...state.view.nodes.map((n) => el('option', { value: n.id, text: `${n.id} (${KINDS[n.kind] || n.kind})` })),
      el('option', { value: '*shared', text: 'Textes communs : commandes, « pas compris »…' }));
    picker.value = state.node;
    picker.addEventListener('change', () => { state.node = picker.value; renderEditor(); });
    const node = state.view.nodes.find((n) => n.id === state.node);
    const { texts, keywords } = node ? keysOf(node) : sharedKeys();
    const nodeProblems = node ? state.findings.filter((f) => f.node === node.id && !f.language) : [];
    editor.replaceChildren(
      el('h2', { id: 'node-title', tabindex: -1, text: node ? `Étape « ${node.id} »` : 'Textes communs' }),
      ui.field('Étape du dialogue', picker),
      node ? el('p', { class: 'hint', text: `${KINDS[node.kind] || node.kind}${node.next ? ` ; ensuite : ${node.next}` : ''}.` }) : null,
      nodeProblems.length ? el('ul', { class: 'field-problems', 'aria-label': 'Problèmes de cette étape' }, ...nodeProblems.map((f) => el('li', { class: f.severity, text: f.message }))) : null,
      ...texts.map((key) => textField(node ? node.id : '', key, 'text')),
      ...keywords.map((key) => textField(node ? node.id : '', key, 'keywords')),
      node && node.choices ? choicesEditor(node) : null);
  }

  async function renderPublishing() {
    const answer = await call('GET', 'api/script/changes');
    const versions = await call('GET', 'api/script/versions');
    const changes = answer.status === 200 ? answer.data.changes : [];
    const draftLine = state.view.draft
      ? `Brouillon en cours (dernière modification par ${state.view.draft.updated_by}).`
      : 'Pas de brouillon : votre première modification en crée un. Les habitants ne voient rien avant la publication.';
    const message = el('input', { id: 'publish-message', maxlength: 200, required: true });
    const publish = el('button', { type: 'button', text: 'Publier' });
    const discard = el('button', { type: 'button', class: 'secondary', text: 'Abandonner le brouillon' });
    const result = el('p', { role: 'alert' });
    publish.addEventListener('click', async () => {
      if (!message.value.trim()) { result.className = 'error'; result.textContent = 'Écrivez en une ligne ce qui change (obligatoire).'; return message.focus(); }
      const done = await call('POST', 'api/script/publish', { revision: state.revision, message: message.value.trim() });
      if (done.status !== 200) { result.className = 'error'; result.textContent = SCRIPT_MESSAGES[done.data.code] || ui.problem(done.status, done.data); return; }
      sessionStorage.removeItem('levier-node');
      await showScript(ui);
      say(`Version ${done.data.version} publiée : les nouvelles conversations l’utilisent dès maintenant.`);
    });
    discard.addEventListener('click', async () => {
      const done = await call('POST', 'api/script/discard', { revision: state.revision });
      if (done.status !== 200) { await refusal(done); return; }
      await showScript(ui);
      say('Brouillon abandonné.');
    });
    const changeRows = changes.map((c) => ({ ...c, beforeText: shown(c.before), afterText: shown(c.after) }));
    publishing.replaceChildren(
      el('h2', { id: 'publish-title', text: 'Publier' }),
      el('p', { id: 'draft-state', text: draftLine }),
      state.view.published ? el('p', { class: 'hint', text: `Version publiée : ${state.view.published.version}, le ${new Date(state.view.published.published_at).toLocaleString('fr-FR')} par ${state.view.published.published_by} (« ${state.view.published.message} »).` }) : null,
      changes.length ? ui.table(`Changements par rapport à la version publiée (${changes.length})`, [
        { label: 'Quoi', value: (c) => `${WHAT[c.what] || c.what} ${c.key}` },
        { label: 'Langue', value: (c) => c.lang },
        { label: 'Avant', value: (c) => c.beforeText },
        { label: 'Après', value: (c) => c.afterText }], changeRows) : el('p', { text: 'Aucun changement par rapport à la version publiée.' }),
      state.view.draft ? el('div', {}, ui.field('Ce qui change, en une ligne (obligatoire)', message), publish, ' ', discard, result) : null,
      el('h2', { text: 'Versions publiées' }),
      versions.status === 200 ? versionTable(versions.data.versions) : el('p', { class: 'error', text: 'Liste indisponible.' }));
  }

  function shown(value) {
    if (value === null || value === undefined) return '(rien)';
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
    return JSON.stringify(value);
  }

  function versionTable(versions) {
    const rows = versions.map((v) => {
      let action = el('span', { text: 'en service' });
      if (!v.current) {
        action = el('button', { type: 'button', class: 'secondary small', text: 'Revenir à cette version', 'aria-label': `Revenir à cette version (${v.version}, du ${new Date(v.published_at).toLocaleString('fr-FR')})` });
        action.addEventListener('click', () => rollbackForm(v, action));
      }
      return el('tr', {}, el('th', { scope: 'row', text: new Date(v.published_at).toLocaleString('fr-FR') }),
        el('td', { text: v.published_by }), el('td', { text: v.message }), el('td', { text: v.version }), el('td', {}, action));
    });
    return ui.scrollable('Versions publiées', el('table', {}, el('caption', { text: 'La plus récente en premier' }),
      el('thead', {}, el('tr', {}, ...['Date', 'Par', 'Message', 'Version', ''].map((h) => el('th', { scope: 'col', text: h || 'Action' })))),
      el('tbody', {}, ...rows)));
  }

  function rollbackForm(version, button) {
    const reason = el('input', { id: 'rollback-message', maxlength: 200 });
    const confirm = el('button', { type: 'button', text: 'Confirmer le retour' });
    const error = el('p', { class: 'error', role: 'alert' });
    confirm.addEventListener('click', async () => {
      if (!reason.value.trim()) { error.textContent = 'Écrivez pourquoi (obligatoire).'; return reason.focus(); }
      const done = await call('POST', 'api/script/rollback', { version: version.version, message: reason.value.trim() });
      if (done.status !== 200) { error.textContent = SCRIPT_MESSAGES[done.data.code] || ui.problem(done.status, done.data); return; }
      await showScript(ui);
      say(`Retour à la version ${version.version} : les nouvelles conversations l’utilisent dès maintenant.`);
    });
    button.replaceWith(el('div', {}, ui.field('Pourquoi revenir à cette version ? (obligatoire)', reason), confirm, error));
    reason.focus();
  }

  function renderAll() {
    renderChecks();
    renderEditor();
    renderPublishing();
  }

  page('Dialogue',
    el('p', { class: 'hint', text: 'Modifiez ce que Levier écrit aux habitants, dans chaque langue. Vos modifications vont dans un brouillon partagé : essayez-les à droite, puis publiez.' }),
    checks, el('div', { class: 'editor-layout' }, editor, preview), tests, publishing);
  renderAll();
}

// Talk to the draft as a resident would, and see each channel's rendering.
function previewPanel(ui, state) {
  const { el, call } = ui;
  const messages = [];
  const lang = el('select', { id: 'preview-lang' }, el('option', { value: '', text: 'Selon le premier message' }),
    ...state.view.languages.map((l) => el('option', { value: l.code, text: l.name })));
  const input = el('input', { id: 'preview-input', autocomplete: 'off' });
  const log = el('ol', { class: 'preview-log', 'aria-live': 'polite' });
  const form = el('form', {}, ui.field('Langue de l’essai', lang), ui.field('Message de l’habitant', input),
    el('button', { type: 'submit', text: 'Envoyer' }), ' ');
  const restart = el('button', { type: 'button', class: 'secondary', text: 'Recommencer' });
  form.append(restart);
  restart.addEventListener('click', () => { messages.length = 0; log.replaceChildren(); input.focus(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!input.value.trim()) return;
    messages.push(input.value.trim());
    input.value = '';
    const answer = await call('POST', 'api/script/preview', { lang: lang.value, messages });
    if (answer.status !== 200) {
      messages.pop();
      ui.say(answer.data.code === 'check_errors' ? 'Le brouillon ne se charge pas : corrigez d’abord les erreurs.' : ui.problem(answer.status, answer.data));
      return;
    }
    log.replaceChildren(...answer.data.turns.map((turn, i) => turnView(el, turn, i)));
    input.focus();
  });
  // Keep the trial as a conversation test: each message with what the draft answered.
  const name = el('input', { id: 'record-name', placeholder: 'ex. fr-accueil-transport', maxlength: 64 });
  const title = el('input', { id: 'record-title', maxlength: 200 });
  const record = el('button', { type: 'button', class: 'secondary', text: 'Enregistrer l’essai comme conversation de test' });
  const recorded = el('p', { role: 'alert' });
  record.addEventListener('click', async () => {
    if (messages.length === 0) { recorded.textContent = 'Envoyez d’abord au moins un message.'; return input.focus(); }
    const answer = await call('POST', 'api/script/transcripts/record', { name: name.value.trim(), title: title.value.trim(), lang: lang.value, messages });
    if (answer.status !== 201) {
      recorded.className = 'error';
      recorded.textContent = answer.data.field === 'name' ? 'Le nom : lettres minuscules, chiffres et tirets (64 au plus).'
        : answer.data.field === 'title' ? 'Donnez un titre à cette conversation de test.'
          : (SCRIPT_MESSAGES[answer.data.code] || ui.problem(answer.status, answer.data));
      return;
    }
    recorded.className = '';
    recorded.textContent = `Conversation de test « ${answer.data.name} » enregistrée (${answer.data.lines} message(s)).`;
  });
  return el('section', { class: 'preview', 'aria-labelledby': 'preview-title' },
    el('h2', { id: 'preview-title', text: 'Essayer le brouillon' }),
    el('p', { class: 'hint', text: 'Rien n’est enregistré : c’est un essai.' }), form, log,
    el('details', {}, el('summary', { text: 'Garder cet essai comme conversation de test' }),
      ui.field('Nom de la conversation de test', name, 'Lettres minuscules, chiffres et tirets.'),
      ui.field('Titre', title, 'Ce que la conversation vérifie, en quelques mots.'), record, recorded));
}

// The conversation tests: replayed against the draft before publishing.
function testsSection(ui, state) {
  const { el, call } = ui;
  const results = el('div', { 'aria-live': 'polite' });
  const run = el('button', { type: 'button', text: 'Rejouer les conversations de test sur le brouillon' });
  run.addEventListener('click', async () => {
    const answer = await call('POST', 'api/script/transcripts/run', {});
    if (answer.status !== 200) {
      results.replaceChildren(el('p', { class: 'error', text: answer.data.code === 'check_errors' ? 'Le brouillon ne se charge pas : corrigez d’abord les erreurs.' : ui.problem(answer.status, answer.data) }));
      return;
    }
    const { passed, total } = answer.data;
    const failed = answer.data.results.filter((r) => !r.ok);
    results.replaceChildren(
      el('p', { id: 'tests-summary', class: failed.length ? 'error' : '', text: `${passed} conversation(s) de test sur ${total} passent.` }),
      failed.length ? el('ul', { 'aria-label': 'Conversations de test qui ne passent plus' }, ...failed.map((r) => el('li', {},
        el('strong', { text: `${r.name}${r.title ? ` (${r.title})` : ''}` }),
        r.error ? el('p', { text: r.error }) : el('ul', {}, ...r.mismatches.map((m) => el('li', {
          text: `message ${m.line} « ${m.resident} » : ${m.field} attendu ${m.expected}, obtenu ${m.actual}` })))))) : null);
  });
  return el('section', { 'aria-labelledby': 'tests-title' },
    el('h2', { id: 'tests-title', text: 'Conversations de test' }),
    el('p', { class: 'hint', text: 'Des conversations enregistrées, avec ce que Levier doit répondre. Rejouez-les avant de publier : une conversation qui ne passe plus montre ce que votre modification change.' }),
    run, results);
}

function turnView(el, turn, index) {
  const sms = (turn.channels.sms || []).map((text) => el('pre', { class: 'sms', text }));
  const whatsapp = (turn.channels.whatsapp || []).map((body) => whatsappView(el, body));
  const web = turn.replies.map((reply) => el('div', { class: 'web' }, el('p', { text: reply.text || '' }),
    reply.choices ? el('ul', { class: 'buttons' }, ...reply.choices.map((c) => el('li', { text: c.label }))) : null));
  return el('li', {},
    el('p', { class: 'resident' }, el('strong', { text: `Habitant (${index + 1}) : ` }), turn.resident),
    el('p', { class: 'hint', text: `Étape : ${turn.node || '(fin)'} · langue : ${turn.language || '?'} · freins compris : ${turn.barriers.length ? turn.barriers.join(', ') : 'aucun'}` }),
    turn.referrals.length ? el('p', { text: `Structures proposées : ${turn.referrals.map((r) => r.name).join(', ')}` }) : null,
    el('details', { open: true }, el('summary', { text: 'SMS' }), ...sms),
    el('details', {}, el('summary', { text: 'WhatsApp' }), ...whatsapp),
    el('details', {}, el('summary', { text: 'Discussion web' }), ...web));
}

function whatsappView(el, body) {
  if (body.type === 'text') return el('pre', { class: 'sms', text: body.text.body });
  const interactive = body.interactive || {};
  const text = (interactive.body || {}).text || '';
  if (interactive.type === 'button') {
    return el('div', { class: 'web' }, el('p', { text }), el('ul', { class: 'buttons', 'aria-label': 'Boutons' },
      ...interactive.action.buttons.map((b) => el('li', { text: b.reply.title }))));
  }
  const rows = ((interactive.action || {}).sections || []).flatMap((s) => s.rows || []);
  return el('div', { class: 'web' }, el('p', { text }), el('p', { class: 'hint', text: `Liste « ${(interactive.action || {}).button || ''} » :` }),
    el('ul', {}, ...rows.map((r) => el('li', { text: r.description ? `${r.title} — ${r.description}` : r.title }))));
}
