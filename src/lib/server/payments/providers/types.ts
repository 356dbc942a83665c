// The edge to a card payment provider (F08). A provider creates a payment for an order
// and turns its signed notifications into one normalised event; everything after that
// (idempotency, ordering, the order's payment state) is the same for every provider.
export type ProviderName = 'sandbox' | 'stripe';

export type NotifiedStatus = 'pending' | 'succeeded' | 'failed';

export interface NormalisedPaymentEvent {
  /** the provider's event id: applying the same id twice counts once */
  eventId: string;
  /** when the provider says it happened; an older event never overrides a newer one */
  occurredAt: Date;
  /** our order's record id, as we gave it to the provider */
  orderRef: string;
  status: NotifiedStatus;
  amountCents: number;
  currency: string;
  /** the bank transaction reference (card: the charge / authorisation reference) */
  bankReference: string;
  /** the provider's id for the payment the event is about */
  providerPaymentId: string;
}

/**
 * A provider's notification about money paid back (F41): one or more refunds of one payment.
 * Each item names our refund (`refundRef`, the refunds record id we gave the provider) or the
 * provider's refund id; when the provider names neither (a Stripe charge.refunded without its
 * refunds list), `refundedTotalCents` says how much of the payment is refunded in all.
 */
export interface NormalisedRefundEvent {
  kind: 'refund';
  eventId: string;
  occurredAt: Date;
  orderRef: string;
  providerPaymentId: string;
  currency: string;
  items: { refundRef?: string; providerRefundId?: string; amountCents: number; status: 'succeeded' | 'failed' | 'pending' }[];
  refundedTotalCents?: number;
}

export interface RefundToMake {
  /** our refunds record id: the idempotency key and the reference the notification brings back */
  refundRef: string;
  orderRef: string;
  providerPaymentId: string;
  amountCents: number;
  currency: string;
}

export interface OrderToPay {
  id: string;
  number: number;
  amountCents: number;
  currency: string;
  email: string;
  locale: 'en' | 'de';
}

export interface CreatedPayment {
  providerPaymentId: string;
  /** where the customer pays: our sandbox page or the provider's hosted checkout */
  redirectUrl: string;
}

/**
 * The provider did not answer whether it took a refund (connection lost, its server failed):
 * the refund may have happened, so it stays pending until the provider's notification says.
 */
export class RefundOutcomeUnknown extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefundOutcomeUnknown';
  }
}

/** A notification we refuse: bad or missing signature, stale timestamp, unreadable body. */
export class NotificationRefused extends Error {
  constructor(public reason: string) {
    super(reason);
    this.name = 'NotificationRefused';
  }
}

export interface PaymentProvider {
  readonly name: ProviderName;
  createPayment(order: OrderToPay, urls: { baseUrl: string }): Promise<CreatedPayment>;
  /**
   * Verifies the signature (throws NotificationRefused) and parses the body. Returns null
   * for a genuine notification that is not about a payment's status (ignored, answered 200).
   */
  parseNotification(rawBody: string, headers: Headers, now?: Date): Promise<NormalisedPaymentEvent | NormalisedRefundEvent | null>;
  /** Pays `amountCents` of a payment back; the outcome arrives as a notification. */
  refund(req: RefundToMake, urls: { baseUrl: string }): Promise<{ providerRefundId: string }>;
  /**
   * Asks where a refund stands, for one whose notification did not come (../../refunds/pending.ts):
   * by the provider's refund id, else by our reference among the payment's refunds;
   * `missing`: the provider never took it.
   */
  refundStatus(q: { refundRef: string; providerRefundId: string; providerPaymentId: string }): Promise<RefundLookup>;
}

export type RefundLookup = { status: 'succeeded' | 'failed' | 'pending'; providerRefundId: string } | { status: 'missing' };

export const isRefundEvent = (e: NormalisedPaymentEvent | NormalisedRefundEvent): e is NormalisedRefundEvent => 'kind' in e && e.kind === 'refund';
