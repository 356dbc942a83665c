#!/usr/bin/env node
// `npm start`: PocketBase (built from pocketbase/ if needed) + the app server on one machine,
// with demo data on first run. `npm run dev` does the same with Vite's dev server.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { startAppServer } from './lib/app-server.js';
import { applyBackupSchedule, superuserToken } from './lib/backup.js';
import { buildIfStale } from './lib/build.js';
import { join, resolve } from 'node:path';
import { ROOT, assertPortFree, resolvePocketBase, startPocketBase, upsertSuperuser } from './lib/pocketbase.js';
import { seedDemo } from './lib/seed.js';
import { demoPin } from '../src/lib/server/devices/pin-hash.js';

const dev = process.argv.includes('--dev');
const env = process.env;
const port = Number(env.PORT ?? 3000);
const host = env.HOST ?? '127.0.0.1';
const dataDir = resolve(env.PB_DATA_DIR ?? join(ROOT, 'pb_data'));
const children = [];
const log = (m) => console.log(`[packbench] ${m}`);

/** The superuser the app server signs in with: from the environment, or random and kept in pb_data (0600). */
function superuserCredentials(bin) {
  if (env.PB_SUPERUSER_EMAIL && env.PB_SUPERUSER_PASSWORD) return { email: env.PB_SUPERUSER_EMAIL, password: env.PB_SUPERUSER_PASSWORD, external: true };
  const file = join(dataDir, 'superuser.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const creds = { email: 'superuser@packbench.local', password: randomBytes(24).toString('base64url') };
  mkdirSync(dataDir, { recursive: true });
  upsertSuperuser(bin, dataDir, creds.email, creds.password);
  writeFileSync(file, JSON.stringify(creds), { mode: 0o600 });
  chmodSync(file, 0o600);
  return creds;
}

async function main() {
  await assertPortFree(port, host, 'PORT, the app');
  let pocketbaseUrl = env.POCKETBASE_URL;
  let superuser;
  if (!pocketbaseUrl) {
    const bin = await resolvePocketBase({ log });
    // run migrations before the first superuser exists in a fresh data dir
    const mig = spawnSync(bin, ['migrate', 'up', `--dir=${dataDir}`, `--migrationsDir=${join(ROOT, 'pb_migrations')}`, `--hooksDir=${join(ROOT, 'pb_hooks')}`], { encoding: 'utf8' });
    if (mig.status !== 0) throw new Error(`migrations failed: ${mig.stderr || mig.stdout}`);
    superuser = superuserCredentials(bin);
    const pbPort = Number(env.PB_PORT ?? 8090);
    await assertPortFree(pbPort, '127.0.0.1', 'PB_PORT, PocketBase');
    const pb = await startPocketBase({ bin, dataDir, port: pbPort, stdio: env.PB_LOG ? 'inherit' : 'ignore' });
    children.push(pb.child);
    pocketbaseUrl = pb.url;
    log(`PocketBase ${pocketbaseUrl} (data in ${dataDir})`);
  } else {
    if (!env.PB_SUPERUSER_EMAIL || !env.PB_SUPERUSER_PASSWORD) throw new Error('POCKETBASE_URL needs PB_SUPERUSER_EMAIL and PB_SUPERUSER_PASSWORD');
    superuser = { email: env.PB_SUPERUSER_EMAIL, password: env.PB_SUPERUSER_PASSWORD };
  }

  let creds = null;
  if (env.SEED_DEMO !== 'false') {
    ({ creds } = await seedDemo({ url: pocketbaseUrl, email: superuser.email, password: superuser.password, dataDir, log }));
  }

  // scheduled backups into <data dir>/backups/, on unless BACKUP_CRON=off (README "Backups")
  const schedule = await applyBackupSchedule({ url: pocketbaseUrl, token: await superuserToken(pocketbaseUrl, superuser.email, superuser.password), env });
  log(schedule.cron ? `backups: "${schedule.cron}" (UTC), keeping ${schedule.cronMaxKeep}` : 'scheduled backups are off (BACKUP_CRON=off)');

  // The demo shop runs the sandboxes; a server started without the demo seed is production.
  const appEnv = { ...env, PACKBENCH_MODE: env.PACKBENCH_MODE ?? (env.SEED_DEMO !== 'false' || dev ? 'demo' : 'production'), POCKETBASE_URL: pocketbaseUrl, PB_SUPERUSER_EMAIL: superuser.email, PB_SUPERUSER_PASSWORD: superuser.password, PORT: String(port), HOST: host };
  let app;
  let ready = Promise.resolve();
  if (dev) {
    app = spawn(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'dev', '--port', String(port), '--host', host, '--strictPort'], { cwd: ROOT, env: appEnv, stdio: 'inherit' });
  } else {
    buildIfStale({ log });
    const server = startAppServer({ env: appEnv, port, host });
    app = server.child;
    ready = server.ready;
  }
  children.push(app);
  app.on('exit', (code) => {
    log(`app server exited (${code})`);
    shutdown(code ?? 1);
  });
  await ready;

  console.log(`\n  Packbench is running: http://${host === '0.0.0.0' ? 'localhost' : host}:${port}\n`);
  if (creds) {
    console.log('  Demo sign-ins (kept in pb_data/demo-credentials.json):');
    for (const [role, c] of Object.entries(creds)) console.log(`    ${role.padEnd(8)} ${c.email.padEnd(24)} ${c.password}`);
    console.log('');
    console.log(`  Packing tablet: open /pack, sign in there as the manager and tap "Register this tablet",`);
    console.log(`  then "Lock and hand over"; Paul Packer's PIN is ${demoPin(creds.packer.password)}.`);
    console.log('');
  }
  if (!creds) {
    console.log('  No demo shop. On the first start the page leads to /setup: the owner\'s account and the shop\'s details.\n');
  }
  if (appEnv.PACKBENCH_MODE === 'demo') {
    console.log('  SANDBOX: demo mode. Card payments and the courier are simulated (test card 4242 4242 4242 4242);');
    console.log('  no real money moves. Start with PACKBENCH_MODE=production (or SEED_DEMO=false) to run a real shop.\n');
  }
  console.log('  Stop with Ctrl+C.\n');
}

let stopping = false;
function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  // app first (it closes sockets and the relay), then PocketBase
  const [pb, app] = children;
  const stopPb = () => {
    if (!pb || pb.exitCode !== null) return process.exit(code);
    pb.once('exit', () => process.exit(code));
    pb.kill('SIGTERM');
  };
  if (app && app.exitCode === null) {
    app.once('exit', stopPb);
    app.kill('SIGTERM');
  } else stopPb();
  setTimeout(() => process.exit(code), 8000).unref();
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

main().catch((e) => {
  console.error(`[packbench] ${e.message}`);
  shutdown(1);
});
