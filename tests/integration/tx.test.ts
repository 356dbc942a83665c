// The transactional unit of work every stock and order change goes through.
import { describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import { TxFailure, UnitOfWork, runTx } from '../../src/lib/server/pocketbase/tx';
import type { ProductRecord } from '../../src/lib/server/pocketbase/records';
import { createOrder, createProduct } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

const env = usePocketBase();

async function ledger(productId: string) {
  const rows = await pb().collection('stock_movements').getFullList<{ delta_on_hand: number; delta_reserved: number }>({ filter: `product = '${productId}'` });
  return { on_hand: rows.reduce((s, r) => s + r.delta_on_hand, 0), reserved: rows.reduce((s, r) => s + r.delta_reserved, 0) };
}

async function stocked(onHand: number) {
  const p = await createProduct({ on_hand: 0, reserved: 0 });
  await new UnitOfWork().stock({ product: p.id, delta_on_hand: onHand, reason: 'initial' }).commit();
  return p;
}

const failure = (p: Promise<unknown>) => p.then(() => null, (e) => e as TxFailure);

describe('unit of work', () => {
  it('applies every op or none: a failing stock op rolls back earlier creates', async () => {
    const a = await stocked(5);
    const b = await stocked(1);
    const uow = new UnitOfWork();
    const order = await createOrder();
    uow.create('order_events', { order: order.order.id, type: 'test_marker' });
    uow.stock({ product: a.id, delta_reserved: 2, reason: 'order_placed' });
    uow.stock({ product: b.id, delta_reserved: 2, reason: 'order_placed' });
    const err = await failure(uow.commit());
    expect(err).toBeInstanceOf(TxFailure);
    expect(err!.code).toBe('insufficient_stock');
    expect(err!.details).toMatchObject({ product: b.id, sku: b.sku, available: 1, requested: 2, index: 2 });
    expect(await pb().collection('order_events').getFullList({ filter: "type = 'test_marker'" })).toHaveLength(0);
    expect(await pb().collection('products').getOne<ProductRecord>(a.id)).toMatchObject({ on_hand: 5, reserved: 0 });
    expect(await ledger(a.id)).toEqual({ on_hand: 5, reserved: 0 });
  });

  it('resolves references: counters and created ids feed later ops', async () => {
    const uow = new UnitOfWork();
    const n = uow.counter('test_numbers');
    const orderId = uow.create('orders', {
      number: n, channel: 'phone', status: 'draft', payment_status: 'unpaid', fulfilment_status: 'unfulfilled',
      fulfilment_method: 'ship', currency: 'EUR', tracking_token: 'x'.repeat(24) + Math.random().toString(36).slice(2, 10), version: 1
    });
    uow.create('order_events', { order: orderId, type: 'created' });
    const [num, id] = (await uow.commit()) as [number, string];
    expect(num).toBe(1);
    const ev = await pb().collection('order_events').getFirstListItem(`order = '${id}'`);
    expect(ev.type).toBe('created');
  });

  it('hands out every counter value exactly once under concurrency', async () => {
    const values = await Promise.all(Array.from({ length: 40 }, () => runTx([{ op: 'counter', name: 'concurrent', as: 'n' }])));
    const got = values.map((r) => r[0] as number).sort((x, y) => x - y);
    expect(got).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('refuses a stale version with the current record, and applies a fresh one', async () => {
    const { order } = await createOrder({ version: 3 });
    const err = await failure(new UnitOfWork().update('orders', order.id, { customer_name: 'Late' }, { ifVersion: 2 }).commit());
    expect(err!.code).toBe('version_conflict');
    expect(err!.details).toMatchObject({ currentVersion: 3, record: { id: order.id, customer_name: order.customer_name } });
    const [v] = await new UnitOfWork().update('orders', order.id, { customer_name: 'On time' }, { ifVersion: 3 }).commit();
    expect(v).toBe(4);
    expect(await pb().collection('orders').getOne(order.id)).toMatchObject({ version: 4, customer_name: 'On time' });
  });

  it('checks state preconditions', async () => {
    const { order } = await createOrder({ status: 'cancelled' });
    const err = await failure(new UnitOfWork().update('orders', order.id, { payment_status: 'paid' }, { expect: { status: ['placed', 'draft'] } }).commit());
    expect(err!.code).toBe('precondition_failed');
    expect(err!.details).toMatchObject({ field: 'status', actual: 'cancelled' });
  });

  it('bounds increments by another field (never over-pick)', async () => {
    const { lines } = await createOrder({}, [{ qty: 2 }]);
    const pick = () => new UnitOfWork().increment('order_lines', lines[0].id, 'picked', 1, { maxField: 'qty' }).commit();
    expect(await pick()).toEqual([1]);
    expect(await pick()).toEqual([2]);
    const err = await failure(pick());
    expect(err!.code).toBe('out_of_range');
    expect(err!.details).toMatchObject({ value: 3, max: 2 });
  });

  it('releasing stock never fails, taking more than available always does', async () => {
    const p = await stocked(3);
    await new UnitOfWork().stock({ product: p.id, delta_reserved: 3, reason: 'order_placed' }).commit();
    expect((await failure(new UnitOfWork().stock({ product: p.id, delta_reserved: 1, reason: 'order_placed' }).commit()))!.code).toBe('insufficient_stock');
    // a shelf count below what is reserved is refused too: available would go negative
    expect((await failure(new UnitOfWork().stock({ product: p.id, delta_on_hand: -1, reason: 'shelf_count' }).commit()))!.code).toBe('insufficient_stock');
    await new UnitOfWork().stock({ product: p.id, delta_reserved: -3, reason: 'order_cancelled' }).commit();
    expect(await pb().collection('products').getOne<ProductRecord>(p.id)).toMatchObject({ on_hand: 3, reserved: 0 });
    expect(await ledger(p.id)).toEqual({ on_hand: 3, reserved: 0 });
  });

  it('never oversells under concurrent reservations, and the ledger matches', async () => {
    for (let round = 0; round < 3; round++) {
      const p = await stocked(7);
      const attempts = Array.from({ length: 25 }, () =>
        new UnitOfWork().stock({ product: p.id, delta_reserved: 1, reason: 'order_placed' }).commit().then(() => 'ok', (e: TxFailure) => e.code)
      );
      const outcome = await Promise.all(attempts);
      expect(outcome.filter((o) => o === 'ok')).toHaveLength(7);
      expect(outcome.filter((o) => o !== 'ok').every((o) => o === 'insufficient_stock')).toBe(true);
      expect(await pb().collection('products').getOne<ProductRecord>(p.id)).toMatchObject({ on_hand: 7, reserved: 7 });
      expect(await ledger(p.id)).toEqual({ on_hand: 7, reserved: 7 });
    }
  });

  it('a stock move can require the product to be as the caller read it (price, still sold)', async () => {
    const p = await stocked(5);
    const move = (expect: Record<string, unknown>) => new UnitOfWork().stock({ product: p.id, delta_reserved: 1, reason: 'order_placed', expect }).commit();
    expect(await move({ price_cents: p.price_cents, active: true })).toEqual([{ product: p.id, on_hand: 5, reserved: 1 }]);
    const err = await failure(move({ price_cents: p.price_cents + 1 }));
    expect(err!.code).toBe('precondition_failed');
    expect(err!.details).toMatchObject({ field: 'price_cents', actual: p.price_cents });
    expect(await pb().collection('products').getOne<ProductRecord>(p.id)).toMatchObject({ reserved: 1 });
    expect(await ledger(p.id)).toEqual({ on_hand: 5, reserved: 1 });
  });

  it('is for superusers only', async () => {
    const res = await fetch(`${env.pb!.url}/api/packbench/tx`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ops: [{ op: 'counter', name: 'x', as: 'x' }] }) });
    expect(res.status).toBe(401);
  });

  it('reports PocketBase validation errors without writing anything', async () => {
    const uow = new UnitOfWork();
    uow.create('order_events', { type: 'orphan' });
    const err = await failure(uow.commit());
    expect(err!.code).toBe('invalid');
    expect(err!.message).toMatch(/order/i);
    expect(await pb().collection('order_events').getFullList({ filter: "type = 'orphan'" })).toHaveLength(0);
  });
});
