#!/usr/bin/env node
// `npm start`: PocketBase (built from pocketbase/ if needed) + the app server on one machine,
// with demo data on first run. `npm run dev` does the same with Vite's dev server.
// `npm start -- --servers 2`: two app servers, redis-server from the machine and a small
// round-robin balancer on PORT, for trying out scale-out (issue #17, docs/scale-out.md).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { startAppServer } from './lib/app-server.js';
import { startBalancer } from './lib/balancer.js';
import { startRedisServer } from './lib/redis.js';
import { applyBackupSchedule, superuserToken } from './lib/backup.js';
import { buildIfStale } from './lib/build.js';
import { join, resolve } from 'node:path';
import { ROOT, assertPortFree, freePort, resolvePocketBase, startPocketBase, upsertSuperuser } from './lib/pocketbase.js';
import { seedDemo } from './lib/seed.js';
import { demoPin } from '../src/lib/server/devices/pin-hash.js';

const dev = process.argv.includes('--dev');
const serversArg = process.argv.indexOf('--servers');
const servers = serversArg > 0 ? Number(process.argv[serversArg + 1]) : 1;
if (!Number.isInteger(servers) || servers < 1 || servers > 8) {
  console.error('[packbench] --servers takes a number from 1 to 8');
  process.exit(1);
}
if (dev && servers > 1) {
  console.error('[packbench] --servers is for `npm start` (the built app), not `npm run dev`');
  process.exit(1);
}
const env = process.env;
const port = Number(env.PORT ?? 3000);
const host = env.HOST ?? '127.0.0.1';
const dataDir = resolve(env.PB_DATA_DIR ?? join(ROOT, 'pb_data'));
/** started in this order, stopped in reverse: PocketBase, Redis, app servers, balancer */
const children = [];
let balancer = null;
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
  } else if (servers === 1) {
    buildIfStale({ log });
    const server = startAppServer({ env: appEnv, port, host });
    app = server.child;
    ready = server.ready;
  }
  if (app) {
    children.push(app);
    app.on('exit', (code) => {
      log(`app server exited (${code})`);
      shutdown(code ?? 1);
    });
    await ready;
  } else {
    await startCluster(appEnv);
  }
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

/**
 * Several app servers for one shop: Redis from the machine (its own port and dir in the data
 * dir), the app servers on free ports, and a round-robin balancer on PORT. An app server that
 * dies is left dead (the others carry on; that is the point), so try `kill -9` on one.
 */
async function startCluster(appEnv) {
  buildIfStale({ log });
  let redisUrl = env.REDIS_URL;
  if (!redisUrl) {
    const dir = join(dataDir, 'redis');
    mkdirSync(dir, { recursive: true });
    const redis = await startRedisServer({ port: Number(env.REDIS_PORT ?? (await freePort())), dir });
    children.push(redis.child);
    redisUrl = redis.url;
    log(`Redis ${redisUrl} (redis-server from this machine)`);
  }
  const targets = [];
  for (let i = 0; i < servers; i++) {
    const appPort = await freePort();
    // the balancer is the only client: trust its X-Forwarded-For for the client's address (rate limits)
    const server = startAppServer({ env: { ...appEnv, REDIS_URL: redisUrl, ADDRESS_HEADER: env.ADDRESS_HEADER ?? 'x-forwarded-for', XFF_DEPTH: String(Number(env.XFF_DEPTH ?? 0) + 1) }, port: appPort, host: '127.0.0.1' });
    children.push(server.child);
    server.child.on('exit', (code, signal) => {
      if (!stopping) log(`app server ${i + 1} (port ${appPort}) exited (${signal ?? code}); the others carry on`);
    });
    await server.ready;
    targets.push({ host: '127.0.0.1', port: appPort });
    log(`app server ${i + 1}: http://127.0.0.1:${appPort} (pid ${server.child.pid})`);
  }
  balancer = startBalancer({ targets, port, host });
  await balancer.ready;
  log(`load balancer on ${host}:${port}: round robin, WebSocket upgrades piped to one app server`);
}

let stopping = false;
function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  balancer?.stop();
  // app servers first (they close sockets and the relay, hand back leases), then Redis, then PocketBase
  const stopOne = (i) => {
    if (i < 0) return process.exit(code);
    const child = children[i];
    if (child.exitCode !== null || child.signalCode !== null) return stopOne(i - 1);
    child.once('exit', () => stopOne(i - 1));
    child.kill('SIGTERM');
  };
  stopOne(children.length - 1);
  setTimeout(() => process.exit(code), 8000).unref();
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

main().catch((e) => {
  console.error(`[packbench] ${e.message}`);
  shutdown(1);
});
