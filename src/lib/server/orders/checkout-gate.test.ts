import { describe, expect, it } from 'vitest';
import { Gate } from './checkout-gate';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('Gate', () => {
  it('lets at most `width` through at once and the rest in arrival order', async () => {
    const gate = new Gate(2);
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        gate.through(async () => {
          inside++;
          most = Math.max(most, inside);
          await tick();
          order.push(i);
          inside--;
        })
      )
    );
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps going after a failure', async () => {
    const gate = new Gate(1);
    await expect(gate.through(async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await gate.through(async () => 'next')).toBe('next');
  });
});
