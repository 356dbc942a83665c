import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('RateLimiter (rate-limiter-flexible, issue #11)', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('allows the limit, then says how long to wait, then opens again', async () => {
    const rl = new RateLimiter('test', 3, 60_000);
    expect([await rl.hit('a'), await rl.hit('a'), await rl.hit('a')]).toEqual([0, 0, 0]);
    vi.advanceTimersByTime(15_000);
    expect(await rl.hit('a')).toBe(45);
    expect(await rl.hit('b')).toBe(0); // per key
    vi.advanceTimersByTime(45_000);
    expect(await rl.hit('a')).toBe(0);
  });

  it('reset clears a key', async () => {
    const rl = new RateLimiter('test-reset', 1, 60_000);
    await rl.hit('a');
    expect(await rl.hit('a')).toBeGreaterThan(0);
    await rl.reset('a');
    expect(await rl.hit('a')).toBe(0);
  });

  it('keeps two limiters apart', async () => {
    const [one, two] = [new RateLimiter('one', 1, 60_000), new RateLimiter('two', 1, 60_000)];
    await one.hit('a');
    expect(await two.hit('a')).toBe(0);
    expect(await one.hit('a')).toBe(60);
  });
});
