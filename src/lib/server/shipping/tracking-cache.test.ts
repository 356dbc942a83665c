import { describe, expect, it } from 'vitest';
import { TrackingCache } from './tracking-cache';
import type { TrackingView } from './tracking-view';

const view = (n: number) => ({ order: { number: n } }) as unknown as TrackingView;

describe('TrackingCache', () => {
  it('keeps nothing unless changes reach it', () => {
    const c = new TrackingCache();
    c.set('t1', 'o1', view(1));
    expect(c.get('t1')).toBeNull();
  });

  it("drops an order's views when it changes, and any view after ten seconds", () => {
    const c = new TrackingCache();
    c.enabled = true;
    c.set('t1', 'o1', view(1), 1000);
    c.set('t2', 'o2', view(2), 1000);
    expect(c.get('t1', 2000)?.order.number).toBe(1);
    c.forget('o1');
    expect(c.get('t1', 2000)).toBeNull();
    expect(c.get('t2', 2000)?.order.number).toBe(2);
    expect(c.get('t2', 11_001)).toBeNull();
  });
});
