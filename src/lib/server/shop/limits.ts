// Limits on one anonymous web order (issue #12, finding 3): one order once reserved every
// unit in the shop. A web order may hold at most `maxUnitsPerLine` of a product and, unpaid as
// every web order starts, goods worth at most `maxOrderCents`; larger orders are taken by phone.
// Phone orders (staff) have no limit. Setting key 'checkout_limits', edited on the payment
// settings screen by managers.
import { z } from 'zod';
import { AppError } from '../errors';
import type { LineProblem, ProductMap, RequestedLine } from './lines';
import { defineSetting } from '../settings';

export const checkoutLimitsSchema = z.object({
  maxUnitsPerLine: z.number({ error: 'Enter a number' }).int('Whole units only').min(1, 'At least 1').max(9999, 'At most 9999'),
  /** gross goods value; null = no limit */
  maxOrderCents: z.number({ error: 'Enter an amount' }).int().min(100, 'At least 1.00').max(1_000_000_000).nullable()
});
export type CheckoutLimits = z.infer<typeof checkoutLimitsSchema>;

export const DEFAULT_CHECKOUT_LIMITS: CheckoutLimits = { maxUnitsPerLine: 25, maxOrderCents: 300_000 };
export const checkoutLimitsSetting = defineSetting('checkout_limits', checkoutLimitsSchema, DEFAULT_CHECKOUT_LIMITS);

/** Lines over the per-line limit, named like stock problems so the cart shows them beside the line. */
export function limitProblems(lines: RequestedLine[], products: ProductMap, limits: CheckoutLimits): LineProblem[] {
  return lines
    .filter((l) => l.qty > limits.maxUnitsPerLine)
    .map((l) => {
      const p = products.get(l.productId);
      return { productId: l.productId, problem: 'over_limit', sku: p?.sku ?? '', name: p?.name ?? '', requested: l.qty, available: limits.maxUnitsPerLine };
    });
}

/** Refuses a web order whose goods are worth more than the limit, naming it. */
export function checkOrderValue(lines: RequestedLine[], products: ProductMap, limits: CheckoutLimits, currency: string) {
  if (limits.maxOrderCents === null) return;
  const goods = lines.reduce((sum, l) => sum + (products.get(l.productId)?.price_cents ?? 0) * l.qty, 0);
  if (goods > limits.maxOrderCents) {
    throw new AppError('BAD_REQUEST', 'shop.errors.order_too_large', `Orders over ${(limits.maxOrderCents / 100).toFixed(2)} ${currency} are taken by phone. Please call us, or order less.`, {
      maxCents: limits.maxOrderCents,
      currency
    });
  }
}
