// Builds the SvelteKit app when build/ is missing or was built from other sources.
// The sources' fingerprint is taken BEFORE building, so an edit made during a build makes
// the next check rebuild; a lock directory keeps two builds (tests, benchmarks, npm start)
// from writing the same output at once.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './pocketbase.js';

const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];
const STAMP = join(ROOT, 'build', '.source-fingerprint');
const LOCK = join(ROOT, '.build.lock');
const STALE_LOCK_MS = 10 * 60_000;

/** @param {string} root @param {string} path @param {import('node:crypto').Hash} hash */
function addTree(root, path, hash) {
  if (!existsSync(path)) return;
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const f of readdirSync(path).sort()) addTree(root, join(path, f), hash);
  } else {
    hash.update(`${relative(root, path)}\0${st.size}\0${st.mtimeMs}\n`);
  }
}

/** Names, sizes and modification times of every source file, hashed. */
export function sourceFingerprint(root = ROOT, sources = SOURCES) {
  const hash = createHash('sha256');
  for (const p of sources) addTree(root, join(root, p), hash);
  return hash.digest('hex');
}

function isFresh(fingerprint = sourceFingerprint()) {
  return existsSync(join(ROOT, 'build', 'handler.js')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === fingerprint;
}

/** @param {number} ms */
function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** @returns {boolean} whether this process holds the lock */
function acquireLock() {
  try {
    mkdirSync(LOCK);
    return true;
  } catch {
    if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
}

/** @param {{ log?: (m: string) => void }} [opts] */
export function buildIfStale({ log = console.log } = {}) {
  // A test run whose E2E setup built (or checked) the app and started a server from it: a
  // second build during the run (sources edited meanwhile) would replace files under that
  // running server, which then fails every later request.
  if (process.env.PACKBENCH_BUILD_READY) return false;
  if (isFresh()) return false;
  while (!acquireLock()) {
    sleep(500); // another build is running; it may produce exactly what we need
  }
  try {
    const fingerprint = sourceFingerprint();
    if (isFresh(fingerprint)) return false;
    log('Building the app (vite build)...');
    // generates .svelte-kit/tsconfig.json and types before the first build on a fresh clone
    spawnSync(process.execPath, [join(ROOT, 'node_modules', '@sveltejs', 'kit', 'svelte-kit.js'), 'sync'], { cwd: ROOT, stdio: 'inherit' });
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('vite build failed');
    writeFileSync(STAMP, fingerprint);
    return true;
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
