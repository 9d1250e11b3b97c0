// Cross-checks Levier's WhatsApp channel against whatsapp-api-js, an
// independent implementation of the Cloud API, over real HTTP:
//  1. notifications signed the way Meta documents (HMAC over the escaped
//     Unicode form, which whatsapp-api-js's verifyRequestSignature accepts)
//     are taken by `levier serve`; the same body under another secret is 401;
//  2. the messages Levier posts to a fake Graph API equal, field for field,
//     what whatsapp-api-js's own sendMessage posts for the same text, reply
//     buttons or list built with its builders (whose constructors check
//     Meta's limits);
//  3. a list row's id sent back as the resident's choice steps the dialog.
// Usage: node whatsapp_cross_check.mjs LEVIER_BINARY SOURCE_DIR
import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { startLevier } from './levier_server.mjs';
import { WhatsAppAPI } from 'whatsapp-api-js';
import { Text, Interactive, ActionButtons, Button, ActionList, ListSection, Row, Body }
  from 'whatsapp-api-js/messages';

const [levier, sourceDir] = process.argv.slice(2);
if (!levier || !sourceDir) {
  console.error('usage: node whatsapp_cross_check.mjs LEVIER_BINARY SOURCE_DIR');
  process.exit(2);
}
const appSecret = '4f9c2b7e1d0a83c56e2f19b0d7a4c3e8';
const verifyToken = 'verify-3c8e1f0b7a2d';
const accessToken = 'EAAcrosschecktoken0123456789';
const phoneId = '106540352242922';
const resident = '33611122233';
const dir = mkdtempSync(join(tmpdir(), 'levier-wa-node-'));

// The fake Graph API: records every message Levier posts.
const posted = [];
const graph = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    assert.equal(req.url, `/v24.0/${phoneId}/messages`);
    assert.equal(req.headers.authorization, `Bearer ${accessToken}`);
    posted.push(JSON.parse(body));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: resident, wa_id: resident }],
                             messages: [{ id: `wamid.node${posted.length}` }] }));
  });
});
await new Promise((r) => graph.listen(0, '127.0.0.1', r));
const graphPort = graph.address().port;


// Meta's documented signing: HMAC-SHA256 over the body with every UTF-16
// unit outside 0x00-0x7E escaped as \uXXXX.
function metaSignature(secret, body) {
  const escaped = body.replace(/[\u007f-\uffff]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  return 'sha256=' + createHmac('sha256', secret).update(escaped).digest('hex');
}

// whatsapp-api-js: the verifier, and the reference for what a sent message looks like.
const captured = [];
const reference = new WhatsAppAPI({
  token: accessToken, appSecret, webhookVerifyToken: verifyToken, v: 'v24.0',
  ponyfill: {
    fetch: async (url, init) => {
      captured.push(JSON.parse(init.body));
      return new Response(JSON.stringify({ messaging_product: 'whatsapp', messages: [{ id: 'x' }] }),
                          { status: 200, headers: { 'Content-Type': 'application/json' } });
    },
    subtle: globalThis.crypto.subtle,
  },
});
async function referenceBody(message) {
  await reference.sendMessage(phoneId, resident, message);
  const body = captured.pop();
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return JSON.parse(JSON.stringify(body));
}
// What whatsapp-api-js would send for the same content as `sent`.
async function rebuild(sent) {
  if (sent.type === 'text') return referenceBody(new Text(sent.text.body, sent.text.preview_url));
  const i = sent.interactive;
  if (i.type === 'button') {
    return referenceBody(new Interactive(
      new ActionButtons(...i.action.buttons.map((b) => new Button(b.reply.id, b.reply.title))),
      new Body(i.body.text)));
  }
  assert.equal(i.type, 'list');
  const sections = i.action.sections.map((s) => new ListSection(
    s.title, ...s.rows.map((r) => new Row(r.id, r.title, r.description))));
  return referenceBody(new Interactive(new ActionList(i.action.button, ...sections), new Body(i.body.text)));
}

function notification(id, content) {
  return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{
    field: 'messages', value: { messaging_product: 'whatsapp',
      metadata: { display_phone_number: '33700000000', phone_number_id: phoneId },
      contacts: [{ profile: { name: 'R' }, wa_id: resident }],
      messages: [{ from: resident, id, timestamp: String(Math.floor(Date.now() / 1000)), ...content }] } }] }] });
}
async function post(port, body, signature) {
  const res = await fetch(`http://127.0.0.1:${port}/webhooks/whatsapp`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature },
    body });
  return res.status;
}
async function waitForPosted(n) {
  for (let i = 0; i < 600 && posted.length < n; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(posted.length >= n, `expected ${n} messages at the fake Graph API, got ${posted.length}`);
  await new Promise((r) => setTimeout(r, 300));  // the step's other replies
}

let passed = 0;
async function check(name, fn) {
  await fn();
  passed += 1;
  console.log(`ok - ${name}`);
}

const { child, port } = await startLevier(levier, sourceDir, join(dir, 'levier.db'), {
  LEVIER_WHATSAPP_APP_SECRET: appSecret, LEVIER_WHATSAPP_VERIFY_TOKEN: verifyToken,
  LEVIER_WHATSAPP_ACCESS_TOKEN: accessToken, LEVIER_WHATSAPP_PHONE_NUMBER_ID: phoneId,
  LEVIER_WHATSAPP_API_BASE: `http://127.0.0.1:${graphPort}/v24.0` });
try {
  let first;
  await check('a notification signed as Meta documents passes whatsapp-api-js and Levier', async () => {
    first = notification('wamid.n1', { type: 'text', text: { body: "Bonjour, j'ai besoin d'aide : français" } });
    const signature = metaSignature(appSecret, first);
    assert.equal(await reference.verifyRequestSignature(first, signature), true);
    assert.equal(await post(port, first, signature), 200);
  });
  await check('the same body under another secret is refused with 401', async () => {
    assert.equal(await post(port, notification('wamid.n2', { type: 'text', text: { body: 'é' } }),
                            metaSignature('another-secret-0000', first)), 401);
  });
  await check('every message Levier sent is what whatsapp-api-js sends for it', async () => {
    await waitForPosted(2);
    for (const sent of posted) assert.deepEqual(sent, await rebuild(sent));
    assert.ok(posted.some((m) => m.type === 'interactive'), 'an interactive message was sent');
  });
  await check('a list row sent back by id steps the dialog', async () => {
    const ask = posted[posted.length - 1];
    assert.equal(ask.type, 'interactive');
    const choices = ask.interactive.type === 'list'
      ? ask.interactive.action.sections[0].rows.map((r) => r.id)
      : ask.interactive.action.buttons.map((b) => b.reply.id);
    const pick = choices.find((id) => id.includes('mobilite')) ?? choices[0];
    const kind = ask.interactive.type === 'list' ? 'list_reply' : 'button_reply';
    const before = posted.length;
    const answer = notification('wamid.n3', { type: 'interactive',
      interactive: { type: kind, [kind]: { id: pick, title: 'x' } } });
    assert.equal(await post(port, answer, metaSignature(appSecret, answer)), 200);
    await waitForPosted(before + 1);
    for (const sent of posted.slice(before)) assert.deepEqual(sent, await rebuild(sent));
  });
  console.log(`${passed} checks passed`);
} finally {
  child.kill('SIGTERM');
  graph.close();
  rmSync(dir, { recursive: true, force: true });
}
