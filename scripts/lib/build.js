// Builds the SvelteKit app when build/ is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './pocketbase.js';

/** @param {string} path @returns {number} */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newestMtime(join(path, f))), st.mtimeMs);
}

/** @param {{ log?: (m: string) => void }} [opts] */
export function buildIfStale({ log = console.log } = {}) {
  const handler = join(ROOT, 'build', 'handler.js');
  const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'].map((p) => join(ROOT, p));
  if (existsSync(handler) && statSync(handler).mtimeMs >= Math.max(...sources.map(newestMtime))) return false;
  log('Building the app (vite build)...');
  // generates .svelte-kit/tsconfig.json and types before the first build on a fresh clone
  spawnSync(process.execPath, [join(ROOT, 'node_modules', '@sveltejs', 'kit', 'svelte-kit.js'), 'sync'], { cwd: ROOT, stdio: 'inherit' });
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
  return true;
}
