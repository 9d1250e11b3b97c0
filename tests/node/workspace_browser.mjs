// The coordinators' workspace in a real browser: Debian's Chromium driven by
// playwright-core against the real `levier serve`, elements found by their
// accessible names, axe-core (WCAG 2.1 A and AA) on every page, no request
// leaving 127.0.0.1, no Content-Security-Policy violation, nothing scrolling
// sideways at 360 px. Scenarios: a failed then a good sign-in; an admin's
// first sign-in sets up the second factor (codes computed here, by an
// implementation of RFC 6238 independent of the server's); the dashboard's
// figures equal `levier report --suppress` on the same database, with
// residents' conversations made through the web chat first; the print
// stylesheet; a coordinator edits the greeting in French and Arabic, fixes
// a broken link, previews, records the trial as a conversation test, replays
// the tests on the draft, publishes (the next new SMS conversation gets the
// new greeting) and rolls back; a coordinator marks a provider verified in
// the directory (stamped with the day and the account, it leaves the watch)
// and is told in French why another cannot be; a coordinator adds a
// provider (a refused field named beside it), edits it, imports a CSV with a
// malformed row (nothing applied, the line named), then the good file after
// its preview; accounts made and listed; the audit; a
// professional cannot reach the admin pages nor the dialog editor; a change
// without the CSRF token is refused; a professional makes an invitation in
// Arabic (a refused field named beside it), copies its message, opens its
// printable card (Arabic, right to left, the QR code; screenshot to
// docs/images/invitation-card.png with LEVIER_SCREENSHOTS=1), a participant
// uses the code by SMS and agrees to share, and the summary appears (the
// barrier in French, the providers); sending by SMS names a bad number and
// says when the server cannot send; a coordinator sees the figures per
// organisation, small numbers hidden.
// Usage: node workspace_browser.mjs LEVIER_BINARY SOURCE_DIR
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { axeViolations, checker, freePort, launchChromium, startLevierAt } from './browser_harness.mjs';

const [levier, sourceDir] = process.argv.slice(2);
if (!levier || !sourceDir) {
  console.error('usage: node workspace_browser.mjs LEVIER_BINARY SOURCE_DIR');
  process.exit(2);
}
const kMaxPageBytes = 60 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'levier-workspace-'));
const db = join(dir, 'levier.db');
const kb = join(sourceDir, 'knowledge-base/data');
function createUser(email, role, org, password) {
  execFileSync(levier, ['user', 'create', '--email', email, '--role', role, '--org', org,
    '--password-stdin', '--db', db], { input: `${password}\n` });
}
const ADMIN = ['admin@example.org', 'une phrase de passe assez longue'];
const COORD = ['coord@example.org', 'coordination de la métropole'];
createUser(ADMIN[0], 'admin', 'Tours Métropole', ADMIN[1]);
createUser(COORD[0], 'coordinator', 'Ville de Tours', COORD[1]);
const ADVISER = ['conseillere@ml.example.org', 'accueil de la mission locale'];
createUser(ADVISER[0], 'professional', 'Mission Locale Tours', ADVISER[1]);
const SMS_NUMBER = '+33700000001';

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = await startLevierAt(levier, sourceDir, port, db,
  { LEVIER_WEBCHAT_MESSAGES_PER_MINUTE: '1000', LEVIER_SMS_NUMBER: SMS_NUMBER });

// RFC 6238 (HMAC-SHA1, 30 s, 6 digits) and RFC 4648 base32, written here
// from the RFCs rather than taken from the server.
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0; let value = 0; const out = [];
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; }
  }
  return Buffer.from(out);
}
let lastStep = 0;
function totp(secret) {
  let step = Math.floor(Date.now() / 1000 / 30);
  if (step <= lastStep) step = lastStep + 1;  // each code is accepted once
  lastStep = step;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[19] & 15;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(code).padStart(6, '0');
}

const browser = await launchChromium();
const { check, failures } = checker();

async function open({ width = 360 } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 720 }, locale: 'fr-FR' });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  context.on('request', (r) => requests.push(r.url()));
  watchConsole(page, problems);
  page.on('dialog', (d) => d.accept());
  return { context, page, requests, problems };
}

// Refusals the scenarios provoke on purpose (400, 401, 403, 422, and 503 from
// sending an invitation by SMS on this server, which cannot send) are logged
// by Chromium as errors; anything else (a 404, a CSP violation) is a problem.
function watchConsole(page, problems) {
  page.on('console', (m) => {
    if (m.type() !== 'error' || /status of (40[013]|422) /.test(m.text())) return;
    if (/status of 503 /.test(m.text()) && /\/api\/invitations\/send$/.test(m.location().url)) return;
    problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
}

const axeResults = {};
async function audit(page, name) {
  const violations = await axeViolations(page);
  axeResults[name] = violations.length;
  assert.deepEqual(violations, [], `axe on ${name}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wide <= 0, `${name} scrolls sideways by ${wide} px`);
}

function finish({ requests, problems }) {
  assert.deepEqual(requests.filter((u) => !u.startsWith(`${base}/`)), [], 'requests that leave 127.0.0.1');
  assert.deepEqual(problems, [], 'console errors (a CSP violation is one)');
}

async function signIn(page, [email, password], code) {
  await page.goto(`${base}/workspace/`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  if (code) {
    await page.getByLabel('Code à 6 chiffres').fill(code());
    await page.getByRole('button', { name: 'Se connecter' }).click();
  }
}

// Residents' conversations through the web chat's API, each with its own
// cookie (a participant): the barrier at `choice`, then the first commune.
async function residentConversation(choice) {
  let cookie = '';
  const post = async (message) => {
    const response = await fetch(`${base}/chat/api/messages`, { method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: base, Cookie: cookie },
      body: JSON.stringify({ id: randomBytes(12).toString('hex'), ...message }) });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    assert.equal(response.status, 200);
    return (await response.json()).replies;
  };
  const greeting = await post({ text: 'bonjour' });
  const barrier = greeting.flatMap((r) => r.choices)[choice];
  const communes = await post({ choice: barrier.id });
  await post({ choice: communes.flatMap((r) => r.choices)[0].id });
}
for (let i = 0; i < 6; ++i) await residentConversation(3);
for (let i = 0; i < 2; ++i) await residentConversation(1);

let adminSecret = null;
let adminProfile = null;
const pageWeights = {};

await check('a wrong password gets one plain message, the right one opens the dashboard', async () => {
  const profile = await open();
  const { page } = profile;
  await page.goto(`${base}/workspace/`);
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  // Bytes transferred (compressed, with headers) for the page and its files.
  pageWeights.connexion = await page.evaluate(() => [...performance.getEntriesByType('navigation'),
    ...performance.getEntriesByType('resource')].reduce((sum, e) => sum + e.transferSize, 0));
  assert.ok(pageWeights.connexion <= kMaxPageBytes, `page weight ${pageWeights.connexion}`);
  await audit(page, 'connexion');
  await signIn(page, [COORD[0], 'pas le bon mot de passe']);
  await page.getByText('Adresse e-mail ou mot de passe incorrect.').waitFor();
  await page.getByLabel('Mot de passe').fill(COORD[1]);
  // The keyboard alone signs in.
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Tableau de bord' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Comptes' }).isVisible(), false);
  finish(profile);
  await profile.context.close();
});

await check("an admin's first sign-in sets up the second factor before anything else", async () => {
  const profile = await open();
  const { page } = profile;
  await signIn(page, ADMIN);
  await page.getByRole('heading', { name: 'Sécurité' }).waitFor();
  await audit(page, 'securite');
  await page.getByRole('button', { name: 'Mettre en place le second facteur' }).click();
  const key = await page.locator('#totp-secret').textContent();
  adminSecret = base32Decode(key);
  assert.equal(adminSecret.length, 20);
  await page.getByLabel('Code à 6 chiffres').fill(totp(adminSecret));
  await page.getByRole('button', { name: 'Valider' }).click();
  await page.getByRole('heading', { name: 'Tableau de bord' }).waitFor();
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  // From now on the code is asked.
  await signIn(page, ADMIN, () => totp(adminSecret));
  await page.getByRole('heading', { name: 'Tableau de bord' }).waitFor();
  finish(profile);
  // Kept open for the admin pages below: each code is accepted once, and
  // only near the current 30-second step, so signing in again would wait.
  adminProfile = profile;
});

await check('the dashboard shows the figures of `levier report --suppress`, as charts and tables, and prints', async () => {
  const profile = await open({ width: 1024 });
  const { page } = profile;
  await signIn(page, COORD);
  await page.getByRole('heading', { name: 'Tableau de bord' }).waitFor();
  const report = JSON.parse(execFileSync(levier, ['report', '--db', db, '--kb', kb, '--json', '--suppress']));
  assert.equal(report.participants, 8);
  assert.equal(report.hidden.barrier, 1, 'the barrier two residents chose is under the small-cell threshold');
  const figures = await page.locator('.figures li strong').allTextContents();
  assert.deepEqual(figures, [String(report.participants), String(report.referrals)]);
  const table = page.getByRole('table', { name: 'Par frein : chiffres' });
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(rows, report.breakdowns.barrier.map((r) => [r.barrier, String(r.referrals), String(r.participants)]));
  assert.equal(await page.getByRole('img', { name: 'Par frein : orientations' }).count(), 1);
  await audit(page, 'tableau');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('nav').isVisible(), false, 'the menu is not printed');
  assert.equal(await page.getByRole('button', { name: 'Imprimer ou enregistrer en PDF' }).isVisible(), false);
  await page.emulateMedia({ media: 'screen' });
  const csv = await page.evaluate(async () => (await fetch('/api/v1/indicators?format=csv')).text());
  assert.ok(csv.startsWith('barrier,commune,month,channel,language,referrals,participants'), csv.slice(0, 80));
  // A period before any conversation: nothing, as `levier report --to` says.
  await page.getByLabel("Jusqu'au mois (compris)").fill('2025-01');
  await page.getByRole('button', { name: 'Afficher la période' }).click();
  await page.getByText('Période : jusqu’à janvier 2025.'.replace('’', "'")).waitFor();
  const before = JSON.parse(execFileSync(levier, ['report', '--db', db, '--kb', kb, '--json', '--suppress', '--to', '2025-01']));
  assert.equal(before.referrals, null, 'no referral before 2025-02: a total under 5 participants');
  assert.deepEqual(await page.locator('.figures li strong').allTextContents(), ['moins de 5', 'moins de 5']);
  await audit(page, 'tableau (période)');
  finish(profile);
  await profile.context.close();
});

// A new SMS conversation, as Twilio would bring it (`levier send` signs with
// the server's local token): the replies' text.
let smsNumber = 0;
function newSmsConversation() {
  smsNumber += 1;
  return execFileSync(levier, ['send', '--url', base, '--db', db, '--from', `+336009900${String(smsNumber).padStart(2, '0')}`, 'Bonjour'],
    { env: { ...process.env, LEVIER_PUBLIC_URL: base } }).toString();
}
const NEW_FR = 'Bonjour, ici Levier, le service de la Métropole. Envoyez STOP pour finir.';
const NEW_AR = 'مرحبا، هنا Levier، خدمة المدينة. أرسل STOP للتوقف.';

await check('a coordinator edits the greeting in French and Arabic, fixes a broken link, previews, records and replays conversation tests, publishes, rolls back', async () => {
  const profile = await open({ width: 1280 });
  const { page } = profile;
  const oldGreeting = newSmsConversation().split('\n')[0];
  await signIn(page, COORD);
  await page.getByRole('link', { name: 'Dialogue' }).click();
  await page.getByRole('heading', { name: 'Dialogue', level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'Étape « greeting »' }).waitFor();
  await audit(page, 'dialogue');
  await page.setViewportSize({ width: 360, height: 720 });
  await audit(page, 'dialogue (360 px)');
  await page.setViewportSize({ width: 1280, height: 720 });
  const greeting = page.getByRole('group', { name: 'Texte « greeting »' });
  await greeting.getByRole('textbox', { name: 'Français (fr)' }).fill(NEW_FR);
  const arabic = greeting.getByRole('textbox', { name: /\(ar\)$/ });
  assert.equal(await arabic.getAttribute('dir'), 'rtl', 'Arabic is edited right to left');
  await arabic.fill(NEW_AR);
  await greeting.getByRole('button', { name: 'Enregistrer « greeting »' }).click();
  await page.getByText('« greeting » enregistré dans le brouillon (2 langue(s)).').waitFor();
  // Residents see nothing of the draft.
  assert.equal(newSmsConversation().split('\n')[0], oldGreeting);

  // A broken link, as an import or another coordinator could leave it.
  const status = await page.evaluate(async () => {
    const me = await (await fetch('api/me')).json();
    const script = await (await fetch('api/script')).json();
    const node = script.nodes.find((n) => n.id === 'ask_barrier');
    const choices = node.choices.map((c) => (c.label === 'choice_other' ? { ...c, next: 'autre_chose' } : c));
    return (await fetch('api/script/edit', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
      body: JSON.stringify({ revision: script.revision, op: 'choices', node: 'ask_barrier', choices }) })).status;
  });
  assert.equal(status, 200);
  await page.reload();
  await page.getByText(/^1 erreur\(s\) à corriger avant de publier/).waitFor();
  await page.getByRole('button', { name: 'Aller à l’étape ask_barrier' }).first().click();
  await page.getByRole('heading', { name: 'Étape « ask_barrier »' }).waitFor();
  await page.getByRole('list', { name: 'Problèmes de cette étape' }).getByText(/autre_chose/).waitFor();
  await page.getByRole('combobox', { name: 'Choix 10 : mène à' }).selectOption('other');
  await page.getByRole('button', { name: 'Enregistrer les choix' }).click();
  await page.getByText(/^Aucune erreur\./).waitFor();

  // The preview: what each channel shows, what is understood and proposed.
  await page.getByLabel('Langue de l’essai').selectOption('fr');
  for (const message of ['Bonjour', '4', '1']) {
    await page.getByLabel('Message de l’habitant').fill(message);
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText(`Habitant (${['Bonjour', '4', '1'].indexOf(message) + 1}) :`).waitFor();
  }
  await page.locator('pre.sms', { hasText: NEW_FR }).first().waitFor();
  await page.getByText(/freins compris : mobilite/).first().waitFor();
  await page.getByText(/Structures proposées : Wimoov Tours/).waitFor();
  await audit(page, 'dialogue (essai)');
  // Keep the trial as a conversation test, then replay them all on the draft:
  // those expecting the old greeting fail, named; the new one passes.
  await page.getByText('Garder cet essai comme conversation de test').click();
  await page.getByLabel('Nom de la conversation de test').fill('fr-nouvel-accueil');
  await page.getByLabel('Titre', { exact: true }).fill('Le nouvel accueil, puis le transport');
  await page.getByRole('button', { name: 'Enregistrer l’essai comme conversation de test' }).click();
  await page.getByText('Conversation de test « fr-nouvel-accueil » enregistrée (3 message(s)).').waitFor();
  await page.getByRole('button', { name: 'Rejouer les conversations de test sur le brouillon' }).click();
  const summary = await page.locator('#tests-summary').textContent();
  const [passed, total] = summary.match(/\d+/g).map(Number);
  assert.ok(passed < total, summary);
  const failing = page.getByRole('list', { name: 'Conversations de test qui ne passent plus' });
  await failing.getByText(/^fr-parcours-transport/).waitFor();
  assert.equal(await failing.getByText(/^fr-nouvel-accueil/).count(), 0);
  await audit(page, 'dialogue (conversations de test)');

  // Publish: the changes, a required message.
  await page.getByRole('table', { name: /Changements par rapport à la version publiée/ }).waitFor();
  await page.getByRole('button', { name: 'Publier' }).click();
  await page.getByText('Écrivez en une ligne ce qui change (obligatoire).').waitFor();
  await page.getByLabel('Ce qui change, en une ligne (obligatoire)').fill('Un accueil plus court');
  await page.getByRole('button', { name: 'Publier' }).click();
  await page.getByText(/publiée : les nouvelles conversations l’utilisent dès maintenant/).waitFor();
  assert.ok(newSmsConversation().includes(NEW_FR), 'the next new SMS conversation gets the new greeting');
  await page.getByRole('cell', { name: 'Un accueil plus court' }).waitFor();
  await audit(page, 'dialogue (publié)');

  // Roll back to the first version.
  await page.getByRole('button', { name: /^Revenir à cette version/ }).first().click();
  await page.getByLabel('Pourquoi revenir à cette version ? (obligatoire)').fill('Retour à l’accueil connu');
  await page.getByRole('button', { name: 'Confirmer le retour' }).click();
  await page.getByText(/^Retour à la version/).waitFor();
  assert.equal(newSmsConversation().split('\n')[0], oldGreeting, 'after the rollback, the old greeting');
  await audit(page, 'dialogue (retour arrière)');
  finish(profile);
  await profile.context.close();
});

await check('a coordinator marks a provider verified: stamped with the day and the account, it leaves the watch', async () => {
  // Chosen from the shipped directory: an entry waiting for verification that
  // the rules allow to show (a contact, confidence not low), and one they refuse.
  const providers = JSON.parse(readFileSync(join(kb, 'providers.json'), 'utf8')).providers;
  const waiting = (p) => !p.verified && !p.retired;
  const target = providers.find((p) => waiting(p) && p.confidence !== 'basse' && (p.phone || p.address || p.website));
  const refused = providers.find((p) => waiting(p) && !p.phone && !p.address && !p.website);
  assert.ok(target && refused, 'the shipped directory has entries waiting for verification');
  const today = new Date().toISOString().slice(0, 10);
  const profile = await open({ width: 1280 });
  const { page } = profile;
  await signIn(page, COORD);
  await page.getByRole('link', { name: 'Structures à suivre' }).click();
  await page.getByRole('heading', { name: /Non vérifiées/ }).waitFor();
  assert.equal(await page.locator('li', { hasText: target.name }).count(), 1, 'on the watch before');

  await page.getByRole('link', { name: 'Annuaire' }).click();
  await page.getByRole('heading', { name: 'Annuaire', level: 1 }).waitFor();
  await audit(page, 'annuaire');
  await page.setViewportSize({ width: 360, height: 720 });
  await audit(page, 'annuaire (360 px)');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByLabel('État').selectOption('unverified');
  await page.getByRole('button', { name: `Marquer vérifiée : ${refused.name}` }).click();
  await page.getByRole('status').getByText(/^L’annuaire refuse ce changement\. Une structure vérifiée doit avoir/).waitFor();
  await page.getByRole('button', { name: `Marquer vérifiée : ${target.name}` }).click();
  await page.getByRole('status').getByText(`« ${target.name} » est vérifiée aujourd’hui.`).waitFor();
  await page.getByLabel('État').selectOption('shown');
  await page.getByRole('row', { name: new RegExp(target.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })
    .getByText(`Montrée, vérifiée le ${today} par ${COORD[0]}`).waitFor();
  await audit(page, 'annuaire (vérifiée)');

  await page.getByRole('link', { name: 'Structures à suivre' }).click();
  await page.getByRole('heading', { name: /Non vérifiées/ }).waitFor();
  assert.equal(await page.locator('li', { hasText: target.name }).count(), 0, 'off the watch after');
  finish(profile);
  await profile.context.close();
});

await check('a coordinator edits, adds and imports providers; a bad line changes nothing', async () => {
  const profile = await open({ width: 1280 });
  const { page } = profile;
  const version = () => page.evaluate(async () => (await (await fetch('api/providers')).json()).version);
  await signIn(page, COORD);
  await page.getByRole('link', { name: 'Annuaire' }).click();
  await page.getByRole('heading', { name: 'Annuaire', level: 1 }).waitFor();

  // Adding: a refused field is named beside it, in French, and nothing is saved.
  await page.getByRole('button', { name: 'Ajouter une structure' }).click();
  await page.getByRole('heading', { name: 'Ajouter une structure' }).waitFor();
  await page.getByLabel('Identifiant').fill('Atelier Vélo');
  await page.getByLabel('Nom de la structure').fill('Atelier vélo du quartier');
  await page.getByLabel(/^Ce que fait la structure, en mots simples \(.+\) : obligatoire$/).fill('Répare et prête des vélos.');
  await page.getByRole('checkbox', { name: 'Transport' }).check();
  await page.getByLabel('Téléphone').fill('le matin seulement');
  await page.getByLabel('Source des informations').fill('https://example.org/atelier');
  const before = await version();
  await page.getByRole('button', { name: 'Ajouter la structure' }).click();
  await page.locator('#p-id-problem').getByText(/^L’identifiant ne contient que des lettres minuscules/).waitFor();
  await page.getByLabel('Identifiant').fill('atelier-velo-essai');
  await page.getByRole('button', { name: 'Ajouter la structure' }).click();
  await page.locator('#p-phone-problem').getByText(/^Le téléphone ne contient que des chiffres/).waitFor();
  assert.equal(await page.getByLabel('Téléphone').getAttribute('aria-invalid'), 'true');
  assert.equal(await version(), before, 'a refused form saves nothing');
  await audit(page, 'annuaire (fiche refusée)');
  await page.setViewportSize({ width: 360, height: 720 });
  await audit(page, 'annuaire (fiche, 360 px)');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByLabel('Téléphone').fill('02 47 00 00 00');
  await page.getByRole('button', { name: 'Ajouter la structure' }).click();
  await page.getByRole('status').getByText(/^« Atelier vélo du quartier » est enregistrée \(non vérifiée/).waitFor();

  // Editing it: the change is saved and shown in the table.
  await page.getByRole('button', { name: 'Modifier : Atelier vélo du quartier' }).click();
  await page.getByLabel('Téléphone').fill('02 47 00 00 01');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByRole('status').getByText('« Atelier vélo du quartier » est enregistrée.').waitFor();
  await page.getByRole('row', { name: /Atelier vélo du quartier/ }).getByText(/02 47 00 00 01/).waitFor();

  // A CSV with a malformed row: refused whole, the line named, nothing applied.
  const header = 'identifiant;nom;resume_fr;freins;telephone;source;confiance;verifiee\n';
  const good = 'cours-francais-essai;Cours de français du soir;Cours gratuits le soir.;langue;02 47 00 00 02;https://example.org/cours;moyenne;non\n';
  const bad = 'garde-essai;Halte-garderie;Garde les petits.;garde-enfants;pas de numéro;https://example.org/garde;moyenne;non\n';
  const upload = (text) => page.getByLabel('Fichier CSV').setInputFiles({ name: 'annuaire.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  await upload(header + good + bad);
  await page.getByRole('button', { name: 'Voir ce qui changera' }).click();
  await page.getByRole('alert').getByText(/^Ligne 3 du fichier : le téléphone ne contient que des chiffres.*Rien n’a été importé/).waitFor();
  const afterForm = await version();
  assert.equal(await page.getByRole('row', { name: /Cours de français du soir/ }).count(), 0, 'nothing applied');

  // The same file without the bad line: previewed, then applied.
  await upload(header + good);
  await page.getByRole('button', { name: 'Voir ce qui changera' }).click();
  await page.getByRole('heading', { name: 'Structures ajoutées, non vérifiées (1)' }).waitFor();
  await page.getByRole('heading', { name: 'Structures retirées (0)' }).waitFor();
  assert.equal(await version(), afterForm, 'a preview applies nothing');
  await audit(page, 'annuaire (aperçu de l’import)');
  await page.getByRole('button', { name: 'Appliquer l’import' }).click();
  await page.getByRole('status').getByText('Import appliqué : 1 ajoutée(s), 0 modifiée(s), 0 retirée(s).').waitFor();
  await page.getByRole('row', { name: /Cours de français du soir/ }).getByText('Non vérifiée (jamais montrée)').waitFor();
  assert.equal(await version(), afterForm + 1);
  finish(profile);
  await profile.context.close();
});

await check('structures to follow, accounts and the audit, for an admin', async () => {
  assert.ok(adminProfile, 'the admin signed in above');
  const profile = adminProfile;
  const { page } = profile;
  await page.getByRole('link', { name: 'Structures à suivre' }).click();
  await page.getByRole('heading', { name: 'Structures à suivre' }).waitFor();
  await page.getByRole('heading', { name: /Non vérifiées/ }).waitFor();
  // The shipped directory leaves some neighbourhood and barrier with fewer than 2 verified providers.
  await page.getByRole('heading', { name: /^Quartiers où un frein a moins de 2 structures vérifiées \([1-9]/ }).waitFor();
  await audit(page, 'structures');
  await page.getByRole('link', { name: 'Comptes' }).click();
  await page.getByRole('heading', { name: 'Comptes', level: 1 }).waitFor();
  await page.getByLabel('E-mail').fill('pro@');
  await page.getByLabel('Rôle').selectOption('professional');
  await page.getByLabel('Structure').fill('Centre social Pasteur');
  // A mistake is named in French, beside the form.
  await page.getByRole('button', { name: 'Créer le compte' }).click();
  await page.getByText('Adresse e-mail invalide.').waitFor();
  await page.getByLabel('E-mail').fill('pro@example.org');
  await page.getByRole('button', { name: 'Créer le compte' }).click();
  await page.locator('#new-password').waitFor();
  const password = (await page.locator('#new-password').textContent()).trim();
  assert.match(password, /^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
  await page.getByRole('cell', { name: 'Centre social Pasteur' }).waitFor();
  await audit(page, 'comptes');
  await page.getByRole('link', { name: 'Journal' }).click();
  await page.getByRole('heading', { name: 'Journal' }).waitFor();
  await page.getByText('account created: pro@example.org (professional, Centre social Pasteur)').waitFor();
  await audit(page, 'journal');
  // A change without the session's CSRF token is refused, even from the page itself.
  const status = await page.evaluate(async () => (await fetch('api/accounts', { method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'x@example.org', role: 'admin', org: 'X' }) })).status);
  assert.equal(status, 403);
  finish(profile);
  await profile.context.close();

  const pro = await open();
  await signIn(pro.page, ['pro@example.org', password]);
  await pro.page.getByRole('heading', { name: 'Tableau de bord' }).waitFor();
  assert.equal(await pro.page.getByRole('link', { name: 'Comptes' }).isVisible(), false);
  await pro.page.goto(`${base}/workspace/#comptes`);
  await pro.page.getByText('Seul un administrateur peut faire cela.').waitFor();
  // Nor the dialog editor: no link, a plain refusal, and 403 at the API.
  assert.equal(await pro.page.getByRole('link', { name: 'Dialogue' }).isVisible(), false);
  await pro.page.goto(`${base}/workspace/#dialogue`);
  await pro.page.getByText('Seuls les coordinateurs et les administrateurs modifient le dialogue.').waitFor();
  assert.equal(await pro.page.evaluate(async () => (await fetch('api/script')).status), 403);
  await pro.context.close();
});

// A participant's SMS conversation (`levier send`, as Twilio would bring it),
// one message at a time: the replies' text.
function smsFrom(from, text) {
  return execFileSync(levier, ['send', '--url', base, '--db', db, '--from', from, text],
    { env: { ...process.env, LEVIER_PUBLIC_URL: base } }).toString();
}
// A stable part of dialogs/default/lang/ar.json's "share_ask".
const SHARE_ASK_AR = 'هل تقبل أن نعرض';

await check('a professional makes an invitation in Arabic, prints its card; the summary the participant shares appears', async () => {
  const profile = await open({ width: 1024 });
  const { page, context } = profile;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await signIn(page, ADVISER);
  await page.getByRole('heading', { name: 'Tableau de bord' }).waitFor();
  await page.getByRole('link', { name: 'Invitations' }).click();
  await page.getByRole('heading', { name: 'Invitations', level: 1 }).waitFor();
  await page.getByText('Aucune invitation pour l’instant.').waitFor();
  await page.getByText('Aucun partage pour l’instant.').waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Par structure' }).count(), 0, 'no figures per organisation for a professional');
  await audit(page, 'invitations');

  // A refused field is named beside it, in French; nothing is made.
  await page.getByLabel('Valable (jours)').fill('400');
  await page.getByRole('button', { name: 'Créer l’invitation' }).click();
  await page.locator('#inv-expires_days-problem').getByText('La durée de validité est un nombre de jours, de 1 à 365.').waitFor();
  assert.equal(await page.getByLabel('Valable (jours)').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('.invitation').count(), 0);
  await audit(page, 'invitations (champ refusé)');

  await page.getByLabel('Valable (jours)').fill('30');
  await page.getByLabel('Langue de la personne').selectOption('ar');
  await page.getByLabel('Note pour vous (la personne ne la voit pas)').fill('rdv mardi');
  await page.getByLabel('une fois').check();
  await page.getByRole('button', { name: 'Créer l’invitation' }).click();
  const created = page.getByRole('region', { name: /^Invitation [A-Z0-9]{8}$/ });
  await created.waitFor();
  const code = (await created.locator('.invitation-code').textContent()).trim();
  assert.match(code, /^[A-Z0-9]{8}$/);
  await page.getByRole('status').getByText(`Invitation ${code} créée.`).waitFor();
  assert.equal(await page.getByLabel('Valable (jours)').getAttribute('aria-invalid'), null);
  await page.getByRole('row', { name: new RegExp(code) }).getByText('0 / 1').waitFor();
  // The message, in Arabic, right to left, with the link and the SMS number.
  const message = created.getByLabel(/^Message prêt à coller/);
  assert.equal(await message.getAttribute('lang'), 'ar');
  assert.equal(await message.getAttribute('dir'), 'rtl');
  const text = await message.inputValue();
  assert.ok(text.includes(`${base}/c/${code}`) && text.includes(SMS_NUMBER) && /[\u0600-\u06ff]/.test(text), text);
  assert.equal(await created.getByLabel('Lien du chat sur le web').inputValue(), `${base}/c/${code}`);
  await created.getByRole('button', { name: 'Copier le message' }).click();
  await created.getByRole('status').getByText(/^Message copié/).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
  const qr = created.getByRole('img', { name: `QR code de l’invitation ${code}` });
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code is shown');
  assert.equal(await created.getByRole('link', { name: 'Télécharger le QR code (PNG)' }).getAttribute('download'), `levier-${code}.png`);
  await audit(page, 'invitations (créée)');

  // The A6 card, opened as the link would in a new tab of the same session.
  const cardLink = created.getByRole('link', { name: 'Carte à imprimer (A6)' });
  assert.equal(await cardLink.getAttribute('target'), '_blank');
  assert.equal(await cardLink.getAttribute('rel'), 'noopener');
  assert.ok(await created.getByRole('link', { name: 'Affiche (A4)' }).isVisible());
  const card = await context.newPage();
  watchConsole(card, profile.problems);
  await card.setViewportSize({ width: 420, height: 600 });
  await card.goto(await cardLink.evaluate((a) => a.href));
  assert.equal(await card.locator('html[lang="ar"][dir="rtl"]').count(), 1, 'the card is in Arabic, right to left');
  assert.equal(await card.locator('.qr svg').count(), 1, 'the QR code');
  await card.locator('.code').getByText(code).waitFor();
  await card.getByText(SMS_NUMBER).first().waitFor();
  await audit(card, 'carte A6');
  if (process.env.LEVIER_SCREENSHOTS === '1') {
    mkdirSync(join(sourceDir, 'docs/images'), { recursive: true });
    await card.locator('main').screenshot({ path: join(sourceDir, 'docs/images/invitation-card.png') });
  }
  await card.close();

  // The participant writes the code by SMS, then transport, answers the first
  // choice until asked whether to share with the Mission Locale, and says yes.
  const from = '+33600990200';
  let said = smsFrom(from, code) + smsFrom(from, '4');
  for (let i = 0; i < 8 && !said.includes(SHARE_ASK_AR); ++i) said += smsFrom(from, '1');
  assert.ok(said.includes(SHARE_ASK_AR), `the share question, in Arabic:\n${said}`);
  smsFrom(from, '1');

  await page.reload();
  await page.getByRole('heading', { name: 'Invitations', level: 1 }).waitFor();
  const summary = page.getByRole('region', { name: new RegExp(`\\(invitation ${code}\\)$`) });
  await summary.getByText(/^Freins : .*Transport/).waitFor();
  assert.ok(await summary.getByRole('listitem').filter({ hasText: /\(Transport\)$/ }).count() >= 1, 'a transport provider proposed');
  const row = page.getByRole('row', { name: new RegExp(code) });
  await row.getByText('1 / 1').waitFor();
  await row.getByText('utilisée').waitFor();
  await audit(page, 'invitations (partage)');

  // From the list: sending by SMS names a bad number, then says this server cannot send.
  await row.getByRole('button', { name: `Afficher : ${code}` }).click();
  const shown = page.getByRole('region', { name: `Invitation ${code}` });
  await shown.getByLabel('Numéro de téléphone de la personne').fill('12');
  await shown.getByRole('button', { name: 'Envoyer par SMS' }).click();
  await shown.getByText(/^Ce numéro n’est pas valide/).waitFor();
  assert.equal(await shown.getByLabel('Numéro de téléphone de la personne').getAttribute('aria-invalid'), 'true');
  await shown.getByLabel('Numéro de téléphone de la personne').fill('06 12 34 56 78');
  await shown.getByRole('button', { name: 'Envoyer par SMS' }).click();
  await shown.getByText('Ce serveur ne peut pas envoyer de SMS.').waitFor();
  await audit(page, 'invitations (envoi par SMS)');
  await page.setViewportSize({ width: 360, height: 720 });
  await audit(page, 'invitations (360 px)');
  finish(profile);
  await profile.context.close();

  // A coordinator sees the figures per organisation, one person being hidden.
  const coord = await open({ width: 1024 });
  await signIn(coord.page, COORD);
  await coord.page.getByRole('heading', { name: 'Tableau de bord' }).waitFor();
  await coord.page.getByRole('link', { name: 'Invitations' }).click();
  await coord.page.getByRole('heading', { name: 'Par structure' }).waitFor();
  const cells = await coord.page.getByRole('table', { name: 'Invitations par structure' })
    .getByRole('row', { name: /Mission Locale Tours/ }).locator('th, td').allTextContents();
  assert.deepEqual(cells, ['Mission Locale Tours', '1', '1', 'moins de 5', 'moins de 5']);
  await audit(coord.page, 'invitations (coordinateur)');
  finish(coord);
  await coord.context.close();
});

await browser.close();
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(dir, { recursive: true, force: true });
console.log(`# page weight (sign-in page, transferred): ${pageWeights.connexion} bytes`);
console.log(`# axe-core violations per page: ${JSON.stringify(axeResults)}`);
if (failures.length > 0) {
  console.log(`# ${failures.length} failed: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('# all workspace browser checks passed');
