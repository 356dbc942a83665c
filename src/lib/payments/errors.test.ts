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
  it('keeps the order of the items, reports after each chunk, never more than two at once', async () => {
    const seen: number[] = [];
    let running = 0;
    let most = 0;
    const out = await inChunks([1, 2, 3, 4, 5], 2, async (c) => {
      most = Math.max(most, ++running);
      // the first chunk is the slowest: results must still come back in order
      await new Promise((r) => setTimeout(r, c[0] === 1 ? 30 : 5));
      running--;
      return c.map((x) => x * 10);
    }, (d) => seen.push(d));
    expect(out).toEqual([10, 20, 30, 40, 50]);
    expect(seen.at(-1)).toBe(5);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(most).toBe(2);
  });

  it('stops starting chunks after the first failure', async () => {
    const started: number[] = [];
    const err = await inChunks([1, 2, 3, 4, 5, 6], 1, async (c) => {
      started.push(c[0]);
      if (c[0] === 2) throw new Error('down');
      await new Promise((r) => setTimeout(r, 10));
      return c;
    }, () => {}).catch((e) => e);
    expect(err.message).toBe('down');
    expect(started).toEqual([1, 2]);
  });
});
