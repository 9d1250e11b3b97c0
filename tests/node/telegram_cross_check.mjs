// Cross-checks Levier's Telegram channel against grammY (an independent
// Bot API framework), over real HTTP:
//  1. every Update shape the C++ tests send (text, /start payload, sticker,
//     button press) is accepted by grammY's webhookCallback as Telegram's,
//     and Levier and grammY answer it alike: 401 and grammY's text for a
//     wrong secret, and for a press the same answerCallbackQuery webhook
//     reply body;
//  2. the sendMessage calls Levier makes through the outbox (to a local fake
//     Bot API) are exactly those grammY makes for the same text and buttons
//     (bot.api.sendMessage with an InlineKeyboard, one button per row).
// Usage: node telegram_cross_check.mjs LEVIER_BINARY SOURCE_DIR
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { Bot, InlineKeyboard, webhookCallback } from 'grammy';

const [levier, sourceDir] = process.argv.slice(2);
if (!levier || !sourceDir) {
  console.error('usage: node telegram_cross_check.mjs LEVIER_BINARY SOURCE_DIR');
  process.exit(2);
}
const levierToken = '7512346890:AAE-levier_token_0123456789abcdef';
const grammyToken = '7512346891:AAE-grammy_token_0123456789abcdef';
const secret = 'Cross_check-secret_0123456789';
const chatId = 7351946820;
const botInfo = { id: 7512346890, is_bot: true, first_name: 'Levier', username: 'levier_test_bot',
                  can_join_groups: false, can_read_all_group_messages: false,
                  supports_inline_queries: false, can_connect_to_business: false,
                  has_main_web_app: false };
const dir = mkdtempSync(join(tmpdir(), 'levier-telegram-node-'));

// The fake Bot API: records every call per token, answers like Telegram.
const calls = { [levierToken]: [], [grammyToken]: [] };
let nextMessageId = 500;
const api = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const m = req.url.match(/^\/bot([^/]+)\/(\w+)$/);
    if (!m || !(m[1] in calls)) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' }));
      return;
    }
    const payload = JSON.parse(body || '{}');
    calls[m[1]].push({ method: m[2], contentType: req.headers['content-type'], payload });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ ok: true, result: { message_id: nextMessageId++, date: 1760000000,
                                                 chat: { id: payload.chat_id, type: 'private' },
                                                 text: payload.text } }));
  });
});
await new Promise((r) => api.listen(0, '127.0.0.1', r));
const apiRoot = `http://127.0.0.1:${api.address().port}`;

// grammY as the reference receiver, answering presses in the webhook reply.
const seen = [];
const receiver = new Bot(levierToken, {
  botInfo, client: { apiRoot, canUseWebhookReply: (method) => method === 'answerCallbackQuery' } });
// Registered first: a /start deep link stops here, with grammY's own payload.
receiver.command('start', (ctx) => { seen.push({ kind: 'start', payload: ctx.match, chat: ctx.chat.id }); });
receiver.on('callback_query:data', async (ctx) => {
  seen.push({ kind: 'press', data: ctx.callbackQuery.data, chat: ctx.chat?.id });
  await ctx.answerCallbackQuery();
});
receiver.on('message:text', (ctx) => {
  seen.push({ kind: 'text', text: ctx.message.text, chat: ctx.chat.id, type: ctx.chat.type,
              language: ctx.from.language_code });
});
receiver.on('message:sticker', (ctx) => { seen.push({ kind: 'sticker', chat: ctx.chat.id }); });
const reference = createServer(webhookCallback(receiver, 'http', { secretToken: secret }));
await new Promise((r) => reference.listen(0, '127.0.0.1', r));
const referenceUrl = `http://127.0.0.1:${reference.address().port}`;

function startLevier() {
  return new Promise((resolve, reject) => {
    const child = spawn(levier, ['serve', '--listen', '127.0.0.1:0', '--db', join(dir, 'levier.db'),
                                 '--dialogs', join(sourceDir, 'dialogs/default'),
                                 '--kb', join(sourceDir, 'knowledge-base/data')],
      { env: { ...process.env, LEVIER_TELEGRAM_BOT_TOKEN: levierToken,
               LEVIER_TELEGRAM_SECRET_TOKEN: secret, LEVIER_TELEGRAM_API_BASE: apiRoot },
        stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}` });
    });
    child.on('exit', (code) => reject(new Error(`levier serve exited with ${code}`)));
  });
}

// `secretToken` null: no header.
async function post(base, update, secretToken = secret) {
  const headers = { 'Content-Type': 'application/json' };
  if (secretToken !== null) headers['X-Telegram-Bot-Api-Secret-Token'] = secretToken;
  const res = await fetch(`${base}${base === referenceUrl ? '' : '/webhooks/telegram'}`,
                          { method: 'POST', headers, body: JSON.stringify(update) });
  return { status: res.status, body: await res.text() };
}

// The Update shapes of tests/integration/telegram_test.cc.
const from = { id: chatId, is_bot: false, first_name: 'Amina', language_code: 'fr' };
const chat = { id: chatId, first_name: 'Amina', type: 'private' };
// A command carries its bot_command entity, as Telegram sends it.
const message = (id, text) => ({ update_id: id, message: { message_id: id + 1000, from, chat,
  date: 1760000000, text,
  ...(text.startsWith('/start') ? { entities: [{ type: 'bot_command', offset: 0, length: 6 }] } : {}) } });
const sticker = (id) => ({ update_id: id, message: { message_id: id + 1000, from, chat, date: 1760000000,
  sticker: { file_id: 'CAACAgIAAxkBAAEB', file_unique_id: 'AgADBQAD', type: 'regular', width: 512,
             height: 512, is_animated: false, is_video: false } } });
const press = (id, data, queryId) => ({ update_id: id, callback_query: {
  id: queryId, from, chat_instance: '-4836201', data,
  message: { message_id: 77, from: botInfo, chat, date: 1760000000, text: '?' } } });

async function waitForSends(n) {
  for (let i = 0; i < 200; i += 1) {
    const sends = calls[levierToken].filter((c) => c.method === 'sendMessage');
    if (sends.length >= n) return sends;
    await new Promise((r) => setTimeout(r, 100));
  }
  return calls[levierToken].filter((c) => c.method === 'sendMessage');
}

let passed = 0;
async function check(name, fn) {
  await fn();
  passed += 1;
  console.log(`ok - ${name}`);
}

const { child, url } = await startLevier();
try {
  await check('a wrong or missing secret is refused by both, as grammY words it', async () => {
    for (const wrong of ['wrong', null]) {
      const ours = await post(url, message(1, 'Bonjour'), wrong);
      const theirs = await post(referenceUrl, message(1, 'Bonjour'), wrong);
      assert.equal(ours.status, 401);
      assert.equal(theirs.status, 401);
      assert.equal(ours.body.trim(), theirs.body);
    }
    assert.equal(seen.length, 0);
  });

  await check('the test Update shapes are what grammY reads as Telegram updates', async () => {
    for (const update of [message(10, 'Bonjour'), message(11, '/start inv_Ab12'), sticker(12),
                          press(13, 'barrier.mobilite', 'q-13')]) {
      const theirs = await post(referenceUrl, update);
      assert.equal(theirs.status, 200);
    }
    assert.deepEqual(seen.map((s) => s.kind), ['text', 'start', 'sticker', 'press']);
    assert.equal(seen[0].text, 'Bonjour');
    assert.equal(seen[0].chat, chatId);
    assert.equal(seen[0].type, 'private');
    assert.equal(seen[0].language, 'fr');
    assert.equal(seen[1].payload, 'inv_Ab12');  // grammY's own reading of the deep link
    assert.equal(seen[3].data, 'barrier.mobilite');
    assert.equal(seen[3].chat, chatId);
  });

  await check('a press is answered with the same webhook reply as grammY', async () => {
    // Levier needs a conversation for the press to be a choice; the answer
    // to the press does not depend on it.
    assert.equal((await post(url, message(20, 'Bonjour'))).status, 200);
    const ours = await post(url, press(21, 'barrier.mobilite', 'q-21'));
    const theirs = await post(referenceUrl, press(21, 'barrier.mobilite', 'q-21'));
    assert.equal(ours.status, 200);
    assert.equal(theirs.status, 200);
    assert.deepEqual(JSON.parse(ours.body), JSON.parse(theirs.body));
  });

  await check('every sendMessage Levier made is the call grammY makes for it', async () => {
    const sends = await waitForSends(3);
    assert.ok(sends.length >= 3, `only ${sends.length} sendMessage calls`);
    const keyboards = sends.filter((s) => s.payload.reply_markup);
    assert.ok(keyboards.length >= 2, 'the barrier and commune questions carry keyboards');
    const sender = new Bot(grammyToken, { botInfo, client: { apiRoot } });
    for (const s of sends) {
      assert.equal(s.contentType, 'application/json');
      const other = {};
      if (s.payload.reply_markup) {
        const rows = s.payload.reply_markup.inline_keyboard;
        other.reply_markup = InlineKeyboard.from(
          rows.map((row) => { assert.equal(row.length, 1); return [InlineKeyboard.text(row[0].text, row[0].callback_data)]; }));
      }
      await sender.api.sendMessage(s.payload.chat_id, s.payload.text, other);
      const made = calls[grammyToken].at(-1);
      assert.equal(made.method, 'sendMessage');
      assert.deepEqual(s.payload, made.payload);
    }
  });

  await check('a sticker gets a plain sendMessage, as grammY would send it', async () => {
    const before = (await waitForSends(0)).length;
    assert.equal((await post(url, sticker(30))).status, 200);
    const sends = await waitForSends(before + 1);
    const reply = sends[before];
    assert.ok(reply, 'no reply to the sticker');
    assert.equal(reply.payload.reply_markup, undefined);
    const sender = new Bot(grammyToken, { botInfo, client: { apiRoot } });
    await sender.api.sendMessage(chatId, reply.payload.text);
    assert.deepEqual(reply.payload, calls[grammyToken].at(-1).payload);
  });
} finally {
  child.kill('SIGTERM');
  api.close();
  reference.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${passed} checks passed`);
