import { describe, expect, it } from 'vitest';
import { shippingChangeMoney, shippingChangeRequest } from './method-change';

const order = (payment_status: string, invoice_number = '', shipping_cents = 495) => ({ payment_status, invoice_number, shipping_cents });

describe('F42 shipping method change: what happens to the money', () => {
  it('changes an unpaid, uninvoiced order directly', () => {
    expect(shippingChangeMoney(order('unpaid'), 0)).toEqual({ path: 'adjust', diffCents: -495 });
    expect(shippingChangeMoney(order('failed'), 990)).toEqual({ path: 'adjust', diffCents: 495 });
  });
  it('makes a surcharge when a paid, pending or invoiced order gets dearer', () => {
    expect(shippingChangeMoney(order('paid', '', 0), 495)).toEqual({ path: 'surcharge', diffCents: 495 });
    expect(shippingChangeMoney(order('pending', '', 0), 495).path).toBe('surcharge');
    expect(shippingChangeMoney(order('unpaid', 'RE-2026-000001', 0), 495).path).toBe('surcharge');
  });
  it('makes the difference creditable when a paid order gets cheaper', () => {
    expect(shippingChangeMoney(order('paid'), 0)).toEqual({ path: 'credit', diffCents: -495 });
    expect(shippingChangeMoney(order('partially_refunded'), 100)).toEqual({ path: 'credit', diffCents: -395 });
  });
  it('does nothing to the money at the same fee', () => {
    expect(shippingChangeMoney(order('paid'), 495)).toEqual({ path: 'none', diffCents: 0 });
  });
  it('names the field of a bad fee', () => {
    const r = shippingChangeRequest.safeParse({ orderId: 'abcdefghijklmno', version: 1, method: 'ship', feeCents: -1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['feeCents'], message: 'The fee cannot be negative' });
  });
});
