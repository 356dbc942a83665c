// The Go packages built into Packbench's PocketBase (pocketbase/) have their own unit tests,
// e.g. the statement cache under every query (pocketbase/stmtcache). They run here so that
// `npm test` covers them; flags as in the build, so Go reuses the compiled packages.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/pocketbase.js';

it('go test ./... in pocketbase/ passes', () => {
  const r = spawnSync('go', ['test', '-trimpath', './...'], {
    cwd: join(ROOT, 'pocketbase'),
    env: { ...process.env, CGO_ENABLED: '0' },
    encoding: 'utf8',
    timeout: 170_000
  });
  if (r.error) throw new Error(`go test could not run (${r.error.message}); Go is needed to build PocketBase, see the README`);
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  expect(r.stdout).toMatch(/^ok\s+packbench\/pocketbase\/stmtcache/m);
}, 180_000);
