// The web chat in a real browser: Debian's Chromium driven by playwright-core
// against the real `levier serve`. Checks a whole conversation by tapping
// choices and one by typing, an Arabic conversation right to left, axe-core
// (WCAG 2.1 A and AA) on the first screen and after a few steps, the page
// weight (bytes transferred, compressed), that no request leaves
// 127.0.0.1, that the Content-Security-Policy is never violated, and that
// nothing scrolls sideways at 320 px.
// Usage: node webchat_browser.mjs LEVIER_BINARY SOURCE_DIR
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { axeViolations, checker, freePort, launchChromium, startLevierAt } from './browser_harness.mjs';

const [levier, sourceDir] = process.argv.slice(2);
if (!levier || !sourceDir) {
  console.error('usage: node webchat_browser.mjs LEVIER_BINARY SOURCE_DIR');
  process.exit(2);
}
const lang = (code) => JSON.parse(readFileSync(join(sourceDir, 'dialogs/default/lang', `${code}.json`), 'utf8'));
const fr = lang('fr');
const ar = lang('ar');
const kMaxPageBytes = 60 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'levier-webchat-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = await startLevierAt(levier, sourceDir, port, join(dir, 'levier.db'),
  { LEVIER_WEBCHAT_MESSAGES_PER_MINUTE: '1000' });
const browser = await launchChromium();
const { check, failures } = checker();

// A fresh browser profile (no cookie) watching every request and every
// Content-Security-Policy report.
async function open({ width = 360, locale = 'fr-FR' } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 640 }, locale });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return { context, page, requests, problems };
}

const botCount = (page) => page.locator('.msg.bot').count();
async function waitForReplies(page, before) {
  await page.waitForFunction((n) => document.querySelectorAll('.msg.bot').length > n, before);
  return page.locator('.msg.bot').count();
}
async function started(page) {
  await page.goto(`${base}/chat`);
  await waitForReplies(page, 0);
}
// The label of the choice tapped.
async function tap(page, index) {
  const before = await botCount(page);
  const button = page.locator('.choices button:not([disabled])').nth(index);
  const label = await button.textContent();
  await button.click();
  await waitForReplies(page, before);
  return label;
}
async function type(page, text) {
  const before = await botCount(page);
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
  await waitForReplies(page, before);
}
const lastBotText = (page) => page.locator('.msg.bot').last().innerText();
const allBotText = async (page) => (await page.locator('.msg.bot').allInnerTexts()).join('\n');

function onlyLoopback(requests) {
  const away = requests.filter((u) => !u.startsWith(`${base}/`));
  assert.deepEqual(away, [], 'requests that leave 127.0.0.1');
}

async function noSidewaysScroll(page) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wide <= 0, `scrolls sideways by ${wide} px`);
}

// What every screen must pass, then the profile is closed.
async function finish({ context, page, requests, problems }, { axe = true } = {}) {
  await noSidewaysScroll(page);
  if (axe) assert.deepEqual(await axeViolations(page), []);
  onlyLoopback(requests);
  assert.deepEqual(problems, [], 'console errors (a CSP violation is one)');
  await context.close();
}

await check('first screen: says what Levier is, in the page language, accessible, light', async () => {
  const profile = await open({ width: 320 });
  const { page } = profile;
  const sizes = [];
  page.on('response', (r) => sizes.push(r.request().sizes().then((s) => ({
    url: r.url(), bytes: s.responseBodySize + s.responseHeadersSize,
    encoding: r.headers()['content-encoding'] || '' }))));
  await started(page);
  const texts = await allBotText(page);
  assert.ok(texts.includes(fr.texts.greeting), `greeting missing from: ${texts}`);
  assert.equal(await page.title(), fr.texts.web_title);
  assert.equal(await page.textContent('#send'), fr.texts.web_send);
  assert.equal(await page.textContent('label[for=text]'), fr.texts.web_message);
  assert.equal(await page.getAttribute('#text', 'placeholder'), fr.texts.web_placeholder);
  assert.equal(await page.textContent('label[for=language]'), fr.texts.web_language);
  assert.equal(await page.getAttribute('.msg.bot >> nth=0', 'lang'), 'fr');
  assert.equal(await page.locator('#language option').count(), 7);
  assert.equal(await page.getAttribute('#log', 'aria-live'), 'polite');
  for (const box of await page.locator('.choices button').evaluateAll(
    (bs) => bs.map((b) => b.getBoundingClientRect()).map((r) => [r.width, r.height]))) {
    assert.ok(box[0] >= 44 && box[1] >= 44, `choice smaller than 44 px: ${box}`);
  }
  const loaded = await Promise.all(sizes);
  const total = loaded.reduce((sum, s) => sum + s.bytes, 0);
  console.log(`# page weight (first screen, transferred): ${total} bytes over ${loaded.length} responses`);
  for (const s of loaded) console.log(`#   ${s.bytes}\t${s.encoding || 'identity'}\t${s.url}`);
  assert.ok(total <= kMaxPageBytes, `page weight ${total} > ${kMaxPageBytes}`);
  for (const s of loaded.filter((x) => /\/chat(\/chat\.(js|css))?$/.test(x.url))) {
    assert.equal(s.encoding, 'gzip', `${s.url} not compressed`);
  }
  await finish(profile);
});

await check('a whole conversation by tapping choices, up to providers, at 320 px', async () => {
  const profile = await open({ width: 320 });
  const { page } = profile;
  await started(page);
  const barrier = await tap(page, 3);
  // The keyboard works too: the first commune, reached with Tab and Enter.
  const first = page.locator('.choices button:not([disabled])').first();
  await first.focus();
  const before = await botCount(page);
  await page.keyboard.press('Enter');
  await waitForReplies(page, before);
  const texts = await allBotText(page);
  const intro = fr.texts.ref_intro.replace('{barrier}', barrier.trim());
  assert.ok(texts.includes(intro), `no providers (${intro}) in: ${texts}`);
  assert.ok(!texts.includes(fr.texts.ask_followup.slice(0, 30)), 'the follow-up consent was asked');
  // Old choices cannot be pressed again.
  assert.ok(await page.locator('.choices button[disabled]').count() > 0);
  await finish(profile);
});

await check('a whole conversation by typing, up to providers', async () => {
  const profile = await open();
  const { page } = profile;
  await started(page);
  const barrier = await page.locator('.choices button').nth(3).textContent();
  await type(page, '4');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'text');
  assert.equal(await page.inputValue('#text'), '');
  await type(page, '1');
  const texts = await allBotText(page);
  const intro = fr.texts.ref_intro.replace('{barrier}', barrier.trim());
  assert.ok(texts.includes(intro), `no providers (${intro}) in: ${texts}`);
  assert.ok((await page.locator('.msg.me').allInnerTexts()).includes('4'));
  await finish(profile, { axe: false });
});

await check('Arabic: the switch turns the page and the messages right to left', async () => {
  const profile = await open({ width: 320 });
  const { page } = profile;
  await started(page);
  const before = await botCount(page);
  await page.selectOption('#language', 'ar');
  await waitForReplies(page, before);
  const last = page.locator('.msg.bot').last();
  assert.equal(await last.getAttribute('dir'), 'rtl');
  assert.equal(await last.getAttribute('lang'), 'ar');
  assert.equal(await last.evaluate((e) => getComputedStyle(e).direction), 'rtl');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.equal(await page.title(), ar.texts.web_title);
  assert.ok((await lastBotText(page)).includes(ar.texts.ask_barrier), await lastBotText(page));
  // The earlier French messages keep their own language and direction.
  assert.equal(await page.getAttribute('.msg.bot >> nth=0', 'dir'), 'ltr');
  const barrier = await tap(page, 3);
  await tap(page, 0);
  const texts = await allBotText(page);
  assert.ok(texts.includes(ar.texts.ref_intro.replace('{barrier}', barrier.trim())), texts);
  for (const d of await page.locator('.msg.bot').evaluateAll((ms) => ms.slice(2).map((m) => m.dir))) {
    assert.equal(d, 'rtl');
  }
  await finish(profile);
});

await check('a browser set to Arabic starts in Arabic, right to left', async () => {
  const profile = await open({ locale: 'ar-MA' });
  const { page } = profile;
  await started(page);
  const texts = await allBotText(page);
  assert.ok(texts.includes(ar.texts.greeting), texts);
  for (const d of await page.locator('.msg.bot').evaluateAll((ms) => ms.map((m) => m.dir))) {
    assert.equal(d, 'rtl');
  }
  assert.equal(await page.textContent('#send'), ar.texts.web_send);
  await finish(profile, { axe: false });
});

await browser.close();
server.kill('SIGTERM');
await new Promise((r) => server.on('exit', r));
rmSync(dir, { recursive: true, force: true });
if (failures.length > 0) {
  console.log(`${failures.length} failed: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('all passed');
