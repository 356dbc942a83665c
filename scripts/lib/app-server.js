// Runs scripts/serve.js (the built app + Socket.IO) as a child and waits until it listens.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './pocketbase.js';

/**
 * V8 flags for the app server: PACKBENCH_NODE_FLAGS, else a young generation of 32 MB
 * semi-spaces and an old generation that grows by half before its next full collection.
 * Every request allocates short-lived objects (tRPC, JSON, the PocketBase client): larger
 * semi-spaces mean fewer collections (V8's default of 16 MB cost a fifth more CPU per
 * checkout than 64 MB), but 64 MB with V8's own growth factor let the server's memory
 * reach 313-387 MB in the checkout benchmark (issue #12, finding 10: goal below 250 MB).
 * 32 MB with growth capped at 1.5x measured 215-223 MB at the same throughput and p99
 * (alternating runs: 264 against 268 orders/s, p99 206 against 215 ms) for about 0.17 ms
 * more of the app server's CPU per checkout.
 */
function nodeFlags() {
  const flags = process.env.PACKBENCH_NODE_FLAGS ?? '--max-semi-space-size=32 --heap-growing-percent=50';
  return flags.split(' ').filter(Boolean);
}

/**
 * @param {{ env: Record<string, string | undefined>; port: number; host?: string; stdio?: 'ignore' | 'inherit' | number }} opts (a number: a file descriptor for its output)
 */
export function startAppServer({ env, port, host = '127.0.0.1', stdio = 'inherit' }) {
  const child = spawn(process.execPath, [...nodeFlags(), join(ROOT, 'scripts', 'serve.js')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: host },
    stdio: ['ignore', stdio, stdio, 'ipc']
  });
  const ready = new Promise((resolve, reject) => {
    child.on('message', (/** @type {{ ready?: boolean }} */ m) => m?.ready && resolve(undefined));
    child.once('exit', (code) => reject(new Error(`app server exited with ${code} before it listened`)));
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
      child.once('exit', () => resolve(undefined));
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 6000).unref();
    });
  return { child, ready, stop, url: `http://${host}:${port}` };
}
