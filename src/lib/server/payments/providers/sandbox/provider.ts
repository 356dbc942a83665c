// The shop's side of the sandbox gateway: create a payment there, and verify + read the
// gateway's signed notifications exactly as for a real provider.
import { z } from 'zod';
import { verifySignature, SIGNATURE_HEADER } from '../signature';
import { NotificationRefused, type CreatedPayment, type NormalisedPaymentEvent, type OrderToPay, type PaymentProvider } from '../types';
import { createGatewayPayment } from './gateway';
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

  async parseNotification(rawBody: string, headers: Headers, now = new Date()): Promise<NormalisedPaymentEvent | null> {
    verifySignature(rawBody, headers.get(SIGNATURE_HEADER), await sandboxSigningSecret(), now);
    let parsed;
    try {
      parsed = notification.safeParse(JSON.parse(rawBody));
    } catch {
      throw new NotificationRefused('body is not JSON');
    }
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
