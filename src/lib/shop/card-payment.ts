// Where a shopper who chose card continues after placing the order: the payments feature's
// checkout at /pay/<pay token> (src/lib/server/payments/checkout.ts), which sends them
// on to the sandbox gateway's page or to the real provider.
import type { OrderSummary } from '$lib/shop/api';

export function cardPaymentHref(order: Pick<OrderSummary, 'payToken'>): string | null {
  return `/pay/${encodeURIComponent(order.payToken)}`;
}
