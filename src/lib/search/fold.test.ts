import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FOLD_MAP, FOLD_SEPARATORS, fold } from './fold';

describe('F26 search folding', () => {
  it('lower-cases, strips accents and turns punctuation into spaces', () => {
    expect(fold('Müller')).toBe('muller');
    expect(fold('Dvořák')).toBe('dvorak');
    expect(fold('Jürgen Groß')).toBe('jurgen gross');
    expect(fold("O'Brien-Smith")).toBe('o brien smith');
    expect(fold('  Hans.Mueller@Example.COM ')).toBe('hans.mueller@example.com');
    expect(fold("' || 1=1")).toBe('1 1');
    expect(fold('Łukasz Żółć')).toBe('lukasz zolc');
  });

  it('folds letters outside the map by their decomposition', () => {
    expect(fold('Ŵale')).toBe('wale');
  });

  it.each(['1765600000_orders_search.js', '1767000000_customer_words.js'])('uses the same map and separators as the migration %s that builds search_text', (file) => {
    const migration = readFileSync(new URL(`../../../pb_migrations/${file}`, import.meta.url), 'utf8');
    const map = new Function(`${/const FOLD_MAP = \{[\s\S]*?\};/.exec(migration)![0]} return FOLD_MAP;`)();
    const seps = new Function(`${/const FOLD_SEPARATORS = \[[^\n]*\];/.exec(migration)![0]} return FOLD_SEPARATORS;`)();
    expect(map).toEqual(FOLD_MAP);
    expect(seps).toEqual(FOLD_SEPARATORS);
    // every mapped character folds (through fold()) to what SQL stores
    for (const [ch, to] of Object.entries(FOLD_MAP)) expect(fold(ch)).toBe(to);
  });

  it.each([
    ['1765600000_orders_search.js', 8],
    ['1767000000_customer_words.js', 4]
  ])('keeps every trigger of %s shallow enough for SQLite before 3.46 (fixed parser stack, ~30 nested calls)', (file, count) => {
    const migration = readFileSync(new URL(`../../../pb_migrations/${file}`, import.meta.url), 'utf8');
    const sql: string[] = [];
    let up: ((app: unknown) => void) | undefined;
    const collection = { fields: { add() {} }, indexes: [] as string[], addIndex() {}, removeIndex() {} };
    const same = function (o: unknown) { return o; };
    new Function('migrate', 'TextField', 'Collection', migration)((u: typeof up) => (up = u), same, same);
    up!({ findCollectionByNameOrId: () => collection, save() {}, db: () => ({ newQuery: (s: string) => ({ execute: () => sql.push(s) }) }) });
    const triggers = sql.filter((s) => s.startsWith('CREATE TRIGGER'));
    expect(triggers).toHaveLength(count);
    for (const t of triggers) {
      let depth = 0;
      let max = 0;
      for (const ch of t.replace(/'(?:[^']|'')*'/g, "''")) {
        if (ch === '(') max = Math.max(max, ++depth);
        if (ch === ')') depth--;
      }
      expect(max).toBeLessThanOrEqual(26);
    }
  });
});
