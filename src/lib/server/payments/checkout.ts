// The customer's card checkout: /pay/<token>, where the token is the order's pay token (from
// the order confirmation; never the tracking token, issue #12 finding 1) or a payment link's id. With Stripe configured the page
// sends the customer on to Stripe's hosted checkout; otherwise the sandbox gateway's page.
import { AppError } from '../errors';
import { collection, filterValue } from '../pocketbase/client';
import type { OrderRecord } from '../pocketbase/records';
import { sandboxOn } from '../sandbox';
import { shopSettings } from '../shop/settings';
import { paymentsConfig } from './providers/config';
import { amountOwed } from '$lib/refunds/rules';
import { cardProvider } from './providers';
import { chargeCard, findGatewayPayment, type ChargeResult } from './providers/sandbox/gateway';
import type { CardInput } from './providers/sandbox/cards';

export type CheckoutView =
  | { state: 'redirect'; url: string }
  | { state: 'paid' | 'cancelled' | 'not_card'; orderNumber: number; shopName: string }
  | {
      state: 'open' | 'succeeded' | 'failed';
      publicId: string;
      orderNumber: number;
      amountCents: number;
      currency: string;
      shopName: string;
      declineCode: string;
      last4: string;
    };

const notFound = () => new AppError('NOT_FOUND', 'payments.checkout.not_found', 'This payment link is not valid.');

async function orderByToken(token: string): Promise<OrderRecord | null> {
  if (!/^[A-Za-z0-9_-]{22,64}$/.test(token)) return null;
  const res = await collection('orders').getList(1, 1, { filter: `pay_token = ${filterValue(token)}` });
  return res.items[0] ?? null;
}

/** Creates (or reuses) the provider payment for an order; staff use it for "card payment link" too. What is asked is what is owed: the total while unpaid, plus open surcharges (F42). */
export async function startCardPayment(order: OrderRecord) {
  return cardProvider().createPayment(
    { id: order.id, number: order.number, amountCents: amountOwed(order) || order.total_cents, currency: order.currency, email: order.email, locale: order.locale || 'en' },
    { baseUrl: paymentsConfig().notifyBaseUrl }
  );
}

export async function openCheckout(token: string): Promise<CheckoutView> {
  const shopName = (await shopSettings()).shop.name;
  let gateway = token.startsWith('sbx_') && sandboxOn('payments') ? await findGatewayPayment(token) : null;
  if (!gateway) {
    const order = await orderByToken(token);
    if (!order || order.status === 'draft') throw notFound();
    const surchargeOwed = ((order as { surcharge_open_cents?: number }).surcharge_open_cents ?? 0) > 0 && order.status !== 'cancelled';
    if (order.payment_status === 'paid' && !surchargeOwed) return { state: 'paid', orderNumber: order.number, shopName };
    if (order.status !== 'placed' && !surchargeOwed) return { state: 'cancelled', orderNumber: order.number, shopName };
    if (order.payment_method !== 'card') return { state: 'not_card', orderNumber: order.number, shopName };
    const created = await startCardPayment(order);
    if (!created.redirectUrl.startsWith('/pay/')) return { state: 'redirect', url: created.redirectUrl };
    gateway = await findGatewayPayment(created.providerPaymentId);
    if (!gateway) throw notFound();
  }
  return {
    state: gateway.status,
    publicId: gateway.public_id,
    orderNumber: gateway.order_number,
    amountCents: gateway.amount_cents,
    currency: gateway.currency,
    shopName,
    declineCode: gateway.decline_code,
    last4: gateway.card_last4
  };
}

export function payCheckout(publicId: string, card: CardInput): Promise<ChargeResult> {
  // the sandbox gateway takes test cards; in production it must take none
  if (!sandboxOn('payments')) throw new AppError('PRECONDITION_FAILED', 'payments.checkout.card_unavailable', 'Card payment is not available on this server: no card provider is configured.');
  return chargeCard(publicId, card);
}
