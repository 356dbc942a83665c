// Where a shopper who chose card continues after placing the order: the payments flow's
// checkout for this order. Until the payments feature serves one, there is no link and the
// confirmation says a payment link follows by e-mail.
import type { OrderSummary } from '$lib/server/orders/intake';

export function cardPaymentHref(order: Pick<OrderSummary, 'id' | 'trackingToken'>): string | null {
  void order;
  return null;
}
