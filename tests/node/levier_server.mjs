// Starts `levier serve` on an ephemeral loopback port with the shipped
// dialogs and knowledge base, for the Node.js tests and benchmarks.
// Resolves to { child, port } once the server prints its address.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export function startLevier(levier, sourceDir, dbPath, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(levier, ['serve', '--listen', '127.0.0.1:0', '--db', dbPath,
                                 '--dialogs', join(sourceDir, 'dialogs/default'),
                                 '--kb', join(sourceDir, 'knowledge-base/data')],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`levier serve exited with ${code}`)));
  });
}
