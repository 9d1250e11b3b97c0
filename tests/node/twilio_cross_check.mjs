// Cross-checks Levier's Twilio signature code against the official Twilio SDK,
// in both directions, over real HTTP:
//  1. requests signed by twilio.getExpectedTwilioSignature are accepted by
//     `levier serve` (also with the :443 port variant), tampered ones refused;
//  2. requests signed by `levier send` pass twilio.validateRequest;
//  3. a phone call (spec 1.15) signed by the SDK over the URL with its query
//     string, following the <Gather> actions Levier answers with.
// Usage: node twilio_cross_check.mjs LEVIER_BINARY SOURCE_DIR
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startLevier } from './levier_server.mjs';

const require = createRequire(import.meta.url);
const twilio = require('twilio');

const [levier, sourceDir] = process.argv.slice(2);
if (!levier || !sourceDir) {
  console.error('usage: node twilio_cross_check.mjs LEVIER_BINARY SOURCE_DIR');
  process.exit(2);
}
const token = '9e3b71c04fa25d86e1c7b0a4d3f58e21';  // 32 hex digits, as Twilio issues
const publicUrl = 'https://levier.test';
const dir = mkdtempSync(join(tmpdir(), 'levier-node-'));


function twilioParams(sid, body) {
  return { ToCountry: 'FR', ToState: '', SmsMessageSid: sid, NumMedia: '0', ToCity: '',
           FromZip: '', SmsSid: sid, FromState: '', SmsStatus: 'received', FromCity: '',
           Body: body, FromCountry: 'FR', To: '+33700000000', ToZip: '', NumSegments: '1',
           MessageSid: sid, AccountSid: 'AC' + '1'.repeat(32), From: '+33611111111',
           ApiVersion: '2010-04-01' };
}

async function post(port, params, signature) {
  const res = await fetch(`http://127.0.0.1:${port}/webhooks/twilio`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded',
               'X-Twilio-Signature': signature },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: await res.text() };
}

let passed = 0;
async function check(name, fn) {
  await fn();
  passed += 1;
  console.log(`ok - ${name}`);
}

const { child, port } = await startLevier(levier, sourceDir, join(dir, 'levier.db'),
                                        { LEVIER_TWILIO_AUTH_TOKEN: token, LEVIER_PUBLIC_URL: publicUrl });
try {
  await check('SDK-signed request accepted with TwiML reply', async () => {
    const params = twilioParams('SM' + 'a'.repeat(32), "Bonjour, j'ai besoin d'aide à Tours");
    const sig = twilio.getExpectedTwilioSignature(token, `${publicUrl}/webhooks/twilio`, params);
    const r = await post(port, params, sig);
    assert.equal(r.status, 200);
    assert.match(r.body, /^<\?xml version="1.0" encoding="UTF-8"\?><Response>/);
  });
  await check('SDK-signed request with explicit :443 accepted', async () => {
    const params = twilioParams('SM' + 'b'.repeat(32), '1');
    const sig = twilio.getExpectedTwilioSignature(token, `${publicUrl}:443/webhooks/twilio`, params);
    assert.equal((await post(port, params, sig)).status, 200);
  });
  await check('body changed after signing is refused with 403', async () => {
    const params = twilioParams('SM' + 'c'.repeat(32), 'Bonjour');
    const sig = twilio.getExpectedTwilioSignature(token, `${publicUrl}/webhooks/twilio`, params);
    params.Body = 'Bonsoir';
    assert.equal((await post(port, params, sig)).status, 403);
  });
  await check('signature under another token is refused with 403', async () => {
    const params = twilioParams('SM' + 'd'.repeat(32), 'Bonjour');
    const sig = twilio.getExpectedTwilioSignature('another-token', `${publicUrl}/webhooks/twilio`, params);
    assert.equal((await post(port, params, sig)).status, 403);
  });
  await check('request signed by `levier send` passes twilio.validateRequest', async () => {
    let captured;
    const fake = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        captured = { headers: req.headers, body };
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        res.end('<?xml version="1.0" encoding="UTF-8"?><Response><Message>pong</Message></Response>');
      });
    });
    await new Promise((r) => fake.listen(0, '127.0.0.1', r));
    const fakePort = fake.address().port;
    const url = `http://127.0.0.1:${fakePort}`;
    const stdout = await new Promise((resolve, reject) => {
      execFile(levier, ['send', '--db', join(dir, 'send', 'levier.db'), 'Où trouver un bus ?'],
        { env: { ...process.env, LEVIER_TWILIO_AUTH_TOKEN: token, LEVIER_PUBLIC_URL: url } },
        (err, out) => (err ? reject(err) : resolve(out)));
    });
    fake.close();
    assert.equal(stdout.trim(), 'pong');
    const params = Object.fromEntries(new URLSearchParams(captured.body));
    assert.equal(params.Body, 'Où trouver un bus ?');
    assert.ok(twilio.validateRequest(token, captured.headers['x-twilio-signature'],
                                     `${url}/webhooks/twilio`, params));
    assert.ok(!twilio.validateRequest('wrong-token', captured.headers['x-twilio-signature'],
                                      `${url}/webhooks/twilio`, params));
  });
  await check('SDK-signed call follows the <Gather> actions, query string signed', async () => {
    const callSid = 'CA' + 'e'.repeat(32);
    const voiceParams = (digits) => ({
      AccountSid: 'AC' + '1'.repeat(32), ApiVersion: '2010-04-01', CallSid: callSid,
      CallStatus: 'in-progress', Direction: 'inbound', From: '+33622222222', To: '+33700000000',
      ...(digits === undefined ? {} : { Digits: digits }),
    });
    const call = async (target, digits, signedTarget = target) => {
      const params = voiceParams(digits);
      const sig = twilio.getExpectedTwilioSignature(token, `${publicUrl}${signedTarget}`, params);
      const res = await fetch(`http://127.0.0.1:${port}${target}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': sig },
        body: new URLSearchParams(params).toString(),
      });
      const body = await res.text();
      const action = /<Gather [^>]*action="([^"]*)"/.exec(body);
      return { status: res.status, body, action: action && action[1].replaceAll('&amp;', '&') };
    };
    const menu = await call('/webhooks/twilio/voice');
    assert.equal(menu.status, 200);
    assert.match(menu.body, /<Say language="fr-FR">Pour parler en français, tapez 1\.<\/Say>/);
    assert.equal(menu.action, '/webhooks/twilio/voice?step=1');
    const french = await call(menu.action, '1');
    assert.equal(french.status, 200);
    assert.match(french.body, /tapez 1\./);
    assert.equal(french.action, '/webhooks/twilio/voice?step=2&lang=fr');
    // Signed for another query than the one posted to: refused.
    assert.equal((await call('/webhooks/twilio/voice?step=2&lang=en', '4', french.action)).status, 403);
    const next = await call(french.action, '4');
    assert.equal(next.status, 200);
    assert.equal(next.action, '/webhooks/twilio/voice?step=3&lang=fr');
  });
} finally {
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${passed} passed, 0 failed`);
