// State transitions and cancellations against a real PocketBase: guarded moves, the timeline,
// and every reservation released exactly once (F04, F10, F46).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/server/errors';
import { cancelOrder } from '../../src/lib/server/orders/cancel';
import { placeWebOrder, type CheckoutInput } from '../../src/lib/server/orders/place';
import { markPaid, markPacked, startPicking } from '../../src/lib/server/orders/transitions';
import { commitOrExplain } from '../../src/lib/server/orders/tx-errors';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderRecord, ProductRecord } from '../../src/lib/server/pocketbase/records';
import { UnitOfWork, commitOne } from '../../src/lib/server/pocketbase/tx';
import { createStaff, createStockedProduct } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { stockInvariantViolations } from './stock-invariants';

usePocketBase();

let staffId: string;
beforeAll(async () => {
  staffId = (await createStaff('office')).staff.id;
  await pb().collection('settings').create({ key: 'shop', value: { name: 'Test shop', email: 'shop@example.com', currency: 'EUR' } });
});

const checkout = (lines: CheckoutInput['lines'], over: Partial<CheckoutInput> = {}): CheckoutInput => ({
  idempotencyKey: randomUUID(),
  name: 'Erika Mustermann',
  email: 'erika@example.com',
  fulfilmentMethod: 'ship',
  shippingAddress: { name: 'Erika Mustermann', street: 'Heidestraße 17', postcode: '51147', city: 'Köln', country: 'DE' },
  paymentMethod: 'online_banking',
  locale: 'de',
  lines,
  ...over
});

const order = (id: string) => pb().collection('orders').getOne<OrderRecord>(id);
const product = (id: string) => pb().collection('products').getOne<ProductRecord>(id);
const events = (orderId: string) => pb().collection('order_events').getFullList<{ type: string; actor: string; actor_label: string; data: Record<string, unknown> }>({ filter: `order = '${orderId}'`, sort: 'created' });
const failure = (p: Promise<unknown>) => p.then(() => null, (e) => e);

describe('transitions on a real order', () => {
  it('a move writes the state and its timeline event; two concurrent moves from the same state: one wins', async () => {
    const p = await createStockedProduct(5);
    const placed = await placeWebOrder(checkout([{ productId: p.id, qty: 1 }]));
    const read = await order(placed.id);
    const attempts = [1, 2, 3].map(() => {
      const uow = new UnitOfWork();
      markPaid(uow, read, { actorLabel: 'card gateway', data: { provider: 'sandbox', event_id: 'evt_1', amount_cents: read.total_cents, currency: read.currency, bank_reference: 'SBX-1', method: 'card' } });
      return commitOrExplain(uow).then(() => 'ok', (e: AppError) => e.key);
    });
    const outcome = await Promise.all(attempts);
    expect(outcome.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcome.filter((o) => o !== 'ok')).toEqual(['orderflow.errors.state_changed', 'orderflow.errors.state_changed']);
    expect(await order(placed.id)).toMatchObject({ payment_status: 'paid' });
    const paid = (await events(placed.id)).filter((e) => e.type === 'paid');
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({ actor_label: 'card gateway', data: { axis: 'payment', from: 'unpaid', to: 'paid', bank_reference: 'SBX-1' } });
  });

  it('a person moving a stale version gets a conflict and nothing changes', async () => {
    const p = await createStockedProduct(5);
    const placed = await placeWebOrder(checkout([{ productId: p.id, qty: 1 }]));
    const read = await order(placed.id);
    const bump = new UnitOfWork();
    bump.update('orders', read.id, { phone: '030 1' }, { ifVersion: read.version });
    await commitOrExplain(bump);
    const uow = new UnitOfWork();
    startPicking(uow, read, { actor: staffId, ifVersion: read.version });
    const err = await failure(commitOrExplain(uow));
    expect(err).toBeInstanceOf(AppError);
    expect(err.key).toBe('orderflow.errors.changed_meanwhile');
    expect(await order(placed.id)).toMatchObject({ fulfilment_status: 'unfulfilled' });
    expect((await events(placed.id)).map((e) => e.type)).toEqual(['placed']);
  });
});

describe('cancelOrder (F04, F10)', () => {
  it('releases every line, records reason and actor, optionally tells the customer', async () => {
    const a = await createStockedProduct(10);
    const b = await createStockedProduct(4);
    const placed = await placeWebOrder(checkout([{ productId: a.id, qty: 3 }, { productId: b.id, qty: 4 }]));
    expect(await product(b.id)).toMatchObject({ on_hand: 4, reserved: 4 });

    const res = await cancelOrder(placed.id, { reason: 'Customer changed their mind', actorId: staffId, notifyCustomer: true });
    expect(res).toEqual({ id: placed.id, number: placed.number, status: 'cancelled' });
    expect(await order(placed.id)).toMatchObject({ status: 'cancelled', cancel_reason: 'Customer changed their mind' });
    expect((await order(placed.id)).cancelled_at).not.toBe('');
    expect(await product(a.id)).toMatchObject({ on_hand: 10, reserved: 0 });
    expect(await product(b.id)).toMatchObject({ on_hand: 4, reserved: 0 });
    const cancelled = (await events(placed.id)).find((e) => e.type === 'cancelled');
    expect(cancelled).toMatchObject({ actor: staffId, data: { reason: 'Customer changed their mind', notified: true } });
    const mails = await pb().collection('outbox').getFullList({ filter: `kind = 'email' && order = '${placed.id}'`, sort: 'created' });
    expect(mails.map((m) => [m.topic, m.recipient]).sort()).toEqual([
      ['order_cancelled', 'erika@example.com'],
      ['order_confirmation', 'erika@example.com'],
      ['order_placed_merchant', 'shop@example.com']
    ]);
    const releases = await pb().collection('stock_movements').getFullList({ filter: `order = '${placed.id}' && reason = 'order_cancelled'` });
    expect(releases.map((m) => m.delta_reserved).sort()).toEqual([-3, -4]);
    expect(await stockInvariantViolations([a.id, b.id])).toEqual([]);
  });

  it('refuses a second cancel, a shipped order, and (for the scheduler) an order paid meanwhile', async () => {
    const p = await createStockedProduct(10);
    const first = await placeWebOrder(checkout([{ productId: p.id, qty: 1 }]));
    await cancelOrder(first.id, { reason: 'Not paid within 7 business days', actorLabel: 'scheduler' });
    expect((await failure(cancelOrder(first.id, { reason: 'again' }))).key).toBe('orderflow.errors.already_cancelled');

    const shipped = await placeWebOrder(checkout([{ productId: p.id, qty: 1 }]));
    await pb().collection('orders').update(shipped.id, { fulfilment_status: 'shipped' });
    expect((await failure(cancelOrder(shipped.id, { reason: 'too late' }))).key).toBe('orderflow.errors.cancel_shipped');

    const paid = await placeWebOrder(checkout([{ productId: p.id, qty: 1 }]));
    const uow = new UnitOfWork();
    markPaid(uow, await order(paid.id), { actorLabel: 'card gateway' });
    await uow.commit();
    expect((await failure(cancelOrder(paid.id, { reason: 'unpaid', actorLabel: 'scheduler', onlyIfPayment: ['unpaid', 'failed'] }))).key).toBe('orderflow.errors.state_changed');
    expect(await order(paid.id)).toMatchObject({ status: 'placed' });
    // one cancelled order released its unit; two still hold theirs
    expect(await product(p.id)).toMatchObject({ on_hand: 10, reserved: 2 });
    expect(await stockInvariantViolations([p.id])).toEqual([]);
  });

  it('a cancel racing a shipment: exactly one of them wins, stock stays consistent', async () => {
    const p = await createStockedProduct(10);
    const placed = await placeWebOrder(checkout([{ productId: p.id, qty: 2 }]));
    const read = await order(placed.id);
    const line = await pb().collection('order_lines').getFirstListItem(`order = '${placed.id}'`);
    const ship = new UnitOfWork();
    ship.update('orders', read.id, { fulfilment_status: 'shipped' }, { expect: { status: 'placed', fulfilment_status: 'unfulfilled' } });
    ship.increment('order_lines', line.id, 'shipped', 2, { maxField: 'qty' });
    ship.stock({ product: p.id, delta_on_hand: -2, delta_reserved: -2, reason: 'shipped', order: read.id, order_line: line.id });
    const [shipResult, cancelResult] = await Promise.all([
      ship.commit().then(() => 'ok', () => 'refused'),
      cancelOrder(placed.id, { reason: 'race' }).then(() => 'ok', () => 'refused')
    ]);
    expect([shipResult, cancelResult].sort()).toEqual(['ok', 'refused']);
    const after = await product(p.id);
    expect(after.reserved).toBe(0);
    expect(after.on_hand).toBe(shipResult === 'ok' ? 8 : 10);
    expect(await stockInvariantViolations([p.id])).toEqual([]);
  });

  it('cancelling a draft releases nothing and says so on the timeline', async () => {
    const p = await createStockedProduct(3);
    const placed = await placeWebOrder(checkout([{ productId: p.id, qty: 1 }]));
    // a draft (as a phone order would be): back to draft by hand, nothing reserved
    await commitOne((uow) => {
      uow.stock({ product: p.id, delta_reserved: -1, reason: 'adjustment' });
      uow.update('orders', placed.id, { status: 'draft' });
    });
    await cancelOrder(placed.id, { reason: 'Customer will call back', actorId: staffId });
    expect(await product(p.id)).toMatchObject({ on_hand: 3, reserved: 0 });
    expect((await events(placed.id)).map((e) => e.type)).toEqual(['placed', 'cancelled']);
  });

  it('markPacked after picking: the table guards the real record too', async () => {
    const p = await createStockedProduct(3);
    const placed = await placeWebOrder(checkout([{ productId: p.id, qty: 1 }]));
    const uow = new UnitOfWork();
    expect(() => markPacked(uow, { id: placed.id, status: 'placed', payment_status: 'unpaid', fulfilment_status: 'unfulfilled' })).toThrow(AppError);
    startPicking(uow, { id: placed.id, status: 'placed', payment_status: 'unpaid', fulfilment_status: 'unfulfilled' }, { actor: staffId });
    markPacked(uow, { id: placed.id, status: 'placed', payment_status: 'unpaid', fulfilment_status: 'picking' }, { actor: staffId });
    await commitOrExplain(uow);
    expect(await order(placed.id)).toMatchObject({ fulfilment_status: 'packed' });
    expect((await events(placed.id)).map((e) => e.type)).toEqual(['placed', 'picking_started', 'packed']);
  });
});
