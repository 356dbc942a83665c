// Order state transitions: one function per move on one of the three axes.
//
//   order:      draft → placed → completed | cancelled   (draft → cancelled too)
//               completed → placed: a return (or exchange, surcharge) re-opens it (./lifecycle.ts)
//   payment:    unpaid → pending → paid | failed | refunded | partially_refunded
//   fulfilment: unfulfilled → picking → packed → partially_shipped → shipped
//               packed → ready_for_pickup → collected;  shipped | collected → returned
//               shipped | collected → partially_returned → returned   (F39/F40: some or all of
//               what was shipped came back; a partially shipped order keeps its state until the
//               rest leaves, then partially_returned or returned when units already came back)
//
// Every function ADDS to the caller's UnitOfWork, it never commits: the state change, its
// `order_events` row and whatever else the caller does (stock, payments, shipments, e-mails)
// land in one transaction or not at all.
//
//   const uow = new UnitOfWork();
//   markPaid(uow, order, { actorLabel: 'card gateway', data: { reference } });
//   uow.create('payments', { ... });
//   await commitOrExplain(uow);            // TxFailure -> AppError (see ./tx-errors.ts)
//
// `order` is the record as the caller read it (id + the three state fields). A move that the
// table does not allow throws `AppError('CONFLICT', 'orderflow.errors.transition_refused', …)` at once.
// The update carries `expect: { <axis field>: <state read> }`, so if someone moved the order
// in the meantime the whole unit of work fails with `precondition_failed` (nothing written).
// Pass `ifVersion` when a person edits from a screen (optimistic locking: version_conflict).
//
// Options (TransitionOptions): actor (staff id) or actorLabel ('customer', 'card gateway',
// 'scheduler', …) for the timeline; data for the event; set = extra order fields written in
// the same update; expect = extra preconditions (e.g. { payment_status: ['unpaid'] }).
import { AppError } from '../errors';
import type { FulfilmentStatus, OrderRecord, OrderStatus, PaymentStatus } from '../pocketbase/records';
import type { Expect, TxUpdate, UnitOfWork } from '../pocketbase/tx';
import { orderEventFor, queueWebhook } from '../webhooks/events';
import type { MoveDetails, MoveEventType, TimelineEvent, TimelineEventType } from '$lib/orders/timeline-events';
import { recordEvent } from './timeline';

export type Axis = 'order' | 'payment' | 'fulfilment';
type StateOf = { order: OrderStatus; payment: PaymentStatus; fulfilment: FulfilmentStatus };

export const AXIS_FIELD = { order: 'status', payment: 'payment_status', fulfilment: 'fulfilment_status' } as const;

/** Allowed moves per axis: from → the states it may go to. */
export const ALLOWED_MOVES: { [A in Axis]: Record<StateOf[A], readonly StateOf[A][]> } = {
  order: {
    draft: ['placed', 'cancelled'],
    placed: ['completed', 'cancelled'],
    completed: ['placed'],
    cancelled: []
  },
  payment: {
    unpaid: ['pending', 'paid', 'failed'],
    // a customer who left the card page may start again
    pending: ['paid', 'failed', 'unpaid'],
    failed: ['pending', 'paid'],
    paid: ['refunded', 'partially_refunded'],
    partially_refunded: ['partially_refunded', 'refunded'],
    refunded: []
  },
  fulfilment: {
    unfulfilled: ['picking'],
    // packed → picking: a packer reopens the parcel
    picking: ['packed', 'partially_shipped'],
    // → (partially_)returned: the last parcel leaves after units of earlier ones came back (an exchange)
    packed: ['picking', 'partially_shipped', 'shipped', 'ready_for_pickup', 'partially_returned', 'returned'],
    // every further parcel of a split order is partially_shipped → partially_shipped
    partially_shipped: ['picking', 'packed', 'partially_shipped', 'shipped', 'partially_returned', 'returned'],
    shipped: ['partially_returned', 'returned'],
    ready_for_pickup: ['collected'],
    collected: ['partially_returned', 'returned'],
    // every further return of part of an order is partially_returned → partially_returned
    partially_returned: ['partially_returned', 'returned'],
    returned: []
  }
};

export function canMove<A extends Axis>(axis: A, from: StateOf[A], to: StateOf[A]): boolean {
  return (ALLOWED_MOVES[axis][from] as readonly string[] | undefined)?.includes(to) ?? false;
}

export type OrderState = Pick<OrderRecord, 'id' | 'status' | 'payment_status' | 'fulfilment_status'>;

/** What any move's caller may add to its event; the named moves below take their own event's (MoveDetails). */
type AnyDetails = MoveDetails[MoveEventType];

export interface TransitionOptions<D = AnyDetails> {
  /** the staff member who did it */
  actor?: string;
  /** who did it when it was not staff: 'customer', 'card gateway', 'scheduler', … */
  actorLabel?: string;
  /** optimistic lock: the order version the person saw */
  ifVersion?: number;
  /** shown on the timeline with the event */
  data?: D;
  /** more order fields written in the same update */
  set?: TxUpdate<'orders'>;
  /** more preconditions on the order, e.g. { payment_status: ['unpaid', 'failed'] } */
  expect?: Expect<'orders'>;
}

/** The timeline event type written for a move to each state. */
const EVENT_TYPE: { [A in Axis]: Record<StateOf[A], TimelineEventType> } = {
  order: { draft: 'created', placed: 'placed', completed: 'completed', cancelled: 'cancelled' },
  payment: {
    unpaid: 'payment_reset', pending: 'payment_pending', paid: 'paid', failed: 'payment_failed',
    refunded: 'refunded', partially_refunded: 'partially_refunded'
  },
  fulfilment: {
    unfulfilled: 'unfulfilled', picking: 'picking_started', packed: 'packed', partially_shipped: 'partially_shipped',
    shipped: 'shipped', ready_for_pickup: 'ready_for_pickup', collected: 'collected',
    partially_returned: 'partially_returned', returned: 'returned'
  }
};

/** The generic move; prefer the named functions below. */
export function transition<A extends Axis>(uow: UnitOfWork, order: OrderState, axis: A, to: StateOf[A], opts: TransitionOptions = {}) {
  const field = AXIS_FIELD[axis];
  const from = order[field] as unknown as StateOf[A];
  if (!canMove(axis, from, to)) {
    throw new AppError('CONFLICT', 'orderflow.errors.transition_refused', `This order cannot go from ${from} to ${to}.`, { from, to, axis });
  }
  uow.update('orders', order.id, { ...opts.set, [field]: to }, {
    ifVersion: opts.ifVersion,
    expect: { ...opts.expect, [field]: from }
  });
  // completed → placed is a re-opening, not a second placing
  const type = axis === 'order' && from === 'completed' && to === 'placed' ? 'reopened' : EVENT_TYPE[axis][to];
  // the type comes from the table at run time, so TypeScript cannot pair it with its data here;
  // the named moves below check each caller's data against its own event (MoveDetails)
  recordEvent(uow, order.id, { type, data: { axis, from, to, ...opts.data } } as TimelineEvent, opts);
  // F43: the webhook event commits with the move (or not at all)
  const webhook = orderEventFor(to as string);
  if (webhook) queueWebhook(uow, { type: webhook, order: order.id, data: { from, to, ...opts.data } });
}

/** A named move; `E` is the event it writes, whose details the caller's data must be. */
type Move<E extends MoveEventType> = (uow: UnitOfWork, order: OrderState, opts?: TransitionOptions<MoveDetails[E]>) => void;
const move =
  <E extends MoveEventType, A extends Axis = Axis>(axis: A, to: StateOf[A], stamp?: (now: string) => Record<string, unknown>): Move<E> =>
  (uow, order, opts = {}) =>
    transition(uow, order, axis, to, { ...opts, set: { ...stamp?.(new Date().toISOString()), ...opts.set } });

// order axis
/** draft → placed; stamps placed_at. Reserving the stock is the caller's (see ./draft.ts). */
export const markPlaced = move<'placed'>('order', 'placed', (now) => ({ placed_at: now }));
export const markCompleted = move<'completed'>('order', 'completed');
/** completed → placed: something (a return, an exchange, a surcharge) opened the order again */
export const markReopened = move<'reopened'>('order', 'placed');
/** stamps cancelled_at; pass set.cancel_reason. Releasing stock is cancelOrder's (./cancel.ts). */
export const markCancelled = move<'cancelled'>('order', 'cancelled', (now) => ({ cancelled_at: now }));

// payment axis
export const markPaymentPending = move<'payment_pending'>('payment', 'pending');
export const markPaymentUnpaid = move<'payment_reset'>('payment', 'unpaid');
/** stamps paid_at */
export const markPaid = move<'paid'>('payment', 'paid', (now) => ({ paid_at: now }));
export const markPaymentFailed = move<'payment_failed'>('payment', 'failed');
export const markRefunded = move<'refunded'>('payment', 'refunded');
export const markPartiallyRefunded = move<'partially_refunded'>('payment', 'partially_refunded');

// fulfilment axis
export const startPicking = move<'picking_started'>('fulfilment', 'picking');
export const markPacked = move<'packed'>('fulfilment', 'packed');
export const markPartiallyShipped = move<'partially_shipped'>('fulfilment', 'partially_shipped');
export const markShipped = move<'shipped'>('fulfilment', 'shipped');
export const markReadyForPickup = move<'ready_for_pickup'>('fulfilment', 'ready_for_pickup');
export const markCollected = move<'collected'>('fulfilment', 'collected');
export const markReturned = move<'returned'>('fulfilment', 'returned');
export const markPartiallyReturned = move<'partially_returned'>('fulfilment', 'partially_returned');
