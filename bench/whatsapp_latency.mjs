// WhatsApp reply latency through the outbox (docs/performance.md, "WhatsApp
// replies"): from the moment a signed notification is posted to
// /webhooks/whatsapp until Levier's first reply reaches a fake Graph API on
// loopback, at a fixed rate of new residents' messages.
//
//   node bench/whatsapp_latency.mjs LEVIER_BINARY [RATE] [SECONDS]
//
// RATE: notifications per second (default 200); SECONDS: duration (default
// 20). Each notification is a first "Bonjour" from a new resident, so every
// one is a full step (new session, commit, replies queued, dispatcher woken,
// sent). Node.js built-ins only. Prints p50/p95/p99/max and the count of
// replies missing after a 10 s grace.
import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLevier } from '../tests/node/levier_server.mjs';

const [levier, rateArg, secondsArg] = process.argv.slice(2);
if (!levier) {
  console.error('usage: node bench/whatsapp_latency.mjs LEVIER_BINARY [RATE] [SECONDS]');
  process.exit(2);
}
const rate = Number(rateArg ?? 200);
const seconds = Number(secondsArg ?? 20);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const appSecret = 'b3e1f0c9a8d7e6f5a4b3c2d1e0f9a8b7';
const phoneId = '106540352242922';
const dir = mkdtempSync(join(tmpdir(), 'levier-wa-bench-'));

// resident -> time the notification was posted; first reply time per resident.
const postedAt = new Map();
const firstReply = new Map();
const graph = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const now = performance.now();
    const to = JSON.parse(body).to;
    if (!firstReply.has(to)) firstReply.set(to, now);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(`{"messaging_product":"whatsapp","messages":[{"id":"wamid.b${firstReply.size}"}]}`);
  });
});
graph.keepAliveTimeout = 1000;
await new Promise((r) => graph.listen(0, '127.0.0.1', r));

const server = await startLevier(levier, root, join(dir, 'levier.db'), {
  LEVIER_LOG_LEVEL: 'warn', LEVIER_WHATSAPP_APP_SECRET: appSecret,
  LEVIER_WHATSAPP_VERIFY_TOKEN: 'bench-verify-token-0001',
  LEVIER_WHATSAPP_ACCESS_TOKEN: 'EAAbenchtoken0123456789', LEVIER_WHATSAPP_PHONE_NUMBER_ID: phoneId,
  LEVIER_WHATSAPP_MESSAGES_PER_SECOND: '1000',
  LEVIER_WHATSAPP_API_BASE: `http://127.0.0.1:${graph.address().port}/v24.0` });

function notification(resident, id) {
  return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{
    field: 'messages', value: { messaging_product: 'whatsapp',
      metadata: { display_phone_number: '33700000000', phone_number_id: phoneId },
      contacts: [{ profile: { name: 'R' }, wa_id: resident }],
      messages: [{ from: resident, id, timestamp: String(Math.floor(Date.now() / 1000)),
                   type: 'text', text: { body: 'Bonjour' } }] } }] }] });
}

// The server's CPU time (clock ticks, 100 per second on Linux) and what it
// sent towards the disk, to divide by the messages once every reply is out.
function serverUsage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  return { ticks: Number(fields[11]) + Number(fields[12]),
           written: Number(/write_bytes: (\d+)/.exec(io)[1]) };
}
const usageBefore = serverUsage(server.child.pid);

let errors = 0;
const total = rate * seconds;
const start = performance.now();
const inflight = [];
for (let i = 0; i < total; i++) {
  const due = start + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const resident = String(33600000000 + i);
  const body = notification(resident, `wamid.bench${i}`);
  const signature = 'sha256=' + createHmac('sha256', appSecret).update(body).digest('hex');
  postedAt.set(resident, performance.now());
  inflight.push(fetch(`http://127.0.0.1:${server.port}/webhooks/whatsapp`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature },
    body }).then((r) => { if (r.status !== 200) errors++; return r.arrayBuffer(); })
    .catch(() => { errors++; }));
}
await Promise.all(inflight);
const sendSeconds = (performance.now() - start) / 1000;
for (let i = 0; i < 100 && firstReply.size < total; i++) await new Promise((r) => setTimeout(r, 100));

const usageAfter = serverUsage(server.child.pid);
const latencies = [];
for (const [resident, at] of postedAt) {
  const got = firstReply.get(resident);
  if (got !== undefined) latencies.push(got - at);
}
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
const f = (ms) => `${ms.toFixed(1)} ms`;
console.log(`WhatsApp reply latency, webhook POST -> first Cloud API request (loopback fake):`);
console.log(`  offered ${rate}/s for ${seconds} s: ${total} notifications in ${sendSeconds.toFixed(1)} s, ` +
            `${errors} not answered 200`);
console.log(`  replies received for ${latencies.length} of ${total} residents`);
console.log(`  p50 ${f(pct(50))}  p95 ${f(pct(95))}  p99 ${f(pct(99))}  max ${f(latencies[latencies.length - 1])}`);
const cpuUs = ((usageAfter.ticks - usageBefore.ticks) * 10000) / total;
const writtenKb = (usageAfter.written - usageBefore.written) / 1024 / total;
console.log(`  server CPU ${cpuUs.toFixed(1)} µs and ${writtenKb.toFixed(1)} KB written to disk per message ` +
            `(reply sent included)`);
console.log(`RESULT rate=${rate} requests=${total} errors=${errors} replies=${latencies.length} ` +
            `p50_ms=${pct(50).toFixed(2)} p95_ms=${pct(95).toFixed(2)} p99_ms=${pct(99).toFixed(2)} ` +
            `max_ms=${latencies[latencies.length - 1].toFixed(2)} cpu_us=${cpuUs.toFixed(1)} ` +
            `written_kb=${writtenKb.toFixed(1)}`);
server.child.kill('SIGTERM');
graph.close();
rmSync(dir, { recursive: true, force: true });
process.exit(latencies.length === total && errors === 0 ? 0 : 1);
