import { describe, expect, it } from 'vitest';
import { inChunks, parseMoneyInput } from './errors';

describe('money typed by people', () => {
  it.each([
    ['49,90', 4990],
    ['49.90', 4990],
    ['49', 4900],
    ['49,9', 4990],
    ['1.234,50', 123450],
    ['1,234.50', 123450],
    [' 12 ', 1200]
  ])('%s -> %i', (raw, cents) => expect(parseMoneyInput(raw)).toBe(cents));

  it.each(['', 'abc', '0', '-5', '4,9999', '1.2.3'])('refuses %j', (raw) => expect(parseMoneyInput(raw)).toBeNull());
});

describe('chunked work with progress', () => {
  it('runs chunks in order and reports after each', async () => {
    const seen: number[] = [];
    const out = await inChunks([1, 2, 3, 4, 5], 2, async (c) => c.map((x) => x * 10), (d) => seen.push(d));
    expect(out).toEqual([10, 20, 30, 40, 50]);
    expect(seen).toEqual([2, 4, 5]);
  });

  it('stops at the first failing chunk', async () => {
    const seen: number[] = [];
    const err = await inChunks([1, 2, 3], 1, async (c) => (c[0] === 2 ? Promise.reject(new Error('down')) : c), (d) => seen.push(d)).catch((e) => e);
    expect(err.message).toBe('down');
    expect(seen).toEqual([1]);
  });
});
