import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry';

const policy = { baseMs: 1000, capMs: 10_000, maxAttempts: 8 };

describe('retry delays', () => {
  it('double with every attempt up to the cap', () => {
    const ceiling = [1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, policy, () => 1));
    expect(ceiling).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('jitter stays between half and all of the ceiling, so delays never shrink', () => {
    expect(retryDelayMs(3, policy, () => 0)).toBe(2000);
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(3000);
    // below the cap, the shortest next delay is never below the longest previous one
    for (let n = 1; n < 4; n++) expect(retryDelayMs(n + 1, policy, () => 0)).toBeGreaterThanOrEqual(retryDelayMs(n, policy, () => 1));
  });
});
