import { describe, expect, it } from 'vitest';
import de from './locales/de.json';
import en from './locales/en.json';

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
