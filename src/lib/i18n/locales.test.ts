import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildResources } from './index.svelte';

const dir = join(import.meta.dirname, 'locales');
const files: Record<string, unknown> = {};
for (const lng of readdirSync(dir)) for (const f of readdirSync(join(dir, lng))) files[`locales/${lng}/${f}`] = JSON.parse(readFileSync(join(dir, lng, f), 'utf8'));
const resources = buildResources(files);
const en = resources.en.translation;
const de = resources.de.translation;

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('locale files', () => {
  it('German has exactly the keys English has', () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
  });

  it('no string is left empty or untranslated by accident', () => {
    const flatDe = keys(de);
    for (const k of flatDe) {
      const value = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], de);
      expect([k, typeof value === 'string' && value.trim().length > 0]).toEqual([k, true]);
    }
  });

  it('interpolations match between languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const k of keys(en)) {
      const get = (o: object) => k.split('.').reduce<unknown>((x, p) => (x as Record<string, unknown>)[p], o) as string;
      expect([k, vars(get(de))]).toEqual([k, vars(get(en))]);
    }
  });
});
