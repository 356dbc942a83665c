// The shop's side of the sandbox gateway: create a payment there, and verify + read the
// gateway's signed notifications exactly as for a real provider.
import { z } from 'zod';
import { verifySignature, SIGNATURE_HEADER } from '../signature';
import { NotificationRefused, type CreatedPayment, type NormalisedPaymentEvent, type NormalisedRefundEvent, type OrderToPay, type PaymentProvider, type RefundLookup, type RefundToMake } from '../types';
import { createGatewayPayment } from './gateway';
import { findRefundNotification, refundGatewayPayment } from './refunds';
import { sandboxSigningSecret } from './secret';

const notification = z.object({
  id: z.string().min(1).max(200),
  type: z.string(),
  created: z.iso.datetime(),
  data: z.object({
    payment_id: z.string().min(1).max(200),
    order_ref: z.string().max(64),
    status: z.enum(['succeeded', 'failed']),
    amount_cents: z.number().int().min(0),
    currency: z.string().length(3),
    bank_reference: z.string().max(200)
  })
});

const refundNotification = z.object({
  id: z.string().min(1).max(200),
  type: z.enum(['refund.succeeded', 'refund.failed']),
  created: z.iso.datetime(),
  data: z.object({
    refund_id: z.string().min(1).max(200),
    refund_ref: z.string().max(64),
    payment_id: z.string().min(1).max(200),
    order_ref: z.string().max(64),
    amount_cents: z.number().int().min(1),
    currency: z.string().length(3),
    status: z.enum(['succeeded', 'failed']),
    failure_reason: z.string().max(200).optional()
  })
});

export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox' as const;

  async createPayment(order: OrderToPay, urls: { baseUrl: string }): Promise<CreatedPayment> {
    const p = await createGatewayPayment({
      orderRef: order.id,
      orderNumber: order.number,
      amountCents: order.amountCents,
      currency: order.currency,
      description: `Order #${order.number}`,
      notifyUrl: `${urls.baseUrl}/api/payments/webhook/sandbox`
    });
    return { providerPaymentId: p.public_id, redirectUrl: `/pay/${p.public_id}` };
  }

  async refund(req: RefundToMake): Promise<{ providerRefundId: string }> {
    const { refundId } = await refundGatewayPayment({ publicId: req.providerPaymentId, amountCents: req.amountCents, currency: req.currency, refundRef: req.refundRef });
    return { providerRefundId: refundId };
  }

  /** The gateway's own books: the refund's notification says how it ended. */
  async refundStatus(q: { refundRef: string }): Promise<RefundLookup> {
    const found = await findRefundNotification(q.refundRef);
    if (!found) return { status: 'missing' };
    return { status: found.data.status, providerRefundId: found.data.refund_id };
  }

  async parseNotification(rawBody: string, headers: Headers, now = new Date()): Promise<NormalisedPaymentEvent | NormalisedRefundEvent | null> {
    verifySignature(rawBody, headers.get(SIGNATURE_HEADER), await sandboxSigningSecret(), now);
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      throw new NotificationRefused('body is not JSON');
    }
    if (typeof (json as { type?: unknown })?.type === 'string' && (json as { type: string }).type.startsWith('refund.')) {
      const r = refundNotification.safeParse(json);
      if (!r.success) throw new NotificationRefused(`body does not look like a sandbox refund notification (${r.error.issues[0]?.path.join('.')})`);
      const { id, created, data } = r.data;
      return {
        kind: 'refund',
        eventId: id,
        occurredAt: new Date(created),
        orderRef: data.order_ref,
        providerPaymentId: data.payment_id,
        currency: data.currency.toUpperCase(),
        items: [{ refundRef: data.refund_ref, providerRefundId: data.refund_id, amountCents: data.amount_cents, status: data.status }]
      };
    }
    const parsed = notification.safeParse(json);
    if (!parsed.success) throw new NotificationRefused(`body does not look like a sandbox notification (${parsed.error.issues[0]?.path.join('.')})`);
    const { id, created, data } = parsed.data;
    return {
      eventId: id,
      occurredAt: new Date(created),
      orderRef: data.order_ref,
      status: data.status,
      amountCents: data.amount_cents,
      currency: data.currency.toUpperCase(),
      bankReference: data.bank_reference,
      providerPaymentId: data.payment_id
    };
  }
}
