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
import type { UnitOfWork } from '../pocketbase/tx';
import { markCompleted, markReopened, type OrderState } from './transitions';

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
  data?: Record<string, unknown>;
}

/**
 * `after` is the order as it will be once the caller's ops ran (its new states and open
 * returns). Completing expects exactly those states and no open return, so an order that
 * changed in the meantime is not completed by mistake (the unit fails as a whole instead).
 * Returns the status the order ends with.
 */
export function settleLifecycle(uow: UnitOfWork, after: LifecycleOrder, opts: SettleOptions = {}): OrderStatus {
  const openReturns = after.open_returns ?? 0;
  const next = orderLifecycle({ status: after.status, payment: after.payment_status, fulfilment: after.fulfilment_status, openReturns, owed: opts.owed });
  if (next === after.status) return next;
  const who = { actor: opts.actor, actorLabel: opts.actor ? undefined : (opts.actorLabel ?? 'system'), data: opts.data };
  if (next === 'completed') {
    markCompleted(uow, after, { ...who, expect: { payment_status: after.payment_status, fulfilment_status: after.fulfilment_status, open_returns: 0 } });
  } else {
    markReopened(uow, after, who);
  }
  return next;
}
