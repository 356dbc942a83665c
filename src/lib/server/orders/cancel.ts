// Cancelling an order (F04, F10): every line's remaining reservation goes back to stock,
// the order is marked cancelled with its reason, the timeline says who did it, and the
// customer may be told, all in one unit of work. The auto-cancel scheduler calls this too.
import { AppError } from '../errors';
import { queueEmail } from '../mail/queue';
import { collection, filterValue } from '../pocketbase/client';
import type { FulfilmentStatus, OrderLineRecord, PaymentStatus } from '../pocketbase/records';
import { UnitOfWork } from '../pocketbase/tx';
import { getOrderRecord } from './queries';
import { markCancelled } from './transitions';
import { commitOrExplain } from './tx-errors';
import { release } from '../stock/moves';

export interface CancelOptions {
  /** shown on the order and the timeline, e.g. 'Not paid within 7 business days' */
  reason: string;
  /** the staff member who cancels; omit for automatic cancellations */
  actorId?: string;
  /** who cancels when it is not staff, e.g. 'scheduler' */
  actorLabel?: string;
  /**
   * queue an e-mail to the customer in the same unit of work: true for 'order_cancelled', or
   * another topic with the data its template needs beyond orderId, number and reason
   */
  notifyCustomer?: boolean | { topic: string; data?: Record<string, unknown> };
  /** optimistic lock when a person cancels from the order page */
  ifVersion?: number;
  /** only cancel while the payment is in one of these states (the scheduler: ['unpaid', 'failed']) */
  onlyIfPayment?: PaymentStatus[];
}

/** Nothing has left the warehouse yet: only then can the whole order be cancelled. */
export const CANCELLABLE_FULFILMENT: FulfilmentStatus[] = ['unfulfilled', 'picking', 'packed'];

export async function orderLines(orderId: string): Promise<OrderLineRecord[]> {
  return collection('order_lines').getFullList({ filter: `order = ${filterValue(orderId)}`, sort: 'position,created' });
}

export async function cancelOrder(orderId: string, opts: CancelOptions): Promise<{ id: string; number: number; status: 'cancelled' }> {
  const [order, lines] = await Promise.all([getOrderRecord(orderId), orderLines(orderId)]);
  if (order.status === 'cancelled') {
    throw new AppError('CONFLICT', 'orderflow.errors.already_cancelled', `Order ${order.number} is already cancelled.`, { number: order.number });
  }
  if (!CANCELLABLE_FULFILMENT.includes(order.fulfilment_status) || lines.some((l) => l.shipped > 0)) {
    throw new AppError('CONFLICT', 'orderflow.errors.cancel_shipped', `Order ${order.number} has already been shipped or collected and cannot be cancelled; record a return instead.`, {
      number: order.number,
      fulfilment: order.fulfilment_status
    });
  }
  if (opts.onlyIfPayment && !opts.onlyIfPayment.includes(order.payment_status)) {
    throw new AppError('CONFLICT', 'orderflow.errors.state_changed', `The payment_status changed to ${order.payment_status} in the meantime. Nothing was saved.`, {
      field: 'payment_status',
      actual: order.payment_status
    });
  }

  const uow = new UnitOfWork();
  markCancelled(uow, order, {
    actor: opts.actorId,
    actorLabel: opts.actorLabel,
    ifVersion: opts.ifVersion,
    set: { cancel_reason: opts.reason },
    expect: { fulfilment_status: CANCELLABLE_FULFILMENT, hold_released: !!order.hold_released, ...(opts.onlyIfPayment ? { payment_status: opts.onlyIfPayment } : {}) },
    data: { reason: opts.reason, notified: !!(opts.notifyCustomer && order.email) }
  });
  // an unpaid order whose hold ran out holds nothing any more (payments/reservation-hold.ts)
  if (order.status === 'placed' && !order.hold_released) {
    for (const l of lines) {
      // the line must still hold what we release: nothing shipped in the meantime
      uow.update('order_lines', l.id, {}, { expect: { shipped: 0, qty: l.qty } });
      release(uow, { product: l.product, qty: l.qty, reason: 'order_cancelled', order: order.id, order_line: l.id, actor: opts.actorId, note: opts.reason.slice(0, 500) });
    }
  }
  if (opts.notifyCustomer && order.email) {
    const mail = opts.notifyCustomer === true ? { topic: 'order_cancelled' } : opts.notifyCustomer;
    queueEmail(uow, {
      topic: mail.topic,
      to: order.email,
      locale: order.locale || 'en',
      order: order.id,
      data: { ...mail.data, orderId: order.id, number: order.number, reason: opts.reason }
    });
  }
  await commitOrExplain(uow);
  return { id: order.id, number: order.number, status: 'cancelled' };
}
