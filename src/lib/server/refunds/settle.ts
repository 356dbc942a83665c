// What happens when money has gone back to the customer (F41), inside the caller's unit of
// work: the refund row is marked succeeded (only if it was still pending: a replayed
// notification finds it done and changes nothing), the order's payment state moves to
// partially_refunded or refunded (through the order transitions, with their timeline event)
// and the customer gets the "refund issued" e-mail, with the credit note as PDF when the
// refund pays one.
import { queueEmail } from '../mail/queue';
import { canMove, markPartiallyRefunded, markRefunded, type TransitionOptions } from '../orders/transitions';
import type { UnitOfWork } from '../pocketbase/tx';
import type { MoneyOrder, RefundRecord } from './records';
import { recordEvent } from '../orders/timeline';
import type { RefundSettled } from '$lib/orders/timeline-events';

export interface SettleContext {
  order: MoneyOrder;
  /** everything paid on the order */
  paidCents: number;
  /** refunds that had already succeeded before this one */
  succeededBeforeCents: number;
  who: Pick<TransitionOptions, 'actor' | 'actorLabel'>;
}

type Settled = Pick<RefundRecord, 'id' | 'amount_cents' | 'currency' | 'method' | 'provider' | 'reference' | 'credit_note'>;

/** The payment state after `refundedCents` of `paidCents` went back. */
export function paymentStateAfter(paidCents: number, refundedCents: number): 'refunded' | 'partially_refunded' {
  return refundedCents >= paidCents ? 'refunded' : 'partially_refunded';
}

/** Moves the order's payment state for refunds that just succeeded; returns the new state. */
export function moveRefundState(uow: UnitOfWork, ctx: SettleContext, refunds: Settled[]): string {
  const total = ctx.succeededBeforeCents + refunds.reduce((s, r) => s + r.amount_cents, 0);
  const to = paymentStateAfter(ctx.paidCents, total);
  const from = ctx.order.payment_status;
  const data: RefundSettled = {
    refunds: refunds.map((r) => ({ id: r.id, amount_cents: r.amount_cents, method: r.method, provider: r.provider, reference: r.reference })),
    amount_cents: refunds.reduce((s, r) => s + r.amount_cents, 0),
    refunded_total_cents: total,
    currency: ctx.order.currency,
    method: refunds[0]?.method,
    reference: refunds.map((r) => r.reference).filter(Boolean).join(', ')
  };
  if (canMove('payment', from, to)) {
    (to === 'refunded' ? markRefunded : markPartiallyRefunded)(uow, ctx.order, { ...ctx.who, data });
    return to;
  }
  // e.g. a refund of a surcharge on an order whose own payment is still open: on the timeline only
  recordEvent(uow, ctx.order.id, { type: 'refund_succeeded', data }, ctx.who);
  return from;
}

export function queueRefundEmail(uow: UnitOfWork, order: MoneyOrder, refundId: string): void {
  if (!order.email) return;
  queueEmail(uow, { topic: 'refund_issued', to: order.email, locale: order.locale || 'en', order: order.id, data: { orderId: order.id, refundId } });
}
