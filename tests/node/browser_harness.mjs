// What the browser tests share: the real `levier serve` on a fixed loopback
// port (the page's origin must be the public URL the server checks),
// Debian's Chromium driven by playwright-core, axe-core, and a tiny TAP-like
// runner that keeps going after a failed check.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function freePort() {
  const probe = createServer();
  await new Promise((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address();
  await new Promise((r) => probe.close(r));
  return port;
}

// `levier serve` on 127.0.0.1:`port` with the shipped dialogs and providers,
// LEVIER_PUBLIC_URL set to that address; resolves once it listens.
export function startLevierAt(levier, sourceDir, port, dbPath, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(levier, ['serve', '--listen', `127.0.0.1:${port}`, '--db', dbPath,
      '--dialogs', join(sourceDir, 'dialogs/default'), '--kb', join(sourceDir, 'knowledge-base/data')],
    { env: { ...process.env, LEVIER_PUBLIC_URL: `http://127.0.0.1:${port}`, ...env },
      stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (/listening on http:\/\/127\.0\.0\.1:\d+/.test(out)) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`levier serve exited with ${code}`)));
  });
}

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',  // Debian's package (deploy/install-deps.sh)
    headless: true,
    // Root in CI containers: Chromium's sandbox needs user namespaces.
    args: ['--no-sandbox'],
  });
}

// axe-core's WCAG 2.1 A and AA violations on the page, one line each.
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// check(name, body) runs one scenario and prints "ok"/"not ok"; failures
// lists the names of those that failed.
export function checker() {
  const failures = [];
  async function check(name, body) {
    const started = Date.now();
    try {
      await body();
      console.log(`ok - ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      failures.push(name);
      console.log(`not ok - ${name}\n${e.stack}`);
    }
  }
  return { check, failures };
}
