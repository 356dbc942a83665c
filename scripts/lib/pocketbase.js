// Finds or builds the PocketBase binary and runs it. Plain JS: it must work on a
// fresh clone before anything is compiled.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, platform, arch } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC_DIR = join(ROOT, 'pocketbase');
const BIN_DIR = join(ROOT, '.pocketbase');
const BIN = join(BIN_DIR, platform() === 'win32' ? 'pocketbase.exe' : 'pocketbase');
const STAMP = join(BIN_DIR, 'source.sha256');

export function pocketbaseVersion() {
  const mod = readFileSync(join(SRC_DIR, 'go.mod'), 'utf8');
  const m = mod.match(/github\.com\/pocketbase\/pocketbase\s+v(\S+)/);
  if (!m) throw new Error('pocketbase/go.mod does not pin github.com/pocketbase/pocketbase');
  return m[1];
}

/** go.mod, go.sum and every .go file under pocketbase/, in a stable order */
function sourceFiles(dir = SRC_DIR, rel = '') {
  /** @type {string[]} */
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...sourceFiles(join(dir, e.name), path));
    else if (e.name.endsWith('.go') || (!rel && (e.name === 'go.mod' || e.name === 'go.sum'))) out.push(path);
  }
  return out;
}

function sourceHash() {
  const h = createHash('sha256');
  for (const f of sourceFiles()) h.update(f).update(readFileSync(join(SRC_DIR, f)));
  return h.digest('hex');
}

function hasGo() {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/** @param {(m: string) => void} log */
function goBuild(log) {
  const version = pocketbaseVersion();
  log(`Building PocketBase v${version} from its Go module (the first build takes a few minutes)...`);
  mkdirSync(BIN_DIR, { recursive: true });
  const r = spawnSync(
    'go',
    ['build', '-trimpath', '-ldflags', `-s -w -X github.com/pocketbase/pocketbase.Version=${version}`, '-o', BIN, '.'],
    { cwd: SRC_DIR, stdio: 'inherit', env: { ...process.env, CGO_ENABLED: '0' } }
  );
  if (r.status !== 0) throw new Error(`go build of pocketbase/ failed (exit ${r.status})`);
}

/** @param {(m: string) => void} log */
async function download(log) {
  const version = pocketbaseVersion();
  const os = platform() === 'win32' ? 'windows' : platform();
  const cpu = { x64: 'amd64', arm64: 'arm64' }[arch()] ?? arch();
  const url = `https://github.com/pocketbase/pocketbase/releases/download/v${version}/pocketbase_${version}_${os}_${cpu}.zip`;
  log(`Go is not installed; downloading the official PocketBase v${version} release...`);
  const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!res.ok) throw new Error(`download of ${url} answered ${res.status}`);
  mkdirSync(BIN_DIR, { recursive: true });
  const zip = join(BIN_DIR, 'release.zip');
  writeFileSync(zip, Buffer.from(await res.arrayBuffer()));
  const py = spawnSync('python3', ['-c', 'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extract("pocketbase", sys.argv[2])', zip, BIN_DIR]);
  if (py.status !== 0 && spawnSync('unzip', ['-o', zip, 'pocketbase', '-d', BIN_DIR]).status !== 0) {
    throw new Error('could not unpack the release (needs python3 or unzip)');
  }
  rmSync(zip);
  chmodSync(BIN, 0o755);
}

/**
 * POCKETBASE_BIN -> the built binary in .pocketbase/ (rebuilt when pocketbase/ changes)
 * -> go build -> the official release of the same version -> a clear error.
 */
/** @param {{ log?: (m: string) => void }} [opts] @returns {Promise<string>} */
export async function resolvePocketBase({ log = console.log } = {}) {
  if (process.env.POCKETBASE_BIN) {
    if (!existsSync(process.env.POCKETBASE_BIN)) throw new Error(`POCKETBASE_BIN=${process.env.POCKETBASE_BIN} does not exist`);
    return process.env.POCKETBASE_BIN;
  }
  const hash = sourceHash();
  if (existsSync(BIN) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === hash) return BIN;
  const errors = [];
  if (hasGo()) {
    try {
      goBuild(log);
      writeFileSync(STAMP, hash);
      return BIN;
    } catch (e) {
      errors.push(`go build: ${/** @type {Error} */ (e).message}`);
    }
  } else errors.push('go build: Go (1.25+) is not on PATH');
  try {
    await download(log);
    writeFileSync(STAMP, hash);
    return BIN;
  } catch (e) {
    errors.push(`official release download: ${/** @type {Error} */ (e).message}`);
  }
  throw new Error(
    'No PocketBase binary. Options:\n' +
      '  1. set POCKETBASE_BIN to a PocketBase v' + pocketbaseVersion() + ' binary built with jsvm,\n' +
      '  2. install Go 1.25+ so that `npm run pocketbase -- build` can build pocketbase/,\n' +
      '  3. allow access to the official release download.\n' +
      'Tried: ' + errors.join('; ')
  );
}

/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => res(port));
    });
  });
}

/**
 * Fails clearly when something already listens on the port (e.g. Packbench is already running).
 * @param {number} port
 */
export function assertPortFree(port, host = '127.0.0.1', what = 'this port') {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', (e) =>
      rej(new Error(/** @type {NodeJS.ErrnoException} */ (e).code === 'EADDRINUSE' ? `${host}:${port} (${what}) is already in use. Is Packbench already running? Stop it, or choose another port.` : e.message))
    );
    srv.listen(port, host, () => srv.close(() => res(undefined)));
  });
}

/** @param {string} url */
export async function waitForHealth(url, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  /** @type {Error | undefined} */
  let last;
  while (Date.now() < until) {
    try {
      const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return;
      last = new Error(`health answered ${r.status}`);
    } catch (e) {
      last = /** @type {Error} */ (e);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`PocketBase at ${url} did not become healthy: ${last?.message}`);
}

/**
 * Runs `pocketbase superuser upsert` against a data dir (before or while serving). The email
 * and password come after `--`: a random base64url password starts with "-" one time in 64,
 * and PocketBase's CLI then read it as flags. PocketBase exits 0 even when the command failed,
 * so success is its own message.
 */
/** @param {string} bin @param {string} dataDir @param {string} email @param {string} password */
export function upsertSuperuser(bin, dataDir, email, password) {
  const r = spawnSync(bin, ['superuser', 'upsert', `--dir=${dataDir}`, ...dirFlags(), '--', email, password], { encoding: 'utf8' });
  if (r.status !== 0 || !`${r.stdout}${r.stderr}`.includes('Successfully saved superuser')) {
    throw new Error(`superuser upsert failed: ${(r.stderr || r.stdout).trim()}`);
  }
}

function dirFlags() {
  return [`--migrationsDir=${join(ROOT, 'pb_migrations')}`, `--hooksDir=${join(ROOT, 'pb_hooks')}`];
}

/** The port was taken between `freePort()` and PocketBase's bind (another process got it first). */
export class PortInUse extends Error {}

/**
 * Starts `pocketbase serve` on 127.0.0.1 (migrations are applied on start) and resolves when
 * it is healthy. The server is ours only once it says it started on this address: another
 * process that took the port meanwhile would answer the health check too (and then refuse
 * our superuser), so a bind failure rejects with PortInUse instead.
 */
/**
 * @param {{ bin: string; dataDir: string; port: number; stdio?: 'ignore' | 'inherit'; env?: Record<string, string> }} opts
 */
export async function startPocketBase({ bin, dataDir, port, stdio = 'ignore', env = {} }) {
  mkdirSync(dataDir, { recursive: true });
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ['serve', `--http=127.0.0.1:${port}`, `--dir=${dataDir}`, ...dirFlags()], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env }
  });
  /** @type {number | null} */
  let exited = null;
  child.once('exit', (code) => (exited = code));
  const started = new Promise((resolve, reject) => {
    let seen = '';
    let done = false;
    /** @param {Buffer} chunk @param {NodeJS.WriteStream} sink */
    const scan = (chunk, sink) => {
      // always drained (a full pipe would stop PocketBase), shown only when asked for
      if (stdio === 'inherit') sink.write(chunk);
      if (done) return;
      seen = (seen + chunk.toString()).slice(-4000);
      if (seen.includes(`Server started at ${url}`)) {
        done = true;
        resolve(undefined);
      } else if (seen.includes('address already in use')) {
        done = true;
        reject(new PortInUse(`port ${port} was taken before PocketBase could use it`));
      }
    };
    child.stdout?.on('data', (c) => scan(c, process.stdout));
    child.stderr?.on('data', (c) => scan(c, process.stderr));
    child.once('exit', (code) => {
      if (!done) reject(new Error(`pocketbase exited with ${code} before it started: ${seen.trim().slice(-300)}`));
      done = true;
    });
  });
  try {
    await Promise.race([started, new Promise((_, reject) => setTimeout(() => reject(new Error(`PocketBase at ${url} did not start within 60 s`)), 60_000).unref())]);
    await waitForHealth(url);
  } catch (e) {
    child.kill('SIGKILL');
    if (e instanceof PortInUse) throw e;
    throw new Error(`${/** @type {Error} */ (e).message}${exited !== null ? ` (pocketbase exited with ${exited})` : ''}`);
  }
  return {
    url,
    child,
    stop: () =>
      new Promise((res) => {
        if (child.exitCode !== null || child.signalCode !== null) return res(undefined);
        child.once('exit', () => res(undefined));
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      })
  };
}

/**
 * `startPocketBase` on a free port; when another process takes the port between the look-up
 * and PocketBase's bind, it starts again on another one.
 * @param {{ bin: string; dataDir: string; stdio?: 'ignore' | 'inherit'; env?: Record<string, string> }} opts
 */
export async function startPocketBaseOnFreePort(opts) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPocketBase({ ...opts, port: await freePort() });
    } catch (e) {
      if (!(e instanceof PortInUse) || attempt >= 5) throw e;
    }
  }
}

/** A throwaway PocketBase for tests: free port, temp data dir, a superuser. */
/** @param {{ bin?: string }} [opts] */
export async function startTestPocketBase({ bin } = {}) {
  const binary = bin ?? (await resolvePocketBase({ log: () => {} }));
  const dataDir = join(tmpdir(), `packbench-pb-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const email = 'superuser@packbench.test';
  const password = 'test-' + Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  mkdirSync(dataDir, { recursive: true });
  // Migrations must run before the superuser exists in a fresh dir; `migrate up` does that.
  const mig = spawnSync(binary, ['migrate', 'up', `--dir=${dataDir}`, ...dirFlags()], { encoding: 'utf8' });
  if (mig.status !== 0) throw new Error(`migrate up failed: ${mig.stderr || mig.stdout}`);
  upsertSuperuser(binary, dataDir, email, password);
  const pb = await startPocketBaseOnFreePort({ bin: binary, dataDir, stdio: process.env.PB_LOG ? 'inherit' : 'ignore' });
  return {
    ...pb,
    dataDir,
    email,
    password,
    stop: async () => {
      await pb.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
}
