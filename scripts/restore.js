#!/usr/bin/env node
// `npm run restore -- FILE`: restores a backup into the data dir (PB_DATA_DIR, default
// ./pb_data). Refuses while Packbench runs on that dir; the data it replaces is backed up first.
import { join, resolve } from 'node:path';
import { isHealthy, restoreBackup } from './lib/backup.js';
import { ROOT } from './lib/pocketbase.js';

const env = process.env;
const file = process.argv[2];
if (!file) {
  console.error('usage: npm run restore -- FILE   (FILE: a backup zip, e.g. pb_data/backups/packbench_20260101_030000.zip)');
  process.exit(2);
}
const dataDir = resolve(env.PB_DATA_DIR ?? join(ROOT, 'pb_data'));
try {
  // npm runs scripts in the package root; INIT_CWD is where the command was typed
  // the embedded PocketBase listens on PB_PORT; if it answers, the data dir is in use
  const running = await isHealthy(`http://127.0.0.1:${Number(env.PB_PORT ?? 8090)}`);
  const { previous } = await restoreBackup({ file: resolve(env.INIT_CWD ?? process.cwd(), file), dataDir, running });
  if (previous) console.log(`[packbench] the data it replaced is kept in ${previous}`);
  console.log(`[packbench] restored ${file} into ${dataDir}; start Packbench with npm start`);
} catch (e) {
  console.error(`[packbench] restore failed: ${/** @type {Error} */ (e).message}`);
  process.exit(1);
}
