#!/usr/bin/env node
// `npm run pocketbase -- build` resolves (and if needed builds) the binary;
// anything else is passed to the binary with Packbench's migration/hook dirs.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { resolvePocketBase, ROOT } from './lib/pocketbase.js';

const args = process.argv.slice(2);
try {
  const bin = await resolvePocketBase();
  if (args[0] === 'build' || args.length === 0) {
    console.log(bin);
  } else {
    const r = spawnSync(bin, [...args, `--dir=${join(ROOT, 'pb_data')}`, `--migrationsDir=${join(ROOT, 'pb_migrations')}`, `--hooksDir=${join(ROOT, 'pb_hooks')}`], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
