#!/usr/bin/env node
// `npm run seed:scale -- 200000 [--force]`: a shop at scale on a data dir of its own
// (pb_data_scale/, or SCALE_DATA_DIR): migrations, a superuser, the demo shop (staff, products,
// a few orders), then `pocketbase seedscale <n>` (pb_hooks/seed-scale.pb.js) writes n orders
// over three years with about 3 lines each, n/4 customers and their ledger rows straight into
// SQLite. scale.json in the data dir records the superuser and the count; a second run with
// the same count does nothing.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, resolvePocketBase, startPocketBaseOnFreePort, upsertSuperuser } from './lib/pocketbase.js';
import { seedDemo } from './lib/seed.js';

/** @param {{ orders: number; dataDir?: string; force?: boolean; log?: (m: string) => void }} opts */
export async function seedScale({ orders, dataDir = process.env.SCALE_DATA_DIR ?? join(ROOT, 'pb_data_scale'), force = false, log = console.log }) {
  const marker = join(dataDir, 'scale.json');
  if (!force && existsSync(marker)) {
    const done = JSON.parse(readFileSync(marker, 'utf8'));
    if (done.orders === orders) {
      log(`[seed:scale] ${dataDir} already holds ${orders} orders`);
      return { dataDir, ...done };
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
  const bin = await resolvePocketBase({ log });
  const flags = [`--dir=${dataDir}`, `--migrationsDir=${join(ROOT, 'pb_migrations')}`, `--hooksDir=${join(ROOT, 'pb_hooks')}`];
  const mig = spawnSync(bin, ['migrate', 'up', ...flags], { encoding: 'utf8' });
  if (mig.status !== 0) throw new Error(`migrate up failed: ${mig.stderr || mig.stdout}`);
  const email = 'superuser@packbench.scale';
  const password = randomBytes(18).toString('base64url');
  upsertSuperuser(bin, dataDir, email, password);

  const pb = await startPocketBaseOnFreePort({ bin, dataDir });
  try {
    await seedDemo({ url: pb.url, email, password, dataDir, log });
  } finally {
    await pb.stop();
  }
  const started = Date.now();
  const r = spawnSync(bin, ['seedscale', String(orders), ...flags], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`seedscale failed with ${r.status}`);
  const done = { orders, email, password, seconds: Math.round((Date.now() - started) / 1000) };
  writeFileSync(marker, JSON.stringify(done, null, 2), { mode: 0o600 });
  log(`[seed:scale] ${orders} orders in ${done.seconds} s into ${dataDir}`);
  return { dataDir, ...done };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const orders = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 200000);
  if (!Number.isInteger(orders) || orders < 1 || orders > 5_000_000) {
    console.error('Usage: npm run seed:scale -- <orders (1–5,000,000)> [--force]');
    process.exit(1);
  }
  seedScale({ orders, force: process.argv.includes('--force') }).catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
