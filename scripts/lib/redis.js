// Debian's redis-server (from PATH, or REDIS_SERVER) on a port of our choosing with its own
// data dir, for `npm start -- --servers 2`, the scale-out tests and the fanout bench (issue #17).
// Nothing is saved to disk: the data in it (Socket.IO's stream, limits, leases) is short-lived.
import { spawn } from 'node:child_process';
import { createClient } from 'redis';

/**
 * @param {{ port: number; dir: string; stdio?: 'ignore' | 'inherit' }} opts
 * @returns {Promise<{ child: import('node:child_process').ChildProcess; url: string; stop: () => Promise<void> }>}
 */
export async function startRedisServer({ port, dir }) {
  const bin = process.env.REDIS_SERVER ?? 'redis-server';
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // it says so once it accepts connections; no polling
  await new Promise((resolve, reject) => {
    const onData = (/** @type {Buffer} */ b) => {
      output += b.toString();
      if (output.includes('Ready to accept connections')) resolve(undefined);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (e) => reject(new Error(`${bin} could not start (Debian: apt-get install redis-server): ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`${bin} exited with ${code}: ${output.trim().split('\n').slice(-3).join(' ')}`)));
  });
  child.stdout?.resume();
  child.stderr?.resume();
  const url = `redis://127.0.0.1:${port}`;
  const client = createClient({ url });
  await client.connect();
  const pong = await client.ping();
  await client.quit();
  if (pong !== 'PONG') throw new Error(`${bin} did not answer PING`);
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
      child.once('exit', () => resolve(undefined));
      child.kill('SIGTERM');
    });
  return { child, url, stop };
}
