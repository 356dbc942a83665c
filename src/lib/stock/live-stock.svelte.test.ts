// #14: the stock page's live low-stock alert: raised when a product's available stock falls to
// or below its threshold while the page is open, gone when it is above again.
import { describe, expect, it, vi } from 'vitest';
import { LiveStock } from './live-stock.svelte';
import type { StockRow } from './api';
import type { RecordEvent } from '$lib/realtime/events';

vi.mock('$lib/realtime/socket', () => ({ listen: () => () => {}, onConnectionChange: () => () => {} }));

const row = (over: Partial<StockRow> = {}): StockRow =>
  ({ id: 'p1', sku: 'TEA-1', name: 'Assam', bin: 'A-1', price_cents: 100, on_hand: 10, reserved: 2, active: true, low_stock_threshold: 5, updated: '2026-01-01 10:00:00.000Z', ...over }) as StockRow;
const event = (record: Record<string, unknown> & { updated: string }): RecordEvent => ({ room: 'stock', collection: 'products', action: 'update', record: { id: 'p1', ...record } });

describe('#14 low-stock alert on the stock page', () => {
  it('alerts once when available crosses the threshold, and clears when stock comes back', () => {
    const s = new LiveStock();
    s.rows = [row()];
    s.apply(event({ on_hand: 10, reserved: 4, updated: '2026-01-01 10:00:01.000Z' })); // 6 available: fine
    expect(s.alerts).toEqual([]);
    s.apply(event({ on_hand: 10, reserved: 5, updated: '2026-01-01 10:00:02.000Z' })); // 5: at the threshold
    expect(s.alerts).toEqual([{ id: 'p1', name: 'Assam', available: 5, threshold: 5 }]);
    s.apply(event({ on_hand: 9, reserved: 5, updated: '2026-01-01 10:00:03.000Z' })); // lower still: no second alert
    expect(s.alerts).toHaveLength(1);
    s.apply(event({ on_hand: 30, reserved: 5, updated: '2026-01-01 10:00:04.000Z' })); // a delivery
    expect(s.alerts).toEqual([]);
  });

  it('no alert for products without a threshold or no longer sold', () => {
    const s = new LiveStock();
    s.rows = [row({ low_stock_threshold: 0 }), row({ id: 'p2', active: false })];
    s.apply(event({ on_hand: 0, reserved: 0, updated: '2026-01-01 10:00:01.000Z' }));
    s.apply(event({ id: 'p2', on_hand: 0, reserved: 0, updated: '2026-01-01 10:00:01.000Z' }));
    expect(s.alerts).toEqual([]);
  });
});
