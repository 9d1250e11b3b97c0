// The workspace's pages: one module, one view per address fragment
// (#tableau, #structures, #invitations, #annuaire, #dialogue, #comptes, #journal, #securite). Every change is a
// POST with the session's CSRF token; the browser adds the Origin header.
import { barChart } from './charts.js';

const main = document.getElementById('main');
const statusLine = document.getElementById('status');
let me = null;

const LABELS = {
  barrier: 'Frein', commune: 'Commune', neighbourhood: 'Quartier prioritaire', month: 'Mois', channel: 'Canal', language: 'Langue',
  source: 'Origine', referrals: 'Orientations', participants: 'Personnes',
};
const BREAKDOWN_TITLES = {
  barrier: 'Par frein', commune: 'Par commune',
  neighbourhood: 'Par quartier prioritaire (quand l’habitant l’a nommé)', month: 'Par mois', channel: 'Par canal',
  language: 'Par langue', source: 'Venues seules ou envoyées par un professionnel',
};
// The server's refusals (the "code" of its JSON errors) in plain French.
const MESSAGES = {
  sign_in_first: 'Connectez-vous d’abord.',
  session_ended: 'Votre session a pris fin : connectez-vous à nouveau.',
  not_from_workspace: 'Demande refusée : elle ne venait pas de cette page. Rechargez la page.',
  second_factor_first: 'Mettez d’abord en place votre second facteur (page Sécurité).',
  admin_only: 'Seul un administrateur peut faire cela.',
  unavailable: 'Le serveur est occupé : réessayez dans un instant.',
  too_many_attempts: 'Trop d’essais. Attendez une minute avant de réessayer.',
  already_set_up: 'Votre second facteur est déjà en place.',
  setup_first: 'Recommencez la mise en place du second facteur.',
  wrong_code: 'Code incorrect. Vérifiez l’heure du téléphone et tapez le code affiché.',
  email_taken: 'Un compte existe déjà avec cette adresse e-mail.',
  no_such_account: 'Aucun compte avec cette adresse e-mail.',
  own_account: 'Vous ne pouvez pas désactiver votre propre compte : demandez à un autre administrateur.',
};
const FIELDS = {
  email: 'Adresse e-mail invalide.',
  role: 'Choisissez un rôle dans la liste.',
  org: 'Indiquez la structure (100 caractères au plus).',
  password: 'Le mot de passe doit avoir au moins 12 caractères.',
};
// What went wrong, in French: the workspace's own codes, else the API's status.
function problem(status, data) {
  if (data.code === 'invalid_field') return FIELDS[data.field] || 'Une information n’est pas valide.';
  if (MESSAGES[data.code]) return MESSAGES[data.code];
  if (status === 403) return 'Votre rôle ne donne pas accès à cette page.';
  if (status === 400) return 'La demande n’est pas valide (vérifiez les dates).';
  return 'Une erreur est survenue. Réessayez.';
}

const ROLES = { admin: 'administrateur', coordinator: 'coordinateur', professional: 'professionnel' };

function el(name, attributes = {}, ...children) {
  const element = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === false || value === undefined || value === null) continue;
    if (key === 'text') element.textContent = value;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) element.append(child);
  return element;
}

function say(message) { statusLine.textContent = message; }

async function call(method, path, body) {
  const options = { method, headers: {}, credentials: 'same-origin' };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  if (method !== 'GET' && me) options.headers['X-CSRF-Token'] = me.csrf_token;
  const response = await fetch(path, options);
  const type = response.headers.get('Content-Type') || '';
  const data = type.startsWith('application/json') ? await response.json() : null;
  if (response.status === 401 && path !== 'api/login') {
    me = null;
    showLogin('Votre session a pris fin : connectez-vous à nouveau.');
    throw new Error('signed out');
  }
  return { status: response.status, data: data || {} };
}

function page(title, ...content) {
  document.title = `${title} · Levier`;
  main.replaceChildren(el('h1', { text: title }), ...content);
  main.focus();
}

function table(caption, columns, rows) {
  const head = el('tr', {}, ...columns.map((c) => el('th', { scope: 'col', class: c.num ? 'num' : null, text: c.label })));
  const body = rows.map((row) => el('tr', {}, ...columns.map((c, i) => {
    const value = c.value(row);
    return i === 0 ? el('th', { scope: 'row', text: value }) : el('td', { class: c.num ? 'num' : null, text: value ?? '' });
  })));
  return scrollable(caption, el('table', {}, el('caption', { text: caption }), el('thead', {}, head), el('tbody', {}, ...body)));
}

// A wide table scrolls sideways on a phone: the scrolling box can then be
// reached and scrolled with the keyboard.
function scrollable(name, content) {
  return el('div', { class: 'table-wrap', role: 'region', 'aria-label': name, tabindex: 0 }, content);
}

function field(label, input, hint) {
  const id = input.id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) input.setAttribute('aria-describedby', hintId);
  return el('div', {}, el('label', { for: id, text: label }), hint ? el('p', { class: 'hint', id: hintId, text: hint }) : null, input);
}

// --- Signing in ---------------------------------------------------------

function showLogin(message) {
  document.getElementById('nav').hidden = true;
  const error = el('p', { class: 'error', role: 'alert', text: message || '' });
  const email = el('input', { id: 'email', type: 'email', autocomplete: 'username', required: true });
  const password = el('input', { id: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const code = el('input', { id: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: 6 });
  const codeField = field('Code à 6 chiffres', code, "Le code affiché par l'application d'authentification de votre téléphone.");
  codeField.hidden = true;
  const form = el('form', { novalidate: true }, error,
    field('Adresse e-mail', email), field('Mot de passe', password), codeField,
    el('button', { type: 'submit', text: 'Se connecter' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const body = { email: email.value, password: password.value };
    if (!codeField.hidden) body.code = code.value.trim();
    const { status, data } = await call('POST', 'api/login', body);
    if (status === 200) {
      me = data;
      return start();
    }
    if (data.code_required) {
      codeField.hidden = false;
      error.textContent = codeField.dataset.asked ? 'Code incorrect ou déjà utilisé : tapez le code suivant.' : 'Tapez le code de votre application.';
      codeField.dataset.asked = '1';
      return code.focus();
    }
    error.textContent = status === 429
      ? 'Trop d’essais. Attendez une minute avant de réessayer.'
      : 'Adresse e-mail ou mot de passe incorrect.';
    password.focus();
  });
  page('Connexion', form, el('p', { class: 'hint', text: "Pas encore de compte ? Demandez-le à l'administrateur de Levier de votre territoire." }));
}

// --- Second factor --------------------------------------------------------

function passwordForm() {
  const current = el('input', { id: 'current-password', type: 'password', autocomplete: 'current-password' });
  const wanted = el('input', { id: 'new-password-field', type: 'password', autocomplete: 'new-password', minlength: 12 });
  const result = el('p', { role: 'alert' });
  const form = el('form', { novalidate: true }, field('Mot de passe actuel', current),
    field('Nouveau mot de passe', wanted, '12 caractères au moins. Une phrase de plusieurs mots est facile à retenir.'),
    el('button', { type: 'submit', text: 'Changer le mot de passe' }), result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = await call('POST', 'api/password', { current: current.value, new: wanted.value });
    current.value = '';
    wanted.value = '';
    result.className = answer.status === 200 ? '' : 'error';
    result.textContent = answer.status === 200
      ? 'Mot de passe changé. Vos autres sessions ouvertes sont fermées.'
      : (answer.data.field === 'current' ? 'Le mot de passe actuel n’est pas le bon.' : problem(answer.status, answer.data));
  });
  return [el('h2', { text: 'Changer de mot de passe' }), form];
}

async function showSecurity() {
  const parts = [];
  if (me.totp_enabled) {
    parts.push(el('p', { text: 'Votre second facteur est en place : à chaque connexion, Levier vous demande le code de votre application.' }));
    return page('Sécurité', ...parts, ...passwordForm());
  }
  parts.push(el('p', { text: me.must_set_up_totp
    ? 'Vous êtes administrateur : avant tout, mettez en place un second facteur. Il protège les comptes et les données des habitants si votre mot de passe est volé.'
    : 'Vous pouvez protéger votre compte par un second facteur : un code à 6 chiffres donné par une application de votre téléphone.' }));
  const start = el('button', { type: 'button', text: 'Mettre en place le second facteur' });
  const area = el('div', {});
  start.addEventListener('click', async () => {
    const { status, data } = await call('POST', 'api/totp/setup', {});
    if (status !== 200) return say(problem(status, data));
    const code = el('input', { id: 'totp-code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6 });
    const error = el('p', { class: 'error', role: 'alert' });
    const form = el('form', {}, error, field('Code à 6 chiffres', code, "Le code que l'application affiche maintenant."),
      el('button', { type: 'submit', text: 'Valider' }));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const answer = await call('POST', 'api/totp/confirm', { code: code.value.trim() });
      if (answer.status !== 200) { error.textContent = problem(answer.status, answer.data); return code.focus(); }
      me = { ...me, ...answer.data };
      say('Second facteur en place.');
      start_app();
    });
    area.replaceChildren(
      el('ol', {},
        el('li', { text: 'Installez une application d’authentification (par exemple FreeOTP, Aegis ou Google Authenticator).' }),
        el('li', { text: 'Dans l’application, ajoutez un compte « à saisir » avec cette clé :' }),
        el('li', { text: 'Tapez ci-dessous le code à 6 chiffres que l’application affiche.' })),
      el('p', { class: 'key', id: 'totp-secret', text: data.secret.replace(/(.{4})/g, '$1 ').trim() }),
      el('p', { class: 'hint', text: `Lien pour les applications qui l’acceptent : ${data.uri}` }),
      form);
    code.focus();
  });
  parts.push(start, area);
  page('Sécurité', ...parts, ...(me.must_set_up_totp ? [] : passwordForm()));
}

// --- Dashboard --------------------------------------------------------------

function figure(label, value) {
  return el('li', {}, el('strong', { text: value === null ? 'moins de 5' : String(value) }), label);
}

// The period shown: months "YYYY-MM" kept in the address (#tableau?from=...&to=...).
function periodOfAddress() {
  const query = new URLSearchParams((location.hash.split('?')[1]) || '');
  const month = (v) => (/^\d{4}-\d{2}$/.test(v || '') ? v : '');
  return { from: month(query.get('from')), to: month(query.get('to')) };
}

function periodQuery({ from, to }) {
  const query = new URLSearchParams();
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  return query.toString();
}

function periodWords({ from, to }) {
  const name = (m) => new Date(`${m}-01T12:00:00Z`).toLocaleDateString('fr-FR', { month: 'long', year: 'numeric' });
  if (from && to) return `de ${name(from)} à ${name(to)}`;
  if (from) return `depuis ${name(from)}`;
  if (to) return `jusqu'à ${name(to)}`;
  return 'depuis le début';
}

function periodForm(period) {
  const from = el('input', { id: 'period-from', type: 'month', value: period.from, placeholder: 'AAAA-MM' });
  const to = el('input', { id: 'period-to', type: 'month', value: period.to, placeholder: 'AAAA-MM' });
  const form = el('form', { class: 'filters no-print', 'aria-label': 'Période' },
    field('Du mois', from), field("Jusqu'au mois (compris)", to),
    el('button', { type: 'submit', text: 'Afficher la période' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = periodQuery({ from: from.value, to: to.value });
    location.hash = query ? `tableau?${query}` : 'tableau';
  });
  return form;
}

async function showDashboard() {
  const period = periodOfAddress();
  const query = periodQuery(period);
  const { status, data } = await call('GET', `/api/v1/indicators${query ? `?${query}` : ''}`);
  if (status !== 200) return page('Tableau de bord', periodForm(period), el('p', { class: 'error', role: 'alert', text: problem(status, data) }));
  const csv = `/api/v1/indicators?format=csv${query ? `&${query}` : ''}`;
  const parts = [
    periodForm(period),
    el('p', { id: 'period', text: `Période : ${periodWords(period)}.` }),
    el('p', { class: 'hint', text: `Calculé le ${new Date(data.generated_at).toLocaleString('fr-FR')}. Aucun chiffre ne porte sur moins de ${data.min_participants} personnes : les lignes plus petites sont cachées.` }),
    el('ul', { class: 'figures' }, figure('personnes orientées', data.participants), figure('orientations proposées', data.referrals)),
    el('p', { class: 'no-print' },
      el('a', { class: 'button secondary', href: csv, download: 'levier-indicateurs.csv', text: 'Télécharger le tableau (CSV)' }), ' ',
      el('button', { type: 'button', class: 'secondary', id: 'print', text: 'Imprimer ou enregistrer en PDF' })),
  ];
  for (const [key, rows] of Object.entries(data.breakdowns || {})) {
    const title = BREAKDOWN_TITLES[key] || key;
    parts.push(el('h2', { text: title }));
    if (rows.length === 0) { parts.push(el('p', { class: 'hint', text: 'Rien à montrer (ou moins de 5 personnes).' })); continue; }
    const word = (r) => String(r.name || r[key] || '(non précisé)');  // a neighbourhood by its name
    parts.push(barChart(rows.map((r) => ({ label: word(r), value: r.referrals })), `${title} : orientations`));
    parts.push(table(`${title} : chiffres`, [
      { label: LABELS[key] || key, value: word },
      { label: 'Orientations', num: true, value: (r) => r.referrals },
      { label: 'Personnes', num: true, value: (r) => r.participants }], rows));
  }
  parts.push(el('h2', { text: 'Suivi : ce que les habitants ont répondu' }));
  parts.push((data.followup || []).length === 0
    ? el('p', { class: 'hint', text: 'Pas encore de réponses (ou moins de 5 personnes).' })
    : table('Réponses au suivi, par frein', [
      { label: 'Frein', value: (r) => r.barrier },
      { label: 'Réponses', num: true, value: (r) => r.answers },
      { label: 'Ont pris contact', value: (r) => Object.entries(r.contacted || {}).map(([k, v]) => `${k} : ${v}`).join(', ') },
      { label: 'Frein levé', value: (r) => Object.entries(r.lifted || {}).map(([k, v]) => `${k} : ${v}`).join(', ') },
      { label: 'Note moyenne', num: true, value: (r) => (r.rating_mean == null ? '' : r.rating_mean.toFixed(1)) }], data.followup));
  parts.push(el('h2', { text: "Carte de l'offre" }));
  parts.push(el('p', { text: 'Pour chaque quartier prioritaire et chaque frein, le nombre de structures vérifiées vers lesquelles un habitant peut être orienté.' }));
  parts.push(el('img', { class: 'chart', src: '/api/v1/coverage.svg', alt: "Carte de l'offre par quartier et par frein (le détail est dans le fichier CSV ci-dessous)" }));
  parts.push(el('p', { class: 'no-print' }, el('a', { href: '/api/v1/coverage?format=csv', download: 'levier-couverture.csv', text: "Télécharger la carte de l'offre (CSV)" })));
  page('Tableau de bord', ...parts);
  document.getElementById('print').addEventListener('click', () => window.print());
}

// --- Watch -------------------------------------------------------------------

async function showWatch() {
  const { status, data } = await call('GET', '/api/v1/watch');
  if (status !== 200) return page('Structures à suivre', el('p', { class: 'error', role: 'alert', text: problem(status, data) }));
  const list = (title, rows, explain) => [el('h2', { text: `${title} (${rows.length})` }), el('p', { class: 'hint', text: explain }),
    rows.length === 0 ? el('p', { text: 'Aucune.' })
      : el('ul', {}, ...rows.map((r) => el('li', { text: r.name ? `${r.name}${r.last_verified ? ` (vérifiée le ${r.last_verified})` : ''}` : JSON.stringify(r) })))];
  page('Structures à suivre',
    ...list('Jamais confirmées', data.never_confirmed || [], 'Montrées aux habitants, mais personne n’a encore confirmé leurs coordonnées.'),
    ...list('À reconfirmer', data.stale || [], 'Confirmées il y a plus de 12 mois.'),
    ...list('Non vérifiées', data.unverified || [], 'Gardées dans l’annuaire mais pas proposées aux habitants tant que personne ne les a vérifiées.'),
    ...list('Injoignables selon les habitants', data.could_not_reach || [], 'Des habitants ont dit au suivi ne pas avoir réussi à les joindre.'),
    ...list('Mal notées par les habitants', data.rated_badly || [], 'Au suivi, au moins la moitié des habitants leur ont donné 1 ou 2 sur 5 (au moins 5 personnes).'),
    el('h2', { text: `Quartiers où un frein a moins de 2 structures vérifiées (${(data.gaps || []).length})` }),
    el('p', { class: 'hint', text: 'Pour ce frein, un habitant du quartier ne peut être orienté que vers une structure, ou vers aucune.' }),
    (data.gaps || []).length === 0 ? el('p', { text: 'Aucun.' })
      : el('ul', {}, ...data.gaps.map((g) => el('li', { text: `${g.neighbourhood_name} : ${g.barrier} (${g.verified === 0 ? 'aucune structure' : '1 structure'})` }))));
}

// --- Accounts (admins) ---------------------------------------------------------

async function showAccounts() {
  const { status, data } = await call('GET', 'api/accounts');
  if (status !== 200) return page('Comptes', el('p', { class: 'error', role: 'alert', text: problem(status, data) }));
  const rows = data.accounts.map((a) => {
    const action = a.disabled || a.email === me.email ? el('span', { text: a.disabled ? 'désactivé' : 'vous' })
      : el('button', { type: 'button', class: 'secondary', 'data-email': a.email, text: `Désactiver ${a.email}` });
    return el('tr', {}, el('th', { scope: 'row', text: a.email }), el('td', { text: ROLES[a.role] || a.role }), el('td', { text: a.org }),
      el('td', { text: a.totp_enabled ? 'oui' : 'non' }), el('td', { text: a.last_login_at ? a.last_login_at.slice(0, 10) : 'jamais' }), el('td', {}, action));
  });
  const accounts = scrollable('Comptes', el('table', {}, el('caption', { text: 'Comptes' }),
    el('thead', {}, el('tr', {}, ...['E-mail', 'Rôle', 'Structure', 'Second facteur', 'Dernière connexion', 'Action'].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, ...rows)));
  accounts.addEventListener('click', async (event) => {
    const email = event.target.dataset && event.target.dataset.email;
    if (!email || !window.confirm(`Désactiver le compte ${email} ? La personne ne pourra plus se connecter.`)) return;
    const answer = await call('POST', 'api/accounts/disable', { email });
    say(answer.status === 200 ? `Compte ${email} désactivé.` : problem(answer.status, answer.data));
    showAccounts();
  });
  const email = el('input', { id: 'new-email', type: 'email', required: true });
  const role = el('select', { id: 'new-role' }, el('option', { value: 'coordinator', text: 'coordinateur' }),
    el('option', { value: 'professional', text: 'professionnel' }), el('option', { value: 'admin', text: 'administrateur' }));
  const org = el('input', { id: 'new-org', required: true, maxlength: 100 });
  const result = el('div', { role: 'alert' });
  const form = el('form', { novalidate: true }, field('E-mail', email), field('Rôle', role), field('Structure', org, 'Par exemple : Mission Locale de Touraine.'),
    el('button', { type: 'submit', text: 'Créer le compte' }), result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = await call('POST', 'api/accounts', { email: email.value, role: role.value, org: org.value });
    if (answer.status !== 201) { result.replaceChildren(el('p', { class: 'error', text: problem(answer.status, answer.data) })); return; }
    await showAccounts();
    say(`Compte ${answer.data.account.email} créé.`);
    main.append(el('div', { role: 'alert' }, el('p', { text: 'Mot de passe à transmettre à la personne (il ne sera plus affiché) :' }),
      el('p', { class: 'key', id: 'new-password', text: answer.data.password })));
  });
  page('Comptes', accounts, el('h2', { text: 'Créer un compte' }), form);
}

// --- Audit (admins) ------------------------------------------------------------

async function showAudit(before = 0) {
  const { status, data } = await call('GET', `api/audit${before ? `?before=${before}` : ''}`);
  if (status !== 200) return page('Journal', el('p', { class: 'error', role: 'alert', text: problem(status, data) }));
  const parts = [el('p', { class: 'hint', text: 'Qui a fait quoi, et quand : chaque modification et chaque lecture des indicateurs. Jamais le contenu d’un message.' }),
    table('Journal, le plus récent en premier', [
      { label: 'Quand', value: (r) => new Date(r.at).toLocaleString('fr-FR') },
      { label: 'Qui', value: (r) => r.who || '(non connecté)' },
      { label: 'Structure', value: (r) => r.org },
      { label: 'Quoi', value: (r) => r.what },
      { label: 'Résultat', num: true, value: (r) => r.status }], data.entries)];
  if (data.next_before) {
    const older = el('button', { type: 'button', class: 'secondary', text: 'Plus ancien' });
    older.addEventListener('click', () => showAudit(data.next_before));
    parts.push(older);
  }
  page('Journal', ...parts);
}

// --- Navigation --------------------------------------------------------------------

// The dialog editor, the directory and the invitations live in their own modules, loaded
// when first opened (the sign-in page stays light); they get the page's helpers.
const showDialogue = async () => (await import('./script.js')).showScript({ el, call, page, say, table, field, scrollable, problem });
const showDirectory = async () => (await import('./providers.js')).showProviders({ el, call, page, say, field, scrollable, problem });
const showInvitationsView = async () => (await import('./invitations.js')).showInvitations({ el, call, page, say, table, field, scrollable, problem, role: me.role });
const VIEWS = { tableau: showDashboard, structures: showWatch, invitations: showInvitationsView, annuaire: showDirectory, dialogue: showDialogue, comptes: showAccounts, journal: showAudit, securite: showSecurity };

function route() {
  if (!me) return showLogin();
  let view = (location.hash || '#tableau').slice(1).split('?')[0];
  if (me.must_set_up_totp) view = 'securite';
  if (!VIEWS[view]) view = 'tableau';
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.getAttribute('href') === `#${view}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  say('');
  VIEWS[view]().catch((error) => { if (error.message !== 'signed out') say('Une erreur est survenue. Réessayez.'); });
}

function start_app() {
  const nav = document.getElementById('nav');
  nav.hidden = false;
  for (const item of nav.querySelectorAll('[data-role="admin"]')) item.hidden = me.role !== 'admin';
  for (const item of nav.querySelectorAll('[data-role="editor"]')) item.hidden = me.role === 'professional';
  document.getElementById('who').textContent = `${me.email} (${ROLES[me.role] || me.role}, ${me.org})`;
  route();
}
const start = start_app;

window.addEventListener('hashchange', route);
document.getElementById('logout').addEventListener('click', async () => {
  await call('POST', 'api/logout', {});
  me = null;
  location.hash = '';
  showLogin('Vous êtes déconnecté.');
});

(async () => {
  const response = await fetch('api/me', { credentials: 'same-origin' });
  if (response.status === 200) { me = await response.json(); start(); } else showLogin();
})();
