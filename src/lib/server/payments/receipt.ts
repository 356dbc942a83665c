// Receipts (F11): when an order is paid, a 'receipt' e-mail to the customer, automatically
// (in the same unit of work as the payment) or when staff press "send receipt". The mail
// module renders the receipt PDF (documents' renderReceipt) and attaches it at delivery.
import { AppError } from '../errors';
import { queueEmail } from '../mail/queue';
import type { OrderRecord } from '../pocketbase/records';
import { UnitOfWork } from '../pocketbase/tx';
import { getOrderRecord } from '../orders/queries';
import { recordEvent } from '../orders/timeline';

type ReceiptOrder = Pick<OrderRecord, 'id' | 'email' | 'locale'>;

/** Adds the receipt e-mail to a unit of work; false when the order has no e-mail address. */
export function queueReceipt(uow: UnitOfWork, order: ReceiptOrder): boolean {
  if (!order.email) return false;
  queueEmail(uow, { topic: 'receipt', to: order.email, locale: order.locale || 'en', order: order.id, data: { orderId: order.id } });
  return true;
}

/** "Send receipt" on the order page: only for a paid order with an e-mail address. */
export async function sendReceipt(orderId: string, actorId: string): Promise<{ to: string }> {
  const order = await getOrderRecord(orderId);
  if (!['paid', 'partially_refunded'].includes(order.payment_status)) {
    throw new AppError('CONFLICT', 'payments.errors.receipt_not_paid', `Order ${order.number} is not paid yet, so there is no receipt to send.`, { number: order.number });
  }
  if (!order.email) {
    throw new AppError('BAD_REQUEST', 'payments.errors.receipt_no_email', `Order ${order.number} has no e-mail address to send the receipt to.`, { number: order.number });
  }
  const uow = new UnitOfWork();
  queueReceipt(uow, order);
  recordEvent(uow, order.id, { type: 'receipt_requested', data: { to: order.email } }, { actor: actorId });
  await uow.commit();
  return { to: order.email };
}
