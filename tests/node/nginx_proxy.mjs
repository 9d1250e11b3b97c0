// The shipped proxy configuration (deploy/nginx-levier.conf) in Debian's real
// nginx, in front of the real `levier serve`: the file is used as shipped
// except what names this machine (ports, the certificate, the log and
// temporary paths), and the checks go through TLS as a resident's phone,
// Twilio and a coordinator's browser would:
//  - a Twilio request signed by the official SDK over the public URL reaches
//    Levier unchanged (path, body, signature) and gets its TwiML reply;
//  - the web chat and the workspace are served through it (the shipped file
//    once answered 404 for both);
//  - the workspace's file import may carry a large file, every other path
//    keeps the small bound; unknown paths are 404 at the proxy; plain HTTP is
//    redirected to HTTPS.
// Usage: node nginx_proxy.mjs LEVIER_BINARY SOURCE_DIR
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { request as plainRequest } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { checker, freePort, startLevierAt } from './browser_harness.mjs';

const twilio = createRequire(import.meta.url)('twilio');
const [levier, sourceDir] = process.argv.slice(2);
if (!levier || !sourceDir) {
  console.error('usage: node nginx_proxy.mjs LEVIER_BINARY SOURCE_DIR');
  process.exit(2);
}
const nginxBinary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => {
  try { execFileSync(p, ['-v'], { stdio: 'ignore' }); return true; } catch { return false; }
});
if (!nginxBinary) {
  console.error('nginx_proxy: nginx is missing: run deploy/install-deps.sh (it installs nginx-light)');
  process.exit(1);
}

// The shipped file's server_name is a placeholder, which Levier refuses as its public URL.
const host = 'levier.test';
const token = '5c0ffee1d2e3f4a5b6c7d8e9f0a1b2c3';
const dir = mkdtempSync(join(tmpdir(), 'levier-nginx-'));
const [levierPort, httpsPort, httpPort] = [await freePort(), await freePort(), await freePort()];

// A certificate for the shipped server_name, made here.
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
  '-subj', `/CN=${host}`, '-addext', `subjectAltName=DNS:${host}`,
  '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
const ca = readFileSync(join(dir, 'cert.pem'));

// The shipped file, with only this machine's names changed (ports, server name,
// certificate, log and temporary paths); each change must
// find its target, so a reworded file fails here rather than going untested.
let site = readFileSync(join(sourceDir, 'deploy/nginx-levier.conf'), 'utf8');
const replace = (pattern, by) => {
  assert.match(site, pattern, `deploy/nginx-levier.conf no longer has ${pattern}`);
  site = site.replace(pattern, by);
};
replace(/listen 443 ssl http2;/, `listen 127.0.0.1:${httpsPort} ssl http2;`);
replace(/listen 80;/, `listen 127.0.0.1:${httpPort};`);
assert.match(site, /server_name levier\.example\.org;/);
site = site.replaceAll('server_name levier.example.org;', `server_name ${host};`);
site = site.replace(/^\s*listen \[::\]:.*$/gm, '');
replace(/ssl_certificate\s+\S+;/, `ssl_certificate ${join(dir, 'cert.pem')};`);
replace(/ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${join(dir, 'key.pem')};`);
replace(/access_log \/var\/log\/nginx\/levier\.access\.log levier;/, `access_log ${join(dir, 'access.log')} levier;`);
assert.match(site, /proxy_pass http:\/\/127\.0\.0\.1:8080;/);
site = site.replaceAll('proxy_pass http://127.0.0.1:8080;', `proxy_pass http://127.0.0.1:${levierPort};`);
// Run as root, nginx's workers drop to `nobody`: they must reach the temporary folders.
chmodSync(dir, 0o711);
for (const temp of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
  mkdirSync(join(dir, temp));
  chmodSync(join(dir, temp), 0o777);
}
writeFileSync(join(dir, 'nginx.conf'), `worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 64; }
http {
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
${site}
}
`);

const server = await startLevierAt(levier, sourceDir, levierPort, join(dir, 'levier.db'),
  { LEVIER_PUBLIC_URL: `https://${host}`, LEVIER_TWILIO_AUTH_TOKEN: token });
execFileSync(nginxBinary, ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'inherit' });
const nginx = spawn(nginxBinary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'],
  { stdio: 'inherit' });
for (let i = 0; i < 50; i++) {
  try { execFileSync('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${httpsPort}`], { stdio: 'ignore' }); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
}

// One request through the proxy, as a client that resolves levier.example.org to it.
function send(method, path, { body = '', headers = {}, tls = true } = {}) {
  return new Promise((resolve, reject) => {
    const options = { host: '127.0.0.1', port: tls ? httpsPort : httpPort, method, path,
      headers: { Host: host, 'Content-Length': Buffer.byteLength(body), ...headers } };
    const req = tls ? request({ ...options, servername: host, ca }) : plainRequest(options);
    req.on('response', (res) => {
      let data = '';
      res.on('data', (c) => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const { check, failures } = checker();

await check('a Twilio request signed over the public URL reaches Levier unchanged', async () => {
  const params = { MessageSid: `SM${'a'.repeat(32)}`, AccountSid: `AC${'1'.repeat(32)}`,
    From: '+33611111111', To: '+33700000000', Body: 'Bonjour', NumMedia: '0' };
  const signature = twilio.getExpectedTwilioSignature(token, `https://${host}/webhooks/twilio`, params);
  const body = new URLSearchParams(params).toString();
  const res = await send('POST', '/webhooks/twilio', { body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature } });
  assert.equal(res.status, 200, res.body);
  assert.match(res.body, /<Response><Message>[^<]*Levier/);
  const forged = await send('POST', '/webhooks/twilio', { body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': 'x'.repeat(28) } });
  assert.equal(forged.status, 403);
});

await check('the web chat and the workspace are served through the proxy', async () => {
  for (const path of ['/chat', '/chat/chat.js', '/workspace/', '/workspace/app.js']) {
    const res = await send('GET', path);
    assert.equal(res.status, 200, `${path}: ${res.status}`);
    assert.ok(res.headers['content-security-policy'], `${path} keeps Levier's headers`);
  }
  const me = await send('GET', '/workspace/api/me');
  assert.equal(me.status, 401);
  assert.equal(JSON.parse(me.body).code, 'sign_in_first');
  assert.equal((await send('GET', '/healthz')).status, 200);
});

await check('only the import carries a large body; unknown paths and plain HTTP stop at the proxy', async () => {
  const large = JSON.stringify({ version: 1, format: 'csv', csv: 'x'.repeat(900 * 1024) });
  const json = { 'Content-Type': 'application/json', Origin: `https://${host}` };
  // Through nginx to Levier, which refuses it for want of a session (its own answer, JSON).
  const imported = await send('POST', '/workspace/api/providers/import', { body: large, headers: json });
  assert.equal(imported.status, 401, imported.body.slice(0, 200));
  assert.equal(JSON.parse(imported.body).code, 'sign_in_first');
  // The same body anywhere else: refused by nginx before Levier reads it.
  const elsewhere = await send('POST', '/workspace/api/login', { body: large, headers: json });
  assert.equal(elsewhere.status, 413);
  assert.equal((await send('GET', '/anything-else')).status, 404);
  const plain = await send('GET', '/workspace/', { tls: false });
  assert.equal(plain.status, 301);
  assert.equal(plain.headers.location, `https://${host}/workspace/`);
  assert.doesNotMatch(readFileSync(join(dir, 'access.log'), 'utf8'), /Bonjour|33611111111/, 'the access log keeps no message nor number');
});

nginx.kill('SIGQUIT');
server.kill('SIGTERM');
await Promise.all([new Promise((r) => nginx.once('exit', r)), new Promise((r) => server.once('exit', r))]);
if (failures.length > 0) console.log(`# nginx's error log:\n${readFileSync(join(dir, 'error.log'), 'utf8')}`);
rmSync(dir, { recursive: true, force: true });
if (failures.length > 0) {
  console.log(`# ${failures.length} failed: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('# all proxy checks passed');
