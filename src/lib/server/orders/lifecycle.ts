// The order lifecycle (#13): when an order is finished by itself, and when it opens again.
//
//   placed → completed   it is paid, nothing is left to ship or collect, no return is open
//                        and nothing is owed either way (refunds and surcharges pass it)
//   completed → placed   a return (later an exchange or a surcharge) opens it again
//
// `orderLifecycle` is the pure rule; `settleLifecycle` adds the move (if any) to the caller's
// unit of work, after the caller's own state changes, so both commit together. Every place
// that changes one of the inputs calls it: shipping, collection, marking paid, returns.
import type { FulfilmentStatus, OrderStatus, PaymentStatus } from '../pocketbase/records';
import type { TxOp, UnitOfWork } from '../pocketbase/tx';
import type { LifecycleWhy } from '$lib/orders/timeline-events';
import { recordEvent } from './timeline';
import { canMove, markCompleted, markReopened, type OrderState } from './transitions';

export interface LifecycleInput {
  status: OrderStatus;
  payment: PaymentStatus;
  fulfilment: FulfilmentStatus;
  /** returns not yet closed or cancelled */
  openReturns: number;
  /** minor units still owed by either side (a refund due, a surcharge unpaid); 0 when settled */
  owed?: number;
}

/** Nothing left to ship or collect: everything left the building (some may have come back). */
const FULFILLED: readonly FulfilmentStatus[] = ['shipped', 'collected', 'partially_returned', 'returned'];
/** The money side is settled once paid (a refund moves it on, it never becomes unpaid again). */
const SETTLED: readonly PaymentStatus[] = ['paid', 'partially_refunded', 'refunded'];

/** What the order's status should be now: the same status when nothing is to change. */
export function orderLifecycle(s: LifecycleInput): OrderStatus {
  if (s.status !== 'placed' && s.status !== 'completed') return s.status;
  const done = SETTLED.includes(s.payment) && FULFILLED.includes(s.fulfilment) && s.openReturns === 0 && (s.owed ?? 0) === 0;
  return done ? 'completed' : 'placed';
}

export type LifecycleOrder = OrderState & { open_returns?: number };

export interface SettleOptions {
  actor?: string;
  actorLabel?: string;
  owed?: number;
  /** why it re-opened or finished, for the timeline */
  data?: LifecycleWhy;
}

type UpdateOp = Extract<TxOp, { op: 'update' }>;

/** The unit's last update of this order, if the caller already changes it. */
function lastOrderUpdate(uow: UnitOfWork, id: string): UpdateOp | null {
  for (let i = uow.ops.length - 1; i >= 0; i--) {
    const op = uow.ops[i];
    if (op.op === 'update' && op.collection === 'orders' && op.id === id) return op;
  }
  return null;
}

/**
 * `after` is the order as it will be once the caller's ops ran (its new states and open
 * returns). Returns the status the order ends with.
 *
 * When the unit already updates the order (a parcel's shipped, mark paid, a return step), the
 * new status joins THAT update: one save of the order, so the live event every open browser
 * gets carries the final state (PocketBase sends the events of one transaction in no fixed
 * order, and several saves within a millisecond share one `updated`). That update's own
 * guards (version, the states it moves from) then cover the move; completing also expects no
 * open return unless the update sets the count itself. Without such an update, completing
 * expects exactly the states it was computed from and no open return, so an order that
 * changed in the meantime is not completed by mistake (the unit fails as a whole instead).
 */
export function settleLifecycle(uow: UnitOfWork, after: LifecycleOrder, opts: SettleOptions = {}): OrderStatus {
  const openReturns = after.open_returns ?? 0;
  const next = orderLifecycle({ status: after.status, payment: after.payment_status, fulfilment: after.fulfilment_status, openReturns, owed: opts.owed });
  if (next === after.status) return next;
  const who = { actor: opts.actor, actorLabel: opts.actor ? undefined : (opts.actorLabel ?? 'system'), data: opts.data };
  const joined = lastOrderUpdate(uow, after.id);
  if (joined && canMove('order', after.status, next) && !(joined.body && 'status' in joined.body)) {
    joined.body = { ...joined.body, status: next };
    joined.expect = { ...joined.expect, status: after.status, ...(next === 'completed' && !(joined.body && 'open_returns' in joined.body) ? { open_returns: 0 } : {}) };
    const from = after.status;
    recordEvent(
      uow,
      after.id,
      // the only other outcome here: placed again
      next === 'completed' ? { type: 'completed', data: { axis: 'order', from, to: 'completed', ...who.data } } : { type: 'reopened', data: { axis: 'order', from, to: 'placed', ...who.data } },
      who
    );
    return next;
  }
  if (next === 'completed') {
    markCompleted(uow, after, { ...who, expect: { payment_status: after.payment_status, fulfilment_status: after.fulfilment_status, open_returns: 0 } });
  } else {
    markReopened(uow, after, who);
  }
  return next;
}

/**
 * The state of an order with nothing left to ship: shipped, or, when units of earlier parcels
 * already came back (returned while the rest waited, or before an exchange's parcel), partly or
 * all returned. `lines`: each line's shipped units (this parcel included) and units back.
 */
export function fulfilledState(lines: { shipped: number; returned: number }[]): 'shipped' | 'partially_returned' | 'returned' {
  if (!lines.some((l) => l.returned > 0)) return 'shipped';
  return lines.every((l) => l.returned >= l.shipped) ? 'returned' : 'partially_returned';
}
