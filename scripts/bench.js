#!/usr/bin/env node
// `npm run bench -- <name>` runs bench/<name>.ts, which prints a table and writes
// bench-results/<name>.json. Benchmarks are never timed tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/pocketbase.js';

const name = process.argv[2];
const available = readdirSync(join(ROOT, 'bench')).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).map((f) => f.slice(0, -3));
if (!name || !available.includes(name)) {
  console.error(`Usage: npm run bench -- <name>\nAvailable: ${available.join(', ') || '(none yet)'}`);
  process.exit(name ? 1 : 0);
}
mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
if (!existsSync(tsx)) {
  console.error('tsx is missing: run npm ci first.');
  process.exit(1);
}
const r = spawnSync(process.execPath, [tsx, join(ROOT, 'bench', `${name}.ts`), ...process.argv.slice(3)], { cwd: ROOT, stdio: 'inherit' });
process.exit(r.status ?? 1);
