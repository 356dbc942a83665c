// Backups of the PocketBase data dir: the schedule `npm start` sets, `npm run backup` and
// `npm run restore`. Plain JS like the other start scripts. The archive is PocketBase's own
// format (a zip of the data dir without backups/), so a backup made here can also be restored
// from PocketBase's dashboard, and one made by the schedule with `npm run restore`.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { unzipSync, zipSync } from 'fflate';

/** What PocketBase itself leaves out of a backup and keeps on restore (core/base_backup.go). */
const KEEP_OUT = new Set(['backups', '.pb_temp_to_delete', '.autocert_cache', 'lost+found']);

/**
 * The schedule from the environment: daily at 03:00 (PocketBase's cron runs in UTC), keeping
 * 14; BACKUP_CRON=off turns it off.
 * @param {Record<string, string | undefined>} env
 */
export function backupSchedule(env) {
  const cron = (env.BACKUP_CRON ?? '0 3 * * *').trim();
  const keep = Number(env.BACKUP_KEEP ?? 14);
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`BACKUP_KEEP must be a whole number of backups to keep (1 or more), not "${env.BACKUP_KEEP}"`);
  return { cron: cron === 'off' ? '' : cron, cronMaxKeep: keep };
}

/** @param {string} url @param {string} email @param {string} password */
export async function superuserToken(url, email, password) {
  const r = await fetch(`${url}/api/collections/_superusers/auth-with-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identity: email, password })
  });
  if (!r.ok) throw new Error(`superuser sign-in at ${url} answered ${r.status}`);
  return /** @type {{ token: string }} */ (await r.json()).token;
}

/**
 * Writes the schedule into PocketBase's settings (only `backups.cron` and `cronMaxKeep`; S3
 * settings made in the dashboard stay).
 * @param {{ url: string; token: string; env: Record<string, string | undefined> }} opts
 */
export async function applyBackupSchedule({ url, token, env }) {
  const backups = backupSchedule(env);
  const r = await fetch(`${url}/api/settings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({ backups })
  });
  if (!r.ok) throw new Error(`backup schedule (${backups.cron}): PocketBase answered ${r.status} ${await r.text()}`);
  return backups;
}

/** PocketBase accepts lower-case names ending in .zip for its backups. */
export function backupName(now = new Date()) {
  // to the millisecond: two backups in one second must not collide
  return `packbench_${now.toISOString().replace(/[-:]/g, '').replace('T', '_').replace('.', '_').slice(0, 19)}.zip`;
}

/** @param {string} url */
export async function isHealthy(url) {
  try {
    return (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/** The superuser of a data dir as `npm start` keeps it, or from the environment. */
/** @param {string} dataDir @param {Record<string, string | undefined>} env */
export function superuserOf(dataDir, env) {
  if (env.PB_SUPERUSER_EMAIL && env.PB_SUPERUSER_PASSWORD) return { email: env.PB_SUPERUSER_EMAIL, password: env.PB_SUPERUSER_PASSWORD };
  const file = join(dataDir, 'superuser.json');
  if (!existsSync(file)) throw new Error(`no ${file}: set PB_SUPERUSER_EMAIL and PB_SUPERUSER_PASSWORD`);
  return /** @type {{ email: string; password: string }} */ (JSON.parse(readFileSync(file, 'utf8')));
}

/** @param {string} dir @param {string} root @param {Record<string, Uint8Array>} out */
function collect(dir, root, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    const rel = relative(root, path).split(sep).join('/');
    if (dir === root && KEEP_OUT.has(e.name)) continue;
    if (e.isDirectory()) collect(path, root, out);
    else if (e.isFile()) out[rel] = readFileSync(path);
  }
  return out;
}

/**
 * Backs up a data dir and returns the archive's path (in <dataDir>/backups/). While
 * PocketBase runs on it (`pbUrl` answers), PocketBase makes the backup inside a transaction,
 * so it is consistent under writes; when it is stopped the files are zipped as they are.
 * @param {{ dataDir: string; pbUrl?: string; credentials?: { email: string; password: string }; name?: string }} opts
 */
export async function createBackup({ dataDir, pbUrl, credentials, name = backupName() }) {
  if (!existsSync(join(dataDir, 'data.db'))) throw new Error(`${dataDir} holds no PocketBase data (no data.db)`);
  const path = join(dataDir, 'backups', name);
  if (pbUrl && (await isHealthy(pbUrl))) {
    const { email, password } = credentials ?? superuserOf(dataDir, process.env);
    const token = await superuserToken(pbUrl, email, password);
    const r = await fetch(`${pbUrl}/api/backups`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ name }) });
    if (!r.ok) throw new Error(`PocketBase refused the backup: ${r.status} ${await r.text()}`);
    if (!existsSync(path)) throw new Error(`PocketBase at ${pbUrl} made the backup ${name}, but not in ${dataDir}: it serves another data dir (set PB_DATA_DIR or PB_PORT)`);
    return path;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, zipSync(collect(dataDir, dataDir, {}), { level: 6 }));
  return path;
}

/**
 * Restores an archive into a data dir. Refuses while PocketBase runs on a data dir that holds
 * data (`running`); the data it replaces is first backed up into <dataDir>/backups/, so a
 * restore can be undone. backups/ itself is kept, as PocketBase does.
 * @param {{ file: string; dataDir: string; running?: boolean }} opts
 * @returns {Promise<{ dataDir: string; previous: string | null }>}
 */
export async function restoreBackup({ file, dataDir, running = false }) {
  if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`no backup file ${file}`);
  const entries = unzipSync(new Uint8Array(readFileSync(file)));
  if (!entries['data.db']) throw new Error(`${file} is not a PocketBase backup (no data.db in it)`);
  const target = resolve(dataDir);
  const hasData = existsSync(join(target, 'data.db'));
  if (hasData && running) throw new Error(`Packbench (PocketBase) is running on ${target}: stop it first, or restore into a fresh directory with PB_DATA_DIR`);
  const previous = hasData ? await createBackup({ dataDir: target, name: backupName().replace('.zip', '_before_restore.zip') }) : null;
  // write the archive into a sibling dir first, then swap: a broken archive leaves the data as it was
  const staging = join(target, '.pb_temp_to_delete', `restore-${Date.now()}`);
  for (const [rel, data] of Object.entries(entries)) {
    if (rel.endsWith('/')) continue;
    const out = resolve(staging, rel);
    if (!out.startsWith(staging + sep)) throw new Error(`${file} holds a path outside the data dir: ${rel}`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, data, { mode: 0o600 }); // a data dir is private (superuser.json, the database)
  }
  mkdirSync(target, { recursive: true });
  for (const e of readdirSync(target)) if (!KEEP_OUT.has(e)) rmSync(join(target, e), { recursive: true, force: true });
  for (const e of readdirSync(staging)) if (!KEEP_OUT.has(e)) renameSync(join(staging, e), join(target, e));
  rmSync(join(target, '.pb_temp_to_delete'), { recursive: true, force: true });
  return { dataDir: target, previous };
}
