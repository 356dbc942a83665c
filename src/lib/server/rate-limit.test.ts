import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('allows the limit, then says how long to wait, then opens again', () => {
    const rl = new RateLimiter(3, 60_000);
    const t0 = 1_000_000;
    expect([rl.hit('a', t0), rl.hit('a', t0), rl.hit('a', t0)]).toEqual([0, 0, 0]);
    expect(rl.hit('a', t0 + 15_000)).toBe(45);
    expect(rl.hit('b', t0 + 15_000)).toBe(0); // per key
    expect(rl.hit('a', t0 + 60_000)).toBe(0);
  });

  it('reset clears a key', () => {
    const rl = new RateLimiter(1, 60_000);
    rl.hit('a', 0);
    expect(rl.hit('a', 1)).toBeGreaterThan(0);
    rl.reset('a');
    expect(rl.hit('a', 2)).toBe(0);
  });
});
