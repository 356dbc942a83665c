// The sandbox gateway pays money back (F41): it books the refund against the payment on its
// own books (never more than the payment; a bounded increment, so two refunds at once cannot
// both pass) and tells the shop a moment later with a signed `refund.succeeded`
// notification, delivered and retried like its payment notifications.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../errors';
import { TxFailure, UnitOfWork } from '../../../pocketbase/tx';
import { paymentsConfig } from '../../config';
import { deliverDueEvents, findGatewayPayment } from './gateway';

export interface SandboxRefundNotificationBody {
  id: string;
  type: 'refund.succeeded';
  created: string;
  data: {
    refund_id: string;
    /** the shop's reference for the refund, as it asked */
    refund_ref: string;
    payment_id: string;
    order_ref: string;
    amount_cents: number;
    currency: string;
    status: 'succeeded';
  };
}

export async function refundGatewayPayment(req: { publicId: string; amountCents: number; currency: string; refundRef: string }, now = new Date()): Promise<{ refundId: string }> {
  const payment = await findGatewayPayment(req.publicId);
  if (!payment || payment.status !== 'succeeded') throw new AppError('NOT_FOUND', 'refunds.errors.gateway_no_payment', 'The card gateway has no paid payment to refund.');
  if (req.currency !== payment.currency) throw new AppError('BAD_REQUEST', 'refunds.errors.gateway_currency', 'The refund is in another currency than the payment.');
  const refundId = `re_sbx_${randomBytes(12).toString('hex')}`;
  const body: SandboxRefundNotificationBody = {
    id: `evt_sbx_${randomBytes(12).toString('hex')}`,
    type: 'refund.succeeded',
    created: now.toISOString(),
    data: { refund_id: refundId, refund_ref: req.refundRef, payment_id: payment.public_id, order_ref: payment.order_ref, amount_cents: req.amountCents, currency: payment.currency, status: 'succeeded' }
  };
  const delay = paymentsConfig().sandboxNotifyDelayMs;
  const uow = new UnitOfWork();
  uow.increment('sandbox_payments', payment.id, 'refunded_cents', req.amountCents, { maxField: 'amount_cents', expect: { status: 'succeeded' } });
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
