// The fulfilment moves picking makes, in one place: the state table and the timeline rows are
// the order flow's (../orders/transitions.ts); this file only says which move a pick needs and
// which preconditions every pick carries (placed, paid, still being picked).
import type { OrderRecord } from '../pocketbase/records';
import type { UnitOfWork } from '../pocketbase/tx';
import { markPacked, startPicking, transition, type OrderState } from '../orders/transitions';

// paid and holding its stock (an unpaid web order's hold may have run out: payments/reservation-hold.ts)
const PICKABLE = { status: 'placed', payment_status: 'paid', hold_released: false } as const;

type Order = Pick<OrderRecord, 'id' | 'status' | 'payment_status' | 'fulfilment_status'>;
const state = (o: Order): OrderState => ({ id: o.id, status: o.status, payment_status: o.payment_status, fulfilment_status: o.fulfilment_status });

/**
 * Adds to `uow` what makes a pick legal: the first pick moves the order to picking, every
 * later one checks it is still placed, paid and picking. If the office cancels meanwhile,
 * the whole unit of work fails and nothing is counted.
 */
export function requirePicking(uow: UnitOfWork, order: Order, actor: string) {
  if (order.fulfilment_status === 'unfulfilled') {
    startPicking(uow, state(order), { actor, expect: PICKABLE });
  } else if (order.fulfilment_status === 'packed') {
    // an undo after the last unit: the parcel is open again
    transition(uow, state(order), 'fulfilment', 'picking', { actor, expect: PICKABLE, data: { reason: 'undo' } });
  } else {
    uow.update('orders', order.id, {}, { expect: { ...PICKABLE, fulfilment_status: 'picking' } });
  }
}

/** picking -> packed, only if every line is still fully picked when the move commits. */
export function packWhenComplete(uow: UnitOfWork, order: Order, lines: { id: string; qty: number }[], actor: string) {
  markPacked(uow, { ...state(order), fulfilment_status: 'picking' }, { actor, expect: PICKABLE });
  // +0 with min = qty: fails (and rolls everything back) if an undo got in first
  for (const l of lines) uow.increment('order_lines', l.id, 'picked', 0, { min: l.qty, maxField: 'qty' });
}
