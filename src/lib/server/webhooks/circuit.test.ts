// F43 (#16): a failing receiver's circuit: open for a doubling backoff, one probe when it
// reopens, closed by a success.
import { afterEach, describe, expect, it } from 'vitest';
import { admit, closed, heldEndpoints, openUntil, resetCircuits, tripped } from './circuit';

const policy = { baseMs: 1000, capMs: 4000 };

afterEach(resetCircuits);

describe('F43 webhook circuit', () => {
  it('F43 a healthy endpoint is always admitted and never held', () => {
    expect(admit('a', 0)).toBeNull();
    expect(openUntil('a', 0)).toBeNull();
    expect(heldEndpoints(0)).toEqual({ recipients: [], until: Infinity });
  });

  it('F43 a failure puts deliveries off for a backoff that doubles up to the cap', () => {
    tripped('a', policy, 0);
    expect(admit('a', 500)).toBe(1000);
    expect(heldEndpoints(500)).toEqual({ recipients: ['a'], until: 1000 });
    // reopened: the first delivery is the probe; the others wait while it is under way
    expect(admit('a', 1000)).toBeNull();
    expect(admit('a', 1001)).toBe(2001);
    expect(heldEndpoints(1001).recipients).toEqual(['a']);
    tripped('a', policy, 1200);
    expect(admit('a', 1300)).toBe(3200);
    tripped('a', policy, 3200);
    tripped('a', policy, 3200);
    expect(openUntil('a', 3300)).toBe(7200); // capped at 4 s
  });

  it('F43 a success closes the circuit and says it was open', () => {
    tripped('a', policy, 0);
    expect(admit('a', 1000)).toBeNull();
    expect(closed('a')).toBe(true);
    expect(admit('a', 1001)).toBeNull();
    expect(closed('a')).toBe(false);
    // the next failure starts again at the base
    tripped('a', policy, 2000);
    expect(openUntil('a', 2000)).toBe(3000);
  });

  it('F43 only the failing endpoint is held; the first to reopen sets the time', () => {
    tripped('a', policy, 0);
    tripped('b', policy, 0);
    tripped('b', policy, 0);
    expect(heldEndpoints(10)).toEqual({ recipients: ['a', 'b'], until: 1000 });
    expect(heldEndpoints(1500)).toEqual({ recipients: ['b'], until: 2000 });
    expect(admit('c', 10)).toBeNull();
  });
});
