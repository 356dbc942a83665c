// Stripe, on the official library: Checkout Sessions for the customer, and webhooks
// verified with stripe.webhooks.constructEvent (signature + 5-minute tolerance). Used only
// when STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are set.
import Stripe from 'stripe';
import { z } from 'zod';
import { NotificationRefused, RefundOutcomeUnknown, type CreatedPayment, type NormalisedPaymentEvent, type NormalisedRefundEvent, type NotifiedStatus, type OrderToPay, type PaymentProvider, type RefundLookup, type RefundToMake } from './types';
import { TOLERANCE_SECONDS } from './signature';

const STATUS_BY_EVENT: Record<string, NotifiedStatus> = {
  'payment_intent.succeeded': 'succeeded',
  'payment_intent.payment_failed': 'failed',
  'payment_intent.processing': 'pending'
};

// What is read from a signed event, checked before use: a signed body that lacks a field or
// carries the wrong type is refused (400), not a 500 that Stripe retries for days (issue #12 fuzzing).
const ref = z.string().min(1).max(255);
const metadata = z.record(z.string(), z.string().max(500)).nullish();
const cents = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const eventSchema = z.object({ id: ref, type: z.string().max(100), created: z.number().int().min(0).max(253_402_300_799), data: z.object({ object: z.object({}) }) });
const intentSchema = z.object({ id: ref, amount: cents, amount_received: cents, currency: z.string().length(3), metadata, latest_charge: z.union([ref, z.object({ id: ref })]).nullish() });
const chargeSchema = z.object({
  payment_intent: z.union([ref, z.object({ id: ref })]).nullish(),
  currency: z.string().length(3),
  amount_refunded: cents,
  metadata,
  refunds: z.object({ data: z.array(z.object({ id: ref, amount: cents, status: z.string().max(50).nullish(), metadata })) }).nullish()
});

// refund.updated / refund.failed (API 2024-10-28 and later for every refund) and the older charge.refund.updated
const refundSchema = z.object({
  id: ref,
  amount: cents,
  currency: z.string().length(3),
  status: z.string().max(50).nullish(),
  payment_intent: z.union([ref, z.object({ id: ref })]).nullish(),
  metadata
});
const REFUND_OBJECT_EVENTS = new Set(['refund.updated', 'refund.failed', 'charge.refund.updated']);

function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new NotificationRefused(`malformed Stripe ${what}: ${r.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`);
  return r.data;
}

export interface StripeOptions {
  secretKey: string;
  webhookSecret: string;
  /** tests point the library at a local stand-in of the API */
  api?: { host: string; port: number; protocol: 'http' | 'https' };
}

export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe' as const;
  private stripe: Stripe;

  constructor(private opts: StripeOptions) {
    this.stripe = new Stripe(opts.secretKey, { maxNetworkRetries: 2, timeout: 20_000, ...(opts.api ?? {}) });
  }

  async createPayment(order: OrderToPay, urls: { baseUrl: string }): Promise<CreatedPayment> {
    const metadata = { order_id: order.id, order_number: String(order.number) };
    const session = await this.stripe.checkout.sessions.create(
      {
        mode: 'payment',
        client_reference_id: order.id,
        customer_email: order.email || undefined,
        locale: order.locale,
        line_items: [{ quantity: 1, price_data: { currency: order.currency.toLowerCase(), unit_amount: order.amountCents, product_data: { name: `Order #${order.number}` } } }],
        metadata,
        // the webhook events are about the payment intent: it must carry our order id too
        payment_intent_data: { metadata },
        success_url: `${urls.baseUrl}/pay/done?order=${order.number}`,
        cancel_url: `${urls.baseUrl}/pay/done?order=${order.number}&cancelled=1`
      },
      // the same order and amount never opens two sessions when staff click twice
      { idempotencyKey: `packbench-${order.id}-${order.amountCents}` }
    );
    if (!session.url) throw new Error('Stripe returned a checkout session without a URL');
    return { providerPaymentId: session.id, redirectUrl: session.url };
  }

  /** Refunds through Stripe's Refunds API; the idempotency key is our refund's id, so a retry never pays twice. */
  async refund(req: RefundToMake): Promise<{ providerRefundId: string }> {
    try {
      const refund = await this.stripe.refunds.create(
        { payment_intent: req.providerPaymentId, amount: req.amountCents, metadata: { refund_ref: req.refundRef, order_id: req.orderRef } },
        { idempotencyKey: `packbench-refund-${req.refundRef}` }
      );
      return { providerRefundId: refund.id };
    } catch (e) {
      // no answer, or Stripe's own failure: it may have refunded; charge.refunded will tell
      if (e instanceof Stripe.errors.StripeConnectionError || (e instanceof Stripe.errors.StripeError && (e.statusCode ?? 0) >= 500)) {
        throw new RefundOutcomeUnknown(e.message);
      }
      throw e;
    }
  }

  /** Where a refund stands: by its id, else found among the payment intent's refunds by our reference. */
  async refundStatus(q: { refundRef: string; providerRefundId: string; providerPaymentId: string }): Promise<RefundLookup> {
    if (q.providerRefundId) {
      const r = await this.stripe.refunds.retrieve(q.providerRefundId);
      return { status: refundStatus(r.status), providerRefundId: r.id };
    }
    const list = await this.stripe.refunds.list({ payment_intent: q.providerPaymentId, limit: 100 });
    const r = list.data.find((x) => x.metadata?.refund_ref === q.refundRef);
    return r ? { status: refundStatus(r.status), providerRefundId: r.id } : { status: 'missing' };
  }

  async parseNotification(rawBody: string, headers: Headers, now = new Date()): Promise<NormalisedPaymentEvent | NormalisedRefundEvent | null> {
    const signature = headers.get('stripe-signature');
    if (!signature) throw new NotificationRefused('missing Stripe-Signature header');
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(rawBody, signature, this.opts.webhookSecret, TOLERANCE_SECONDS, undefined, now.getTime());
    } catch (e) {
      throw new NotificationRefused(`Stripe signature check failed: ${(e as Error).message}`);
    }
    checked(eventSchema, event, 'event');
    if (event.type === 'charge.refunded') return refundEvent(event);
    if (REFUND_OBJECT_EVENTS.has(event.type)) return refundObjectEvent(event);
    const status = Object.hasOwn(STATUS_BY_EVENT, event.type) ? STATUS_BY_EVENT[event.type] : undefined;
    if (!status) return null;
    const intent = checked(intentSchema, event.data.object, 'payment intent');
    const charge = typeof intent.latest_charge === 'string' ? intent.latest_charge : intent.latest_charge?.id;
    return {
      eventId: event.id,
      occurredAt: new Date(event.created * 1000),
      orderRef: intent.metadata?.order_id ?? '',
      status,
      amountCents: status === 'succeeded' ? intent.amount_received : intent.amount,
      currency: intent.currency.toUpperCase(),
      bankReference: charge ?? intent.id,
      providerPaymentId: intent.id
    };
  }
}

const refundStatus = (status: string | null | undefined): 'succeeded' | 'failed' | 'pending' =>
  status === 'succeeded' ? 'succeeded' : status === 'failed' || status === 'canceled' ? 'failed' : 'pending';

type RefundSource = { payment_intent?: string | { id: string } | null; metadata?: Record<string, string> | null; currency: string };
const asItem = (r: { id: string; amount: number; status?: string | null; metadata?: Record<string, string> | null }) => ({
  refundRef: r.metadata?.refund_ref || undefined,
  providerRefundId: r.id,
  amountCents: r.amount,
  status: refundStatus(r.status)
});

/** The refund notice of a charge or refund object; null without the payment intent it belongs to. */
function refundNotice(event: Stripe.Event, source: RefundSource, items: NormalisedRefundEvent['items'], refundedTotalCents?: number): NormalisedRefundEvent | null {
  const intent = typeof source.payment_intent === 'string' ? source.payment_intent : source.payment_intent?.id;
  if (!intent) return null;
  return {
    kind: 'refund',
    eventId: event.id,
    occurredAt: new Date(event.created * 1000),
    orderRef: source.metadata?.order_id ?? '',
    providerPaymentId: intent,
    currency: source.currency.toUpperCase(),
    items,
    ...(refundedTotalCents === undefined ? {} : { refundedTotalCents })
  };
}

/** A refund object's event: one refund, succeeded, failed (e.g. the card was closed) or still on its way. */
function refundObjectEvent(event: Stripe.Event): NormalisedRefundEvent | null {
  const refund = checked(refundSchema, event.data.object, 'refund');
  return refundNotice(event, refund, [asItem(refund)]);
}

/** charge.refunded: the charge with its cumulative amount_refunded, and its refunds when the API version includes them. */
function refundEvent(event: Stripe.Event): NormalisedRefundEvent | null {
  const charge = checked(chargeSchema, event.data.object, 'charge');
  return refundNotice(event, charge, (charge.refunds?.data ?? []).map(asItem), charge.amount_refunded);
}
