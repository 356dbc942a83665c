import { describe, expect, it } from 'vitest';
import { isRoomName, packerProjection, roomFor } from './rooms';

describe('roomFor', () => {
  it.each([
    ['office', 'queue', 'queue'],
    ['manager', 'stock', 'stock'],
    ['packer', 'queue', null],
    ['packer', 'stock', null],
    // #14: customer contact data, office and up only
    ['office', 'customers', 'customers'],
    ['packer', 'customers', null],
    ['packer', 'pack', 'pack'],
    ['office', 'order:abcdefghijklmno', 'order:abcdefghijklmno'],
    ['packer', 'order:abcdefghijklmno', 'order:abcdefghijklmno#packer']
  ] as const)('%s joining %s -> %s', (role, room, expected) => {
    expect(roomFor(role, room)).toBe(expected);
  });

  it('knows only its own room names', () => {
    expect(isRoomName('order:abcdefghijklmno')).toBe(true);
    for (const bad of ['order:', 'order:ABC', 'order:abcdefghijklmno#packer', 'session:x', 'track:x', 42, null]) expect(isRoomName(bad)).toBe(false);
  });
});

describe('packerProjection', () => {
  const order = { id: 'o', updated: 'u', number: 7, total_cents: 999, email: 'a@b.c', phone: '1', payment_status: 'paid', fulfilment_status: 'picking', customer_name: 'A' };

  it('keeps only what the packing bench needs', () => {
    expect(packerProjection('orders', order)).toEqual({ id: 'o', updated: 'u', number: 7, fulfilment_status: 'picking', customer_name: 'A' });
  });

  it('drops internal and customer notes, keeps packing notes', () => {
    expect(packerProjection('order_notes', { id: 'n', updated: 'u', visibility: 'internal', body: 'x' })).toBeNull();
    expect(packerProjection('order_notes', { id: 'n', updated: 'u', visibility: 'customer', body: 'x' })).toBeNull();
    expect(packerProjection('order_notes', { id: 'n', updated: 'u', visibility: 'packing', body: 'x' })).toEqual({ id: 'n', updated: 'u', visibility: 'packing', body: 'x' });
  });

  it('sends nothing of collections it does not know, nor the timeline', () => {
    expect(packerProjection('payments', { id: 'p', updated: 'u', amount_cents: 1 })).toBeNull();
    expect(packerProjection('order_events', { id: 'e', updated: 'u', type: 'paid' })).toBeNull();
  });

  it('strips prices from lines', () => {
    const line = { id: 'l', updated: 'u', order: 'o', sku: 'S', name: 'N', qty: 2, picked: 1, unit_price_cents: 500, tax_rate_bp: 1900 };
    expect(packerProjection('order_lines', line)).toEqual({ id: 'l', updated: 'u', order: 'o', sku: 'S', name: 'N', qty: 2, picked: 1 });
  });
});
