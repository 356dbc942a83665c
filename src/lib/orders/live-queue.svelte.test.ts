// The queues' live logic, fed record events directly (the socket and tRPC are not involved).
import { describe, expect, it } from 'vitest';
import type { RecordEvent } from '$lib/realtime/events';
import { LivePaymentQueue } from '$lib/payments/live-payment-queue.svelte';
import { LiveQueue } from './live-queue.svelte';

const order = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `order${String(n).padStart(10, '0')}`,
  updated: `2026-11-26 10:00:0${n % 10}.000Z`,
  number: n,
  status: 'placed',
  payment_status: 'unpaid',
  payment_method: 'card',
  ...extra
});
const event = (action: RecordEvent['action'], record: Record<string, unknown>): RecordEvent => ({
  room: 'queue',
  collection: 'orders',
  action,
  record: record as RecordEvent['record']
});

describe('LiveQueue', () => {
  it('adds new orders on top, announces them, and drops orders that leave the filter', () => {
    const announced: number[] = [];
    const q = new LiveQueue((o) => announced.push(o.number));
    q.apply(event('create', order(1)));
    q.apply(event('create', order(2)));
    expect(q.items.map((o) => o.number)).toEqual([2, 1]);
    expect(announced).toEqual([1, 2]);
    expect(q.totalItems).toBe(2);
    expect(q.fresh).toEqual([1, 2]);

    q.apply(event('update', { ...order(1), updated: '2026-11-26 11:00:00.000Z', payment_status: 'paid' }));
    expect(q.items.find((o) => o.number === 1)?.payment_status).toBe('paid');
    // a late, older event never overwrites newer data
    q.apply(event('update', { ...order(1), updated: '2026-11-26 09:00:00.000Z', payment_status: 'unpaid' }));
    expect(q.items.find((o) => o.number === 1)?.payment_status).toBe('paid');
    q.apply(event('delete', order(2)));
    expect(q.items.map((o) => o.number)).toEqual([1]);
    expect(q.totalItems).toBe(1);
  });
});

describe('LivePaymentQueue', () => {
  it('lets an order leave as soon as it is paid or cancelled anywhere', () => {
    const q = new LivePaymentQueue();
    q.items = [order(7), order(8)] as unknown as typeof q.items;
    q.totalItems = 2;
    q.apply(event('update', { ...order(7), updated: '2026-11-26 12:00:00.000Z', payment_status: 'paid' }));
    q.apply(event('update', { ...order(8), updated: '2026-11-26 12:00:00.000Z', status: 'cancelled' }));
    expect(q.items).toEqual([]);
    expect(q.totalItems).toBe(0);
    q.destroy();
  });
});
