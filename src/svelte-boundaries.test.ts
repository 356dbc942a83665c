// The `server-only` boundary for .svelte components (issue #11). dependency-cruiser checks every
// .ts module (`npm run lint:deps`), but it reads a component only after the Svelte compiler has
// dropped its type-only imports, so `import type { … } from '$lib/server/…'` in a .svelte file
// is invisible to it. This test sees them: no component may take types from server modules
// (the UI takes API types from RouterOutputs in src/lib/trpc.ts). The components that still did
// when the rule came are listed in .svelte-server-imports-known.json; the list may only shrink.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const SERVER_IMPORT = /from\s+['"](\$lib\/server|(\.\.\/)+server)\//;

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return svelteFiles(p);
    return e.name.endsWith('.svelte') ? [path.relative(root, p)] : [];
  });
}

describe('boundaries: .svelte components import no server module (#11)', () => {
  const known: string[] = JSON.parse(readFileSync(path.join(root, '.svelte-server-imports-known.json'), 'utf8'));
  const importing = svelteFiles(path.join(root, 'src')).filter((f) => SERVER_IMPORT.test(readFileSync(path.join(root, f), 'utf8')));

  it('no component outside the known list imports $lib/server', () => {
    expect(importing.filter((f) => !known.includes(f))).toEqual([]);
  });

  it('the known list only names components that still do (remove a fixed one from it)', () => {
    expect(known.filter((f) => !importing.includes(f))).toEqual([]);
  });
});
