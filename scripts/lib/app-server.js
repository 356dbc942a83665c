// Runs scripts/serve.js (the built app + Socket.IO) as a child and waits until it listens.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './pocketbase.js';

/**
 * V8 flags for the app server: PACKBENCH_NODE_FLAGS, else a larger young generation. Every
 * request allocates short-lived objects (tRPC, JSON, the PocketBase client); with 64 MB
 * semi-spaces V8 collects them a quarter as often, which took a fifth off the app server's
 * CPU per checkout in the checkout benchmark.
 */
function nodeFlags() {
  const flags = process.env.PACKBENCH_NODE_FLAGS ?? '--max-semi-space-size=64';
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
