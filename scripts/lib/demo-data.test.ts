import { describe, expect, it } from 'vitest';
import { buildDemoData, ean13 } from './demo-data.js';

const data = buildDemoData({ passwords: { owner: 'a', manager: 'b', office: 'c', packer: 'd' }, now: Date.UTC(2026, 10, 26), randomToken: () => 'tok'.padEnd(24, 'x') });
const of = (c: string) => data.records.filter(([name]: [string]) => name === c).map(([, body]: [string, Record<string, unknown>]) => body);

describe('demo data', () => {
  it('has what the README promises', () => {
    expect(of('products').length).toBeGreaterThanOrEqual(20);
    expect(of('customers')).toHaveLength(10);
    expect(of('orders')).toHaveLength(30);
    expect(of('staff').map((s) => s.role).sort()).toEqual(['manager', 'office', 'owner', 'packer']);
  });

  it('covers every order, payment and fulfilment state', () => {
    const orders = of('orders');
    expect(new Set(orders.map((o) => o.status))).toEqual(new Set(['draft', 'placed', 'completed', 'cancelled']));
    expect(new Set(orders.map((o) => o.payment_status))).toEqual(new Set(['unpaid', 'pending', 'paid', 'failed']));
    expect(new Set(orders.map((o) => o.fulfilment_status))).toEqual(
      new Set(['unfulfilled', 'picking', 'packed', 'partially_shipped', 'shipped', 'ready_for_pickup', 'collected'])
    );
  });

  it('leaves the demo return (#1028) to the app\'s returns code instead of writing its states (F39/F40)', () => {
    const seed = of('settings').find((s) => s.key === 'demo_seed')!;
    const planned = (seed.value as { returns: { order: string; key: string }[] }).returns;
    expect(planned).toHaveLength(1);
    const order = of('orders').find((o) => o.id === planned[0].order)!;
    expect(order).toMatchObject({ number: 1028, payment_status: 'paid', fulfilment_status: 'shipped' });
    expect(of('order_lines').filter((l) => l.order === order.id).every((l) => l.returned === 0)).toBe(true);
    expect(of('stock_movements').some((m) => m.reason === 'returned_restock')).toBe(false);
  });

  it('gives every product a valid EAN-13 (as GTIN-14) and a bin', () => {
    for (const p of of('products')) {
      const [gtin] = p.gtins as string[];
      expect(gtin).toMatch(/^0\d{13}$/);
      expect(ean13(gtin.slice(1, 13))).toBe(gtin.slice(1));
      expect(p.bin).toMatch(/^[A-C]-\d{2}-\d$/);
    }
  });

  it('keeps stock equal to the ledger and never negative', () => {
    const movements = of('stock_movements');
    for (const p of of('products')) {
      const mine = movements.filter((m) => m.product === p.id);
      const onHand = mine.reduce((s, m) => s + (m.delta_on_hand as number), 0);
      const reserved = mine.reduce((s, m) => s + (m.delta_reserved as number), 0);
      expect({ sku: p.sku, on_hand: p.on_hand, reserved: p.reserved }).toEqual({ sku: p.sku, on_hand: onHand, reserved });
      expect(reserved).toBeGreaterThanOrEqual(0);
      expect(onHand - reserved).toBeGreaterThanOrEqual(0);
    }
  });

  it('numbers orders from 1001 and sets the counter to the last one', () => {
    const numbers = of('orders').map((o) => o.number as number);
    expect(numbers[0]).toBe(1001);
    expect(new Set(numbers).size).toBe(30);
    expect(of('counters')).toEqual([{ name: 'order_number', value: Math.max(...numbers) }]);
  });

  it('computes EAN-13 check digits', () => {
    expect(ean13('400638133393')).toBe('4006381333931');
    expect(ean13('978020137962')).toBe('9780201379624');
  });
});
