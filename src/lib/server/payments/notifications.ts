// Applying a card provider's notification (F08) to a payment and its order, in one unit of
// work: the payments row, the order's payment state through A's transitions (with its
// timeline event), and the receipt e-mail when receipts are automatic.
//  - idempotent by event id: the same event twice counts once (also when both copies arrive
//    at the same moment: the payments row is compared-and-set on its last event id, and
//    (provider, provider_payment_id) is unique);
//  - out-of-order safe: an older event never moves a payment or order backwards
//    ('failed' after 'succeeded' changes nothing);
//  - an unknown order reference changes nothing.
import { collection, filterValue, isNotFound } from '../pocketbase/client';
import type { OrderRecord, PaymentRecordFull, PaymentRowStatus } from '../pocketbase/records';
import { TxFailure, UnitOfWork, isDuplicateKey } from '../pocketbase/tx';
import { settleLifecycle } from '../orders/lifecycle';
import { canMove, markPaid, markPaymentFailed, markPaymentPending } from '../orders/transitions';
import type { NormalisedPaymentEvent, ProviderName } from './providers/types';
import { queueReceipt } from './receipt';
import { settleSurcharges, surchargesOf } from '../refunds/surcharges';
import type { SurchargeRecord } from '../refunds/records';
import { paymentConfig } from './settings';
import { recordEvent } from '../orders/timeline';
import type { CardPayment } from '$lib/orders/timeline-events';

export type NotificationOutcome =
  | { result: 'applied'; orderId: string; status: PaymentRowStatus; orderPaymentStatus: string }
  | { result: 'duplicate' | 'stale'; orderId: string }
  | { result: 'unknown_order'; orderRef: string };

const RANK: Record<PaymentRowStatus, number> = { pending: 0, failed: 1, succeeded: 2, refunded: 3 };
const ACTOR = 'card gateway';

/** Whether `ev` is news for the payment as stored: newer, and never a step back from success. */
export function moves(current: Pick<PaymentRecordFull, 'status' | 'provider_event_at'>, ev: Pick<NormalisedPaymentEvent, 'status' | 'occurredAt'>): boolean {
  if (current.status === 'succeeded' || current.status === 'refunded') return RANK[ev.status] > RANK[current.status];
  if (ev.status === 'succeeded') return true;
  const at = current.provider_event_at ? new Date(current.provider_event_at.replace(' ', 'T')).getTime() : 0;
  return ev.occurredAt.getTime() > at;
}

async function findOrder(ref: string): Promise<OrderRecord | null> {
  if (!/^[a-z0-9]{15}$/.test(ref)) return null;
  try {
    return await collection('orders').getOne(ref);
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

async function findPayment(provider: ProviderName, providerPaymentId: string): Promise<PaymentRecordFull | null> {
  const res = await collection('payments').getList(1, 1, { filter: `provider = ${filterValue(provider)} && provider_payment_id = ${filterValue(providerPaymentId)}` });
  return res.items[0] ?? null;
}

type OrderWithSurcharges = OrderRecord & { surcharge_open_cents?: number };

function addOrderChange(uow: UnitOfWork, order: OrderWithSurcharges, provider: ProviderName, ev: NormalisedPaymentEvent, receipts: boolean, openSurcharges: SurchargeRecord[]): string {
  const data: CardPayment = { provider, event_id: ev.eventId, amount_cents: ev.amountCents, currency: ev.currency, bank_reference: ev.bankReference, method: 'card' };
  const from = order.payment_status;
  const open = order.surcharge_open_cents ?? 0;
  const settles = (amount: number) => open > 0 && openSurcharges.length > 0 && ev.currency === order.currency && ev.amountCents === amount;
  // F42: a payment of exactly the open surcharges on an order whose own total is paid
  if (ev.status === 'succeeded' && !['unpaid', 'pending', 'failed'].includes(from) && settles(open)) {
    settleSurcharges(uow, { id: order.id, surcharge_open_cents: open }, openSurcharges, { reference: ev.bankReference, actorLabel: ACTOR });
    // nothing owed any more: a re-opened order may be finished again
    settleLifecycle(uow, order, { actorLabel: ACTOR, owed: 0 });
    return from;
  }
  if (ev.status === 'succeeded') {
    // F42: the order's total and its open surcharges in one payment
    const withSurcharges = settles(order.total_cents + open);
    if (withSurcharges) settleSurcharges(uow, { id: order.id, surcharge_open_cents: open }, openSurcharges, { reference: ev.bankReference, actorLabel: ACTOR });
    // less than the order, or another currency: recorded, but the order is not paid by it
    if (ev.amountCents < order.total_cents || ev.currency !== order.currency) {
      recordEvent(uow, order.id, { type: 'payment_mismatch', data: { ...data, due_cents: order.total_cents, due_currency: order.currency } }, { actorLabel: ACTOR });
      return from;
    }
    if (!canMove('payment', from, 'paid')) return from;
    markPaid(uow, order, { actorLabel: ACTOR, data: order.status === 'cancelled' ? { ...data, order_cancelled: true } : data });
    // an open surcharge this payment did not cover keeps the order open (F42)
    settleLifecycle(uow, { ...order, payment_status: 'paid' }, { actorLabel: ACTOR, owed: withSurcharges ? 0 : open });
    if (receipts && order.status !== 'cancelled') queueReceipt(uow, order);
    return 'paid';
  }
  const to = ev.status === 'failed' ? 'failed' : 'pending';
  if (!canMove('payment', from, to)) return from;
  (to === 'failed' ? markPaymentFailed : markPaymentPending)(uow, order, { actorLabel: ACTOR, data });
  return to;
}

async function applyOnce(provider: ProviderName, ev: NormalisedPaymentEvent): Promise<NotificationOutcome> {
  const order = await findOrder(ev.orderRef);
  if (!order) return { result: 'unknown_order', orderRef: ev.orderRef };
  const [payment, cfg] = await Promise.all([findPayment(provider, ev.providerPaymentId), paymentConfig()]);
  if (payment && payment.order !== order.id) return { result: 'unknown_order', orderRef: ev.orderRef };
  if (payment?.provider_event_id === ev.eventId) return { result: 'duplicate', orderId: order.id };
  if (payment && !moves(payment, ev)) return { result: 'stale', orderId: order.id };

  const uow = new UnitOfWork();
  const row = {
    status: ev.status,
    amount_cents: ev.amountCents,
    currency: ev.currency,
    bank_reference: ev.bankReference,
    provider_event_id: ev.eventId,
    provider_event_at: ev.occurredAt.toISOString()
  };
  if (payment) uow.update('payments', payment.id, row, { expect: { provider_event_id: payment.provider_event_id } });
  else uow.create('payments', { ...row, order: order.id, method: 'card', provider, provider_payment_id: ev.providerPaymentId });
  const open = (order as OrderWithSurcharges).surcharge_open_cents ? await surchargesOf(order.id, 'open') : [];
  const orderPaymentStatus = addOrderChange(uow, order, provider, ev, cfg.settings.receipt === 'automatic', open);
  await uow.commit();
  return { result: 'applied', orderId: order.id, status: ev.status, orderPaymentStatus };
}

export async function applyPaymentEvent(provider: ProviderName, ev: NormalisedPaymentEvent): Promise<NotificationOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await applyOnce(provider, ev);
    } catch (e) {
      // a concurrent notification changed the payment or the order since we read them, or wrote the
      // same event id first (unique_violation): read again
      const raced = e instanceof TxFailure && (e.code === 'precondition_failed' || isDuplicateKey(e));
      if (!raced || attempt >= 4) throw e;
    }
  }
}
