// Invitations (#invitations), for every role but made for professionals
// (advisers at France Travail, a Mission Locale, a social centre): a code to
// give a person, with its links, a message ready to paste in the person's
// language, a printable card or poster with a QR code, or an SMS sent at
// once (the number is not kept). Then what the people who used one of the
// professional's codes agreed to share: their barriers and the providers
// proposed, never their messages. Coordinators and admins also see the
// figures per organisation, small numbers hidden. Loaded when first opened.

// The script's languages come from the server (GET api/invitations), each by
// its own name; the French word for the adviser is added where known. ""
// lets the person choose in the conversation.
const FRENCH_WORDS = {
  fr: 'français', en: 'anglais', ar: 'arabe', tr: 'turc', pt: 'portugais', es: 'espagnol',
  uk: 'ukrainien', ru: 'russe', ro: 'roumain', fa: 'persan', ps: 'pachto', so: 'somali',
  ti: 'tigrigna', sq: 'albanais', ka: 'géorgien', hy: 'arménien', bn: 'bengali', ta: 'tamoul',
};
let LANGUAGES = [['', 'Laisser la personne choisir', '']];
let LANGUAGE_WORDS = { '': 'au choix de la personne' };
let RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps']);
function setLanguages(languages) {
  LANGUAGES = [['', 'Laisser la personne choisir', '']];
  for (const l of languages || []) {
    const words = FRENCH_WORDS[l.code];
    const own = l.name || l.code;
    LANGUAGES.push([l.code, words && l.code !== 'fr' ? `${own} (${words})` : own, words || own]);
  }
  LANGUAGE_WORDS = Object.fromEntries(LANGUAGES.map(([code, , words]) => [code, words || 'au choix de la personne']));
  RTL = new Set((languages || []).filter((l) => l.direction === 'rtl').map((l) => l.code));
}

// The barriers' codes in plain French (as knowledge-base/data/coverage-labels.fr.json).
const BARRIERS = {
  logement: 'Logement', langue: 'Langue française', handicap: 'Handicap', mobilite: 'Transport',
  numerique: 'Numérique', sante: 'Santé', 'garde-enfants': 'Garde d’enfants', 'estime-de-soi': 'Confiance en soi',
  'rapport-emploi': 'Rapport au travail', 'acces-droits': 'Accès aux droits', budget: 'Budget',
};
const barrierWord = (code) => BARRIERS[code] || code;

const STATES = { open: 'ouverte', used: 'utilisée', expired: 'expirée' };
const CONTACTED = { yes: 'a pris contact', no: 'n’a pas pris contact', could_not_reach: 'n’a pas réussi à joindre la structure' };
const LIFTED = { yes: 'frein levé', partly: 'frein en partie levé', no: 'frein pas levé' };

// The server's refusals (its `detail` is English), in French, by field.
const FIELD_RULES = {
  language: 'Choisissez une langue dans la liste.',
  note: 'La note est trop longue : 200 caractères au plus.',
  uses: 'Choisissez « une fois » ou « par plusieurs personnes ».',
  expires_days: 'La durée de validité est un nombre de jours, de 1 à 365.',
  number: 'Ce numéro n’est pas valide. Tapez par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.',
};
const INVITATION_MESSAGES = {
  sms_off: 'Ce serveur ne peut pas envoyer de SMS.',
  no_such_invitation: 'Cette invitation n’existe pas, ou elle n’est pas à vous.',
};

const day = (iso) => (iso ? new Date(iso).toLocaleDateString('fr-FR') : '');
const usesWords = (v) => (v.max_uses === 0 ? `${v.uses} (sans limite)` : `${v.uses} / ${v.max_uses}`);
const codeQuery = (code) => `code=${encodeURIComponent(code)}`;

// The field's error beside it: aria-invalid, named by aria-describedby.
function showFieldProblem(input, box, words) {
  box.textContent = words;
  box.hidden = false;
  if (input.tagName !== 'FIELDSET') input.setAttribute('aria-invalid', 'true');
  const described = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  if (!described.includes(box.id)) input.setAttribute('aria-describedby', [...described, box.id].join(' '));
}

function clearFieldProblem(input, box) {
  box.hidden = true;
  box.textContent = '';
  input.removeAttribute('aria-invalid');
}

async function copyText(area) {
  try {
    await navigator.clipboard.writeText(area.value);
    return true;
  } catch {
    area.focus();
    area.select();
    try { return document.execCommand('copy'); } catch { return false; }
  }
}

// Everything to give one invitation to a person. `prefix` keeps the ids
// apart when the same invitation is shown twice (just made, and from the list).
function invitationBlock(ui, v, prefix, level) {
  const { el, call } = ui;
  const id = `${prefix}-${v.code}`;
  const heading = el(`h${level}`, { id: `${id}-title`, tabindex: -1, text: `Invitation ${v.code}` });
  const sub = `h${level + 1}`;
  const block = el('section', { class: 'invitation', 'aria-labelledby': heading.id }, heading,
    el('p', { class: 'invitation-code', id: `${id}-code`, text: v.code }),
    el('p', { text: `Langue : ${LANGUAGE_WORDS[v.language] || v.language}. ${v.max_uses === 1 ? 'Utilisable une fois' : v.max_uses === 0 ? 'Utilisable par plusieurs personnes' : `Utilisable ${v.max_uses} fois`}, jusqu’au ${day(v.expires_at)}. État : ${STATES[v.state] || v.state}.` }),
    v.note ? el('p', { class: 'hint', text: `Votre note : ${v.note}` }) : null);

  // The links, one per channel that is on.
  const LINKS = [['webchat', 'Lien du chat sur le web'], ['sms', 'Lien SMS (ouvre l’application SMS du téléphone)'],
    ['whatsapp', 'Lien WhatsApp'], ['telegram', 'Lien Telegram']];
  const links = LINKS.filter(([key]) => v.links && v.links[key]).map(([key, label]) => {
    const input = el('input', { id: `${id}-link-${key}`, type: 'text', readonly: true, value: v.links[key], dir: 'ltr', spellcheck: 'false' });
    input.addEventListener('focus', () => input.select());
    return ui.field(label, input);
  });
  if (links.length) block.append(el(sub, { text: 'Liens' }), ...links);

  // The message to paste, in the person's language.
  const language = v.language || 'fr';
  const area = el('textarea', { id: `${id}-message`, rows: 5, readonly: true, lang: language, dir: RTL.has(language) ? 'rtl' : 'ltr' });
  area.value = v.message || '';
  const copy = el('button', { type: 'button', class: 'secondary', text: 'Copier le message' });
  const copied = el('span', { role: 'status', class: 'copied' });
  copy.addEventListener('click', async () => {
    copied.textContent = await copyText(area) ? 'Message copié : collez-le dans votre e-mail ou votre messagerie.'
      : 'Le message est sélectionné : copiez-le avec Ctrl+C (ou Cmd+C).';
  });
  block.append(el(sub, { text: 'Message à envoyer' }),
    ui.field(`Message prêt à coller (en ${LANGUAGE_WORDS[v.language] || 'français'})`, area,
      'À coller dans un e-mail, un SMS ou une messagerie. Il contient le lien et le code.'),
    el('p', { class: 'actions' }, copy, ' ', copied));

  // To print, and the QR code.
  const card = `api/invitations/card?size=a6&${codeQuery(v.code)}`;
  const poster = `api/invitations/card?size=a4&${codeQuery(v.code)}`;
  block.append(el(sub, { text: 'À imprimer' }),
    el('p', { class: 'hint', text: 'La carte et l’affiche s’ouvrent dans un nouvel onglet : imprimez-les depuis le navigateur.' }),
    el('p', { class: 'actions' },
      el('a', { class: 'button secondary', href: card, target: '_blank', rel: 'noopener', text: 'Carte à imprimer (A6)' }), ' ',
      el('a', { class: 'button secondary', href: poster, target: '_blank', rel: 'noopener', text: 'Affiche (A4)' })),
    el('img', { class: 'qr-image', src: `api/invitations/qr?format=svg&${codeQuery(v.code)}`, width: 192, height: 192,
      alt: `QR code de l’invitation ${v.code}` }),
    el('p', {}, el('a', { href: `api/invitations/qr?format=png&${codeQuery(v.code)}`, download: `levier-${v.code}.png`,
      text: 'Télécharger le QR code (PNG)' })));

  // Sent by SMS now: the number goes to the server once and is not kept.
  const number = el('input', { id: `${id}-number`, type: 'tel', autocomplete: 'off', inputmode: 'tel' });
  const numberProblem = el('p', { class: 'error', id: `${id}-number-problem`, hidden: true });
  const result = el('p', { role: 'status' });
  const numberField = ui.field('Numéro de téléphone de la personne', number, 'Par exemple 06 12 34 56 78. Le numéro n’est pas conservé.');
  numberField.append(numberProblem);
  const send = el('form', { novalidate: true, class: 'send-sms' }, numberField,
    el('button', { type: 'submit', text: 'Envoyer par SMS' }), result);
  send.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldProblem(number, numberProblem);
    result.className = '';
    result.textContent = '';
    const answer = await call('POST', 'api/invitations/send', { code: v.code, number: number.value });
    if (answer.status === 200) {
      number.value = '';
      result.textContent = 'Message envoyé. Le numéro n’est pas conservé.';
      return;
    }
    if (answer.data.code === 'invalid_field' && answer.data.field === 'number') {
      showFieldProblem(number, numberProblem, FIELD_RULES.number);
      return number.focus();
    }
    result.className = 'error';
    result.textContent = INVITATION_MESSAGES[answer.data.code] || ui.problem(answer.status, answer.data);
  });
  block.append(el(sub, { text: 'Envoyer par SMS' }), send);
  return block;
}

function languageSelect(el) {
  const select = el('select', { id: 'inv-language' });
  for (const [code, words] of LANGUAGES) select.append(el('option', { value: code, text: words }));
  return select;
}

// The form « Nouvelle invitation »; created(invitation) once the server made it.
function creationForm(ui, created) {
  const { el, call } = ui;
  const inputs = {};
  const problems = {};
  const wrap = (name, box, input) => {
    inputs[name] = input;
    problems[name] = el('p', { class: 'error', id: `inv-${name}-problem`, hidden: true });
    box.append(problems[name]);
    return box;
  };
  const language = languageSelect(el);
  const note = el('input', { id: 'inv-note', maxlength: 200, autocomplete: 'off' });
  const once = el('input', { type: 'radio', name: 'inv-uses', id: 'inv-uses-once', value: '1', checked: true });
  const many = el('input', { type: 'radio', name: 'inv-uses', id: 'inv-uses-many', value: '0' });
  const uses = el('fieldset', { id: 'inv-uses', class: 'choices' }, el('legend', { text: 'Utilisable' }),
    el('div', { class: 'check' }, once, el('label', { for: once.id, text: 'une fois' })),
    el('div', { class: 'check' }, many, el('label', { for: many.id, text: 'par plusieurs personnes (affiche)' })));
  const days = el('input', { id: 'inv-days', type: 'number', min: 1, max: 365, value: 30, inputmode: 'numeric' });
  const alert = el('div', { role: 'alert' });
  const form = el('form', { novalidate: true, 'aria-labelledby': 'inv-new-title' }, alert,
    wrap('language', ui.field('Langue de la personne', language, 'Les messages, la carte et la conversation seront dans cette langue.'), language),
    wrap('note', ui.field('Note pour vous (la personne ne la voit pas)', note, 'Facultatif, court. Par exemple : rendez-vous du mardi. Pas de nom ni de numéro.'), note),
    wrap('uses', uses, uses),
    wrap('expires_days', ui.field('Valable (jours)', days, 'De 1 à 365 jours.'), days),
    el('button', { type: 'submit', text: 'Créer l’invitation' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const name of Object.keys(problems)) clearFieldProblem(inputs[name], problems[name]);
    alert.replaceChildren();
    const count = Number(days.value);
    const answer = await call('POST', 'api/invitations', {
      language: language.value, note: note.value.trim(), uses: many.checked ? 0 : 1,
      expires_days: days.value.trim() !== '' && Number.isInteger(count) ? count : days.value,
    });
    if (answer.status === 200) {
      note.value = '';
      return created(answer.data.invitation);
    }
    const name = answer.data.code === 'invalid_field' && problems[answer.data.field] ? answer.data.field : '';
    if (!name) {
      alert.append(el('p', { class: 'error', text: `L’invitation n’a pas été créée. ${ui.problem(answer.status, answer.data)}` }));
      return;
    }
    showFieldProblem(inputs[name], problems[name], FIELD_RULES[name]);
    (name === 'uses' ? once : inputs[name]).focus();
  });
  return form;
}

function invitationsTable(ui, invitations, show) {
  const { el } = ui;
  const caption = `Mes invitations (${invitations.length})`;
  const head = el('tr', {}, ...['Code', 'Langue', 'Créée le', 'Utilisations', 'État', 'Note', 'Partager']
    .map((t) => el('th', { scope: 'col', text: t })));
  const rows = invitations.map((v) => {
    const open = el('button', { type: 'button', class: 'small secondary', text: 'Afficher', 'aria-label': `Afficher : ${v.code}` });
    open.addEventListener('click', () => show(v));
    return el('tr', {}, el('th', { scope: 'row', class: 'mono', text: v.code }),
      el('td', { text: LANGUAGE_WORDS[v.language] || v.language }), el('td', { text: day(v.created_at) }),
      el('td', { text: usesWords(v) }), el('td', { text: STATES[v.state] || v.state }),
      el('td', { text: v.note || '' }), el('td', {}, open));
  });
  return ui.scrollable(caption, el('table', {}, el('caption', { text: caption }), el('thead', {}, head), el('tbody', {}, ...rows)));
}

function summaryBlock(ui, s) {
  const { el } = ui;
  const id = `summary-${s.id}`;
  const block = el('section', { class: 'summary', 'aria-labelledby': `${id}-title` },
    el('h3', { id: `${id}-title`, text: `Partagé le ${day(s.shared_at)} (invitation ${s.code})` }),
    el('p', { text: `Conversation commencée le ${day(s.started_at)}${s.language ? `, en ${LANGUAGE_WORDS[s.language] || s.language}` : ''}.` }),
    el('p', {}, el('strong', { text: 'Freins : ' }), (s.barriers || []).length ? s.barriers.map(barrierWord).join(', ') : 'aucune nommée'));
  const referrals = s.referrals || [];
  block.append(el('p', {}, el('strong', { text: referrals.length ? 'Structures proposées :' : 'Structures proposées : aucune' })));
  if (referrals.length) {
    block.append(el('ul', {}, ...referrals.map((r) => el('li', { text: `${r.provider} (${barrierWord(r.barrier)})` }))));
  }
  const followups = s.followups || [];
  if (followups.length) {
    block.append(el('p', {}, el('strong', { text: 'Réponses au suivi :' })),
      el('ul', {}, ...followups.map((f) => el('li', { text: [`${barrierWord(f.barrier)}, le ${day(f.at)}`,
        CONTACTED[f.contacted], LIFTED[f.lifted], f.rating ? `note ${f.rating} sur 5` : null].filter(Boolean).join(' ; ') }))));
  }
  return block;
}

function statsSection(ui, status, data) {
  const { el } = ui;
  const parts = [el('h2', { text: 'Par structure' })];
  if (status !== 200) return [...parts, el('p', { class: 'error', text: ui.problem(status, data) })];
  const min = data.min_participants || 5;
  const hidden = `moins de ${min}`;
  parts.push(el('p', { class: 'hint', text: `Les invitations créées par les professionnels de chaque structure, et ce qu’elles ont donné. Quand moins de ${min} personnes sont concernées, le chiffre est caché (« ${hidden} ») pour qu’on ne puisse reconnaître personne.` }));
  if ((data.orgs || []).length === 0) return [...parts, el('p', { text: 'Aucune invitation pour l’instant.' })];
  parts.push(ui.table('Invitations par structure', [
    { label: 'Structure', value: (r) => r.org },
    { label: 'Invitations créées', num: true, value: (r) => r.created },
    { label: 'Utilisées', num: true, value: (r) => r.used },
    { label: 'Personnes', num: true, value: (r) => (r.participants === null ? hidden : r.participants) },
    { label: 'Orientations', num: true, value: (r) => (r.referrals === null ? hidden : r.referrals) }], data.orgs));
  return parts;
}

// ui: { el, call, page, say, table, field, scrollable, problem, role }
export async function showInvitations(ui) {
  const { el, call, page, say } = ui;
  const editor = ui.role === 'admin' || ui.role === 'coordinator';
  const [listed, shared, stats] = await Promise.all([call('GET', 'api/invitations'), call('GET', 'api/summaries'),
    editor ? call('GET', 'api/invitations/stats') : null]);
  if (listed.status !== 200) {
    return page('Invitations', el('p', { class: 'error', role: 'alert', text: ui.problem(listed.status, listed.data) }));
  }
  setLanguages(listed.data.languages);
  let invitations = listed.data.invitations || [];

  const createdArea = el('div', {});
  const listArea = el('div', {});
  const shownArea = el('div', {});
  const show = (v) => {
    const block = invitationBlock(ui, v, 'shown', 3);
    shownArea.replaceChildren(block);
    block.querySelector('h3').focus();
  };
  const renderList = () => listArea.replaceChildren(invitations.length === 0
    ? el('p', { text: 'Aucune invitation pour l’instant.' }) : invitationsTable(ui, invitations, show));
  renderList();
  const form = creationForm(ui, async (v) => {
    const block = invitationBlock(ui, v, 'new', 3);
    createdArea.replaceChildren(block);
    shownArea.replaceChildren();
    say(`Invitation ${v.code} créée.`);
    block.querySelector('h3').focus();
    const again = await call('GET', 'api/invitations');
    invitations = again.status === 200 ? again.data.invitations || [] : [v, ...invitations];
    renderList();
  });

  const summaries = shared.status === 200 ? shared.data.summaries || [] : null;
  const sharedParts = [el('h2', { text: 'Ce que les personnes ont accepté de partager' }),
    el('p', { class: 'hint', text: 'Vous ne voyez que ce que la personne a accepté de partager. Elle peut retirer son accord à tout moment : la fiche disparaît alors.' })];
  if (summaries === null) sharedParts.push(el('p', { class: 'error', text: ui.problem(shared.status, shared.data) }));
  else if (summaries.length === 0) sharedParts.push(el('p', { text: 'Aucun partage pour l’instant.' }));
  else sharedParts.push(...summaries.map((s) => summaryBlock(ui, s)));

  page('Invitations',
    el('p', { class: 'hint', text: 'Donnez un code à une personne que vous accompagnez : avec lui, Levier l’aide à trouver, dans sa langue, des structures près de chez elle. Si elle l’accepte, vous verrez ensuite ses freins et les structures proposées, jamais ses messages.' }),
    el('h2', { id: 'inv-new-title', text: 'Nouvelle invitation' }), form, createdArea,
    el('h2', { text: 'Mes invitations' }), listArea, shownArea,
    ...sharedParts,
    ...(editor ? statsSection(ui, stats.status, stats.data) : []));
}
