// The sandbox gateway pays money back (F41): it books the refund against the payment on its
// own books (never more than the payment; a bounded increment, so two refunds at once cannot
// both pass) and tells the shop a moment later with a signed `refund.succeeded`
// notification, delivered and retried like its payment notifications. A payment made with the
// test card 4000 0000 0000 5126 takes the refund, then it fails (`refund.failed`, the money
// stays with the shop), as Stripe's test card of the same number does.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../errors';
import { collection, filterValue } from '../../../pocketbase/client';
import { TxFailure, UnitOfWork } from '../../../pocketbase/tx';
import { paymentsConfig } from '../config';
import { REFUND_FAILS_LAST4 } from './cards';
import { deliverDueEvents, findGatewayPayment } from './gateway';

export interface SandboxRefundNotificationBody {
  id: string;
  type: 'refund.succeeded' | 'refund.failed';
  created: string;
  data: {
    refund_id: string;
    /** the shop's reference for the refund, as it asked */
    refund_ref: string;
    payment_id: string;
    order_ref: string;
    amount_cents: number;
    currency: string;
    status: 'succeeded' | 'failed';
    /** why a refund failed */
    failure_reason?: string;
  };
}

export async function refundGatewayPayment(req: { publicId: string; amountCents: number; currency: string; refundRef: string }, now = new Date()): Promise<{ refundId: string }> {
  const payment = await findGatewayPayment(req.publicId);
  if (!payment || payment.status !== 'succeeded') throw new AppError('NOT_FOUND', 'refunds.errors.gateway_no_payment', 'The card gateway has no paid payment to refund.');
  if (req.currency !== payment.currency) throw new AppError('BAD_REQUEST', 'refunds.errors.gateway_currency', 'The refund is in another currency than the payment.');
  const refundId = `re_sbx_${randomBytes(12).toString('hex')}`;
  const fails = payment.card_last4 === REFUND_FAILS_LAST4;
  if (fails && req.amountCents > payment.amount_cents - (payment.refunded_cents ?? 0)) {
    throw new AppError('CONFLICT', 'refunds.errors.gateway_too_much', 'The card gateway refused: that is more than is left of the payment.');
  }
  const base = { refund_id: refundId, refund_ref: req.refundRef, payment_id: payment.public_id, order_ref: payment.order_ref, amount_cents: req.amountCents, currency: payment.currency };
  const body: SandboxRefundNotificationBody = {
    id: `evt_sbx_${randomBytes(12).toString('hex')}`,
    type: fails ? 'refund.failed' : 'refund.succeeded',
    created: now.toISOString(),
    data: fails ? { ...base, status: 'failed', failure_reason: 'expired_or_canceled_card' } : { ...base, status: 'succeeded' }
  };
  const delay = paymentsConfig().sandboxNotifyDelayMs;
  const uow = new UnitOfWork();
  // what is left to refund is checked either way; a failing refund gives the money back at once
  uow.increment('sandbox_payments', payment.id, 'refunded_cents', fails ? 0 : req.amountCents, { maxField: 'amount_cents', expect: { status: 'succeeded' } });
  uow.create('sandbox_events', { event_id: body.id, payment: payment.id, body: JSON.stringify(body), status: 'pending', attempts: 0, next_attempt_at: new Date(now.getTime() + delay).toISOString() });
  try {
    await uow.commit();
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'out_of_range') {
      throw new AppError('CONFLICT', 'refunds.errors.gateway_too_much', 'The card gateway refused: that is more than is left of the payment.');
    }
    throw e;
  }
  setTimeout(() => void deliverDueEvents().catch((err) => console.error('[sandbox gateway] delivery failed:', err)), delay + 20).unref?.();
  return { refundId };
}

/** The notification the gateway made for a refund (by the shop's reference), if it took it. */
export async function findRefundNotification(refundRef: string): Promise<SandboxRefundNotificationBody | null> {
  if (!/^[a-z0-9]{15}$/.test(refundRef)) return null;
  const found = await collection('sandbox_events').getList<{ body: string }>(1, 1, { filter: `body ~ ${filterValue(`"refund_ref":"${refundRef}"`)}`, fields: 'body' });
  return found.items[0] ? (JSON.parse(found.items[0].body) as SandboxRefundNotificationBody) : null;
}
