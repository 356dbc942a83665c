// The stock page's procedures (F05): figures, who holds the reservations, shelf counts and
// the ledger; live through the `stock` room; office roles only.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { ProductRecord } from '../../src/lib/server/pocketbase/records';
import { signedInCaller } from '../support/caller';
import { createOrder, createStaff, createStockedProduct } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { collectUntil, connected, join, nextRecord, startSocketServer } from '../support/realtime';
import { stockInvariantViolations } from './stock-invariants';

usePocketBase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>;
let office: Caller;
let packer: Caller;
let customerId: string;

beforeAll(async () => {
  const o = await createStaff('office', { name: 'Olga Office' });
  office = await signedInCaller(o.staff.email, o.password);
  const p = await createStaff('packer');
  packer = await signedInCaller(p.staff.email, p.password);
  customerId = (await pb().collection('customers').create({ name: 'Lukas Gruber', addresses: [{ name: 'Lukas Gruber', street: 'Mariahilfer Str. 45', postcode: '1060', city: 'Wien', country: 'AT' }] })).id;
});

const place = (productId: string, qty: number, place = true) =>
  office.caller.orders.createPhoneOrder({ idempotencyKey: randomUUID(), customerId, fulfilmentMethod: 'ship', paymentMethod: 'cheque', lines: [{ productId, qty }], place });
const product = (id: string) => pb().collection('products').getOne<ProductRecord>(id);
const failure = (p: Promise<unknown>) => p.then(() => null, (e) => e as TRPCError & { cause: { key: string; params: Record<string, unknown> } });

describe('stock overview', () => {
  it('shows on the shelf, reserved, and the open orders holding the reservation', async () => {
    const p = await createStockedProduct(12, { sku: `OVR-${Date.now()}` });
    const first = await place(p.id, 3);
    const second = await place(p.id, 2);
    await place(p.id, 4, false); // a draft holds nothing
    const cancelled = await place(p.id, 1);
    await office.caller.orders.cancel({ orderId: cancelled.id, version: 1, reason: 'test cancel' });

    const row = (await office.caller.stock.list({ search: p.sku })).find((r) => r.id === p.id);
    expect(row).toMatchObject({ on_hand: 12, reserved: 5 });
    const holders = await office.caller.stock.holders({ productId: p.id });
    expect(holders.map((h) => [h.number, h.reserved, h.customerName])).toEqual([
      [first.number, 3, 'Lukas Gruber'],
      [second.number, 2, 'Lukas Gruber']
    ]);
    expect(holders.reduce((s, h) => s + h.reserved, 0)).toBe(row!.reserved);
  });

  it('the ledger lists every movement, newest first, with its order and who did it', async () => {
    const p = await createStockedProduct(10);
    const o = await place(p.id, 2);
    await office.caller.stock.recordCount({ productId: p.id, counted: 9, expectedOnHand: 10, reason: 'one broken' });
    const ledger = await office.caller.stock.ledger({ productId: p.id });
    expect(ledger.product.id).toBe(p.id);
    expect(ledger.items.map((m) => [m.reason, m.deltaOnHand, m.deltaReserved])).toEqual([
      ['shelf_count', -1, 0],
      ['order_placed', 0, 2],
      ['initial', 10, 0]
    ]);
    expect(ledger.items[0]).toMatchObject({ note: 'one broken', actor: 'Olga Office', order: null });
    expect(ledger.items[1].order).toEqual({ id: o.id, number: o.number });
    // pages counted beside the page (#15): three movements are one page of 50
    expect(ledger).toMatchObject({ page: 1, totalPages: 1 });
    const empty = await office.caller.stock.ledger({ productId: p.id, page: 2 });
    expect(empty).toMatchObject({ page: 2, totalPages: 1, items: [] });
  });
});

describe('shelf counts (F05)', () => {
  it('records the difference as one shelf_count movement with the reason', async () => {
    const p = await createStockedProduct(10);
    const res = await office.caller.stock.recordCount({ productId: p.id, counted: 14, expectedOnHand: 10, reason: 'stocktake' });
    expect(res).toMatchObject({ on_hand: 14, reserved: 0 });
    expect(await product(p.id)).toMatchObject({ on_hand: 14 });
    expect(await stockInvariantViolations([p.id])).toEqual([]);
  });

  it('refuses a count below what open orders hold, with a clear message, and changes nothing', async () => {
    const p = await createStockedProduct(10, { name: 'Thermoskanne' });
    await place(p.id, 6);
    const err = await failure(office.caller.stock.recordCount({ productId: p.id, counted: 4, expectedOnHand: 10, reason: 'stocktake' }));
    expect(err?.code).toBe('CONFLICT');
    expect(err?.cause.key).toBe('stock.errors.below_reserved');
    expect(err?.message).toContain('4 counted, but open orders hold 6 of Thermoskanne');
    expect(await product(p.id)).toMatchObject({ on_hand: 10, reserved: 6 });
    expect((await office.caller.stock.ledger({ productId: p.id })).items).toHaveLength(2);
  });

  it('refuses a count made against figures that changed meanwhile', async () => {
    const p = await createStockedProduct(10);
    await office.caller.stock.recordCount({ productId: p.id, counted: 8, expectedOnHand: 10, reason: 'first count' });
    const err = await failure(office.caller.stock.recordCount({ productId: p.id, counted: 9, expectedOnHand: 10, reason: 'second count' }));
    expect(err?.cause.key).toBe('stock.errors.changed_meanwhile');
    expect(await product(p.id)).toMatchObject({ on_hand: 8 });
  });

  it('refuses negative or fractional counts and a missing reason, per field', async () => {
    const p = await createStockedProduct(10);
    for (const [input, path] of [
      [{ counted: -1, reason: 'stocktake' }, 'counted'],
      [{ counted: 2.5, reason: 'stocktake' }, 'counted'],
      [{ counted: 3, reason: '' }, 'reason']
    ] as const) {
      const err = await failure(office.caller.stock.recordCount({ productId: p.id, expectedOnHand: 10, ...input }));
      expect(err?.code).toBe('BAD_REQUEST');
      expect((err?.cause as unknown as { issues: { path: string[] }[] }).issues[0].path).toEqual([path]);
    }
    expect(await product(p.id)).toMatchObject({ on_hand: 10 });
  });
});

describe('who may see stock', () => {
  it('packers are refused by every stock procedure', async () => {
    const p = await createStockedProduct(1);
    for (const attempt of [
      packer.caller.stock.list({}),
      packer.caller.stock.holders({ productId: p.id }),
      packer.caller.stock.ledger({ productId: p.id }),
      packer.caller.stock.recordCount({ productId: p.id, counted: 5, expectedOnHand: 1, reason: 'sneaky' })
    ]) {
      expect((await failure(attempt))?.code).toBe('FORBIDDEN');
    }
    expect(await product(p.id)).toMatchObject({ on_hand: 1 });
  });

  describe('live', () => {
    let server: Awaited<ReturnType<typeof startSocketServer>>;
    beforeAll(async () => {
      server = await startSocketServer();
    });
    afterAll(() => server.stop());

    it('the stock room hears a reservation; a packer may not join it', async () => {
      const p = await createStockedProduct(10);
      const s = server.connect(office.token);
      await connected(s);
      expect(await join(s, 'stock')).toEqual({ ok: true });
      const heard = nextRecord(s, (e) => e.collection === 'products' && e.record.id === p.id && e.record.reserved === 3);
      await place(p.id, 3);
      expect((await heard).record).toMatchObject({ on_hand: 10, reserved: 3 });

      const ps = server.connect(packer.token);
      await connected(ps);
      expect((await join(ps, 'stock')).ok).toBe(false);
      // the barrier: an order the packer may follow, changed after the stock move
      const { order } = await createOrder();
      expect((await join(ps, `order:${order.id}`)).ok).toBe(true);
      const seen = collectUntil(ps, (e) => e.collection === 'orders' && e.record.id === order.id && e.record.fulfilment_status === 'picking');
      await place(p.id, 1);
      await pb().collection('orders').update(order.id, { fulfilment_status: 'picking' });
      expect((await seen).filter((e) => e.collection === 'products')).toEqual([]);
    });
  });
});
