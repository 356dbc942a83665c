// F39/F40: what a return step does to its order, added to the step's unit of work: the open
// returns count (under the order's version, so two steps on one order never interleave), the
// fulfilment state once units came back, and the lifecycle (completed ↔ placed).
import type { FulfilmentStatus, OrderRecord } from '../pocketbase/records';
import type { UnitOfWork } from '../pocketbase/tx';
import { settleLifecycle } from '../orders/lifecycle';
import { markPartiallyReturned, markReturned } from '../orders/transitions';
import type { ReturnStep } from '$lib/orders/timeline-events';

/** States from which returned units move the fulfilment state (a partially shipped order keeps its own). */
const RETURNABLE_STATES: readonly FulfilmentStatus[] = ['shipped', 'collected', 'partially_returned'];

export interface Who {
  actor?: string;
  actorLabel?: string;
}

export interface OrderAfter {
  order: Pick<OrderRecord, 'id' | 'status' | 'payment_status' | 'fulfilment_status' | 'version'> & { open_returns?: number };
  openReturns: number;
  /** units back per order line after this step (order_lines.returned), when units came back */
  returnedByLine?: Map<string, number>;
  /** shipped units per order line */
  shippedByLine?: Map<string, number>;
  /** the return, for the timeline */
  data: ReturnStep;
}

export function applyToOrder(uow: UnitOfWork, who: Who, a: OrderAfter) {
  const { order } = a;
  // one update of the order per step (the lifecycle joins it): its live event has the final state
  let fulfilment = order.fulfilment_status;
  let moved = false;
  if (a.returnedByLine && a.shippedByLine && RETURNABLE_STATES.includes(fulfilment)) {
    const shipped = [...a.shippedByLine.values()].reduce((s, n) => s + n, 0);
    const allBack = shipped > 0 && [...a.shippedByLine].every(([id, n]) => (a.returnedByLine!.get(id) ?? 0) >= n);
    const to: FulfilmentStatus = allBack ? 'returned' : 'partially_returned';
    if (to !== fulfilment) {
      (to === 'returned' ? markReturned : markPartiallyReturned)(uow, order, { ...who, data: a.data, ifVersion: order.version, set: { open_returns: a.openReturns } });
      fulfilment = to;
      moved = true;
    }
  }
  if (!moved) uow.update('orders', order.id, { open_returns: a.openReturns }, { ifVersion: order.version });
  settleLifecycle(uow, { ...order, fulfilment_status: fulfilment, open_returns: a.openReturns }, { ...who, data: a.data });
}
