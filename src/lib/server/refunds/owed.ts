// "Amount still owed" on the server: the order's total while unpaid plus its open surcharges
// (the pure rule is amountOwed in $lib/refunds/rules.ts). The order lifecycle can ask this to
// know whether an order is settled.
import { amountOwed } from '$lib/refunds/rules';
import { loadMoneyOrder } from './orders';

export { amountOwed };

export async function amountStillOwed(orderId: string): Promise<{ cents: number; currency: string }> {
  const order = await loadMoneyOrder(orderId);
  return { cents: amountOwed(order), currency: order.currency };
}
