// The Go packages built into Packbench's PocketBase (pocketbase/) have their own unit tests:
// the statement cache under every query (pocketbase/stmtcache) and the unit-of-work engine on
// PocketBase's test app (pocketbase/tx). They run here so that `npm test` covers them; flags as
// in the build, so Go reuses the compiled packages. gofmt and go vet must find nothing
// (issue #11: the engine's files were not gofmt-clean).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/pocketbase.js';

const go = (cmd: string, args: string[], timeout = 170_000) => {
  const r = spawnSync(cmd, args, { cwd: join(ROOT, 'pocketbase'), env: { ...process.env, CGO_ENABLED: '0' }, encoding: 'utf8', timeout });
  if (r.error) throw new Error(`${cmd} could not run (${r.error.message}); Go is needed to build PocketBase, see the README`);
  return r;
};

describe('Go packages in pocketbase/ (issue #11)', () => {
  it('go test ./... passes', () => {
    const r = go('go', ['test', '-trimpath', './...']);
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/^ok\s+packbench\/pocketbase\/stmtcache/m);
    expect(r.stdout).toMatch(/^ok\s+packbench\/pocketbase\/tx/m);
  }, 180_000);

  it('gofmt finds no unformatted file', () => {
    const r = go('gofmt', ['-l', '.']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim(), 'gofmt -l lists these files; run gofmt -w in pocketbase/').toBe('');
  });

  it('go vet ./... finds nothing', () => {
    const r = go('go', ['vet', '-trimpath', './...']);
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  }, 180_000);
});
