// Table-driven: every allowed move adds exactly its guarded update and timeline event;
// every other move is refused before anything is added.
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { UnitOfWork } from '../pocketbase/tx';
import * as T from './transitions';
import type { OrderState } from './transitions';

const order = (over: Partial<OrderState> = {}): OrderState => ({ id: 'order0000000001', status: 'placed', payment_status: 'unpaid', fulfilment_status: 'unfulfilled', ...over });

// [function, axis, from, to, event type]
const ALLOWED: [keyof typeof T, T.Axis, string, string, string][] = [
  ['markPlaced', 'order', 'draft', 'placed', 'placed'],
  ['markCancelled', 'order', 'draft', 'cancelled', 'cancelled'],
  ['markCancelled', 'order', 'placed', 'cancelled', 'cancelled'],
  ['markCompleted', 'order', 'placed', 'completed', 'completed'],
  ['markPaymentPending', 'payment', 'unpaid', 'pending', 'payment_pending'],
  ['markPaid', 'payment', 'unpaid', 'paid', 'paid'],
  ['markPaid', 'payment', 'pending', 'paid', 'paid'],
  ['markPaid', 'payment', 'failed', 'paid', 'paid'],
  ['markPaymentFailed', 'payment', 'pending', 'failed', 'payment_failed'],
  ['markPaymentFailed', 'payment', 'unpaid', 'failed', 'payment_failed'],
  ['markPaymentUnpaid', 'payment', 'pending', 'unpaid', 'payment_reset'],
  ['markPaymentPending', 'payment', 'failed', 'pending', 'payment_pending'],
  ['markRefunded', 'payment', 'paid', 'refunded', 'refunded'],
  ['markPartiallyRefunded', 'payment', 'paid', 'partially_refunded', 'partially_refunded'],
  ['markPartiallyRefunded', 'payment', 'partially_refunded', 'partially_refunded', 'partially_refunded'],
  ['markRefunded', 'payment', 'partially_refunded', 'refunded', 'refunded'],
  ['startPicking', 'fulfilment', 'unfulfilled', 'picking', 'picking_started'],
  ['startPicking', 'fulfilment', 'packed', 'picking', 'picking_started'],
  ['markPacked', 'fulfilment', 'picking', 'packed', 'packed'],
  ['markPartiallyShipped', 'fulfilment', 'packed', 'partially_shipped', 'partially_shipped'],
  ['markPartiallyShipped', 'fulfilment', 'partially_shipped', 'partially_shipped', 'partially_shipped'],
  ['markShipped', 'fulfilment', 'packed', 'shipped', 'shipped'],
  ['markShipped', 'fulfilment', 'partially_shipped', 'shipped', 'shipped'],
  ['markReadyForPickup', 'fulfilment', 'packed', 'ready_for_pickup', 'ready_for_pickup'],
  ['markCollected', 'fulfilment', 'ready_for_pickup', 'collected', 'collected'],
  ['markReturned', 'fulfilment', 'shipped', 'returned', 'returned'],
  ['markReturned', 'fulfilment', 'collected', 'returned', 'returned'],
  // F39/F40 returns and the order lifecycle
  ['markReopened', 'order', 'completed', 'placed', 'reopened'],
  ['markPartiallyReturned', 'fulfilment', 'shipped', 'partially_returned', 'partially_returned'],
  ['markPartiallyReturned', 'fulfilment', 'collected', 'partially_returned', 'partially_returned'],
  ['markPartiallyReturned', 'fulfilment', 'partially_returned', 'partially_returned', 'partially_returned'],
  ['markReturned', 'fulfilment', 'partially_returned', 'returned', 'returned'],
  // the last parcel leaves after units of earlier ones came back (a return while the rest waited, an exchange)
  ['markPartiallyReturned', 'fulfilment', 'packed', 'partially_returned', 'partially_returned'],
  ['markPartiallyReturned', 'fulfilment', 'partially_shipped', 'partially_returned', 'partially_returned'],
  ['markReturned', 'fulfilment', 'partially_shipped', 'returned', 'returned']
];

const REFUSED: [keyof typeof T, T.Axis, string][] = [
  ['markPlaced', 'order', 'placed'],
  ['markPlaced', 'order', 'cancelled'],
  ['markCompleted', 'order', 'draft'],
  ['markCancelled', 'order', 'completed'],
  ['markCancelled', 'order', 'cancelled'],
  ['markPaid', 'payment', 'paid'],
  ['markPaid', 'payment', 'refunded'],
  ['markRefunded', 'payment', 'unpaid'],
  ['markPaymentPending', 'payment', 'paid'],
  ['markPartiallyRefunded', 'payment', 'pending'],
  ['startPicking', 'fulfilment', 'shipped'],
  ['markPacked', 'fulfilment', 'unfulfilled'],
  ['markShipped', 'fulfilment', 'unfulfilled'],
  ['markShipped', 'fulfilment', 'shipped'],
  ['markReadyForPickup', 'fulfilment', 'picking'],
  ['markCollected', 'fulfilment', 'packed'],
  ['markReturned', 'fulfilment', 'unfulfilled'],
  ['markReturned', 'fulfilment', 'returned'],
  ['markReopened', 'order', 'cancelled'],
  ['markReopened', 'order', 'placed'],
  ['markPartiallyReturned', 'fulfilment', 'unfulfilled'],
  ['markPartiallyReturned', 'fulfilment', 'returned'],
  ['markPartiallyReturned', 'fulfilment', 'ready_for_pickup']
];

const stateOn = (axis: T.Axis, state: string) => order({ [T.AXIS_FIELD[axis]]: state });
type Move = (uow: UnitOfWork, o: OrderState, opts?: T.TransitionOptions) => void;

describe('allowed moves', () => {
  it.each(ALLOWED)('%s: %s %s -> %s', (fn, axis, from, to, eventType) => {
    const uow = new UnitOfWork();
    (T[fn] as Move)(uow, stateOn(axis, from), { actor: 'staff0000000001', ifVersion: 4, data: { note: 'x' } });
    const field = T.AXIS_FIELD[axis];
    // the move and its timeline event; a webhook event for integrations (F43) may come with them
    const ops = uow.ops.filter((o) => o.op !== 'counter' && !('collection' in o && o.collection === 'outbox'));
    expect(ops).toHaveLength(2);
    expect(ops[0]).toMatchObject({ op: 'update', collection: 'orders', id: 'order0000000001', body: { [field]: to }, ifVersion: 4, expect: { [field]: from } });
    expect(ops[1]).toMatchObject({
      op: 'create',
      collection: 'order_events',
      body: { order: 'order0000000001', type: eventType, actor: 'staff0000000001', actor_label: '', data: { axis, from, to, note: 'x' } }
    });
  });
});

describe('refused moves', () => {
  it.each(REFUSED)('%s from %s %s', (fn, axis, from) => {
    const uow = new UnitOfWork();
    const err = (() => {
      try {
        (T[fn] as Move)(uow, stateOn(axis, from));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).key).toBe('orderflow.errors.transition_refused');
    expect(uow.ops).toHaveLength(0);
  });

  it('the table is complete: every state of every axis has an entry', () => {
    expect(Object.keys(T.ALLOWED_MOVES.order).sort()).toEqual(['cancelled', 'completed', 'draft', 'placed']);
    expect(Object.keys(T.ALLOWED_MOVES.payment).sort()).toEqual(['failed', 'paid', 'partially_refunded', 'pending', 'refunded', 'unpaid']);
    expect(Object.keys(T.ALLOWED_MOVES.fulfilment).sort()).toEqual(
      ['collected', 'packed', 'partially_returned', 'partially_shipped', 'picking', 'ready_for_pickup', 'returned', 'shipped', 'unfulfilled']
    );
  });
});

describe('what a move writes besides the state', () => {
  it('stamps the time and keeps caller fields and preconditions', () => {
    const uow = new UnitOfWork();
    T.markCancelled(uow, order(), { actorLabel: 'scheduler', set: { cancel_reason: 'Not paid' }, expect: { payment_status: ['unpaid'] } });
    const [update, event] = uow.ops as [Extract<(typeof uow.ops)[number], { op: 'update' }>, Extract<(typeof uow.ops)[number], { op: 'create' }>];
    expect(update.body).toMatchObject({ status: 'cancelled', cancel_reason: 'Not paid' });
    expect(Date.parse(update.body!.cancelled_at as string)).toBeGreaterThan(Date.now() - 5000);
    expect(update.expect).toEqual({ payment_status: ['unpaid'], status: 'placed' });
    expect(update.ifVersion).toBeUndefined();
    expect(event.body).toMatchObject({ actor: '', actor_label: 'scheduler' });
  });

  it('markPaid stamps paid_at, markPlaced placed_at', () => {
    const uow = new UnitOfWork();
    T.markPaid(uow, order());
    T.markPlaced(uow, order({ status: 'draft' }));
    const updates = uow.ops.filter((o) => o.op === 'update') as { body: object }[];
    expect(Object.keys(updates[0].body)).toContain('paid_at');
    expect(Object.keys(updates[1].body)).toContain('placed_at');
  });
});
