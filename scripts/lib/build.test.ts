import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceFingerprint } from './build.js';

const root = mkdtempSync(join(tmpdir(), 'packbench-fingerprint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('sourceFingerprint', () => {
  it('is stable while nothing changes, and changes with an edit, a touch or a new file', () => {
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 1;');
    const at = (s: string) => sourceFingerprint(root, s.split(' '));
    const first = at('src missing.js');
    expect(at('src missing.js')).toBe(first);

    const later = new Date(Date.now() + 5000);
    utimesSync(join(root, 'src', 'a.ts'), later, later);
    const touched = at('src missing.js');
    expect(touched).not.toBe(first);

    writeFileSync(join(root, 'src', 'b.ts'), '');
    expect(at('src missing.js')).not.toBe(touched);
  });
});
