#!/usr/bin/env node
// `npm run backup`: backs up the data dir (PB_DATA_DIR, default ./pb_data), whether Packbench
// runs or not, and prints the archive's path.
import { join, resolve } from 'node:path';
import { createBackup } from './lib/backup.js';
import { ROOT } from './lib/pocketbase.js';

const env = process.env;
const dataDir = resolve(env.PB_DATA_DIR ?? join(ROOT, 'pb_data'));
const pbUrl = env.POCKETBASE_URL ?? `http://127.0.0.1:${Number(env.PB_PORT ?? 8090)}`;
try {
  console.log(await createBackup({ dataDir, pbUrl }));
} catch (e) {
  console.error(`[packbench] backup failed: ${/** @type {Error} */ (e).message}`);
  process.exit(1);
}
