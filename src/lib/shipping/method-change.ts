// Changing an open order's shipping method (F42, #13): ship ↔ Click & Collect, or another
// courier. The request shape shared by the procedure and the form, and the pure rule both
// sides apply to say what happens to the money. Money in integer minor units.
import { z } from 'zod';

export const COURIER_CHOICES = ['manual', 'sandbox', 'sendcloud'] as const;

export const shippingChangeRequest = z.object({
  orderId: z.string().regex(/^[a-z0-9]{15}$/, 'Not a valid id'),
  /** the order version the person's screen showed */
  version: z.number().int().min(0),
  method: z.enum(['ship', 'collect']),
  /** the courier the parcel should go with; '' = the shop's default (always '' for collect) */
  courier: z.enum(['', ...COURIER_CHOICES]).default(''),
  /** the new shipping fee (gross); left out = the shop's shipping rule for the method */
  feeCents: z.number({ error: 'The fee must be a number' }).int('The fee must be whole minor units').min(0, 'The fee cannot be negative').max(10_000_00, 'The fee is too high').optional(),
  reason: z.string().trim().max(500, 'At most 500 characters').default('')
});
export type ShippingChangeRequest = z.input<typeof shippingChangeRequest>;

/** Fulfilment states in which nothing has left yet, so the method may still change. */
export const METHOD_CHANGEABLE = ['unfulfilled', 'picking', 'packed', 'ready_for_pickup'] as const;

/**
 * What the fee difference becomes:
 * - `adjust`: the order is neither paid nor invoiced, so its shipping and total change;
 * - `surcharge`: paid (or payment under way) or invoiced and dearer: a surcharge with its own invoice;
 * - `credit`: paid or invoiced and cheaper: the difference is creditable (a credit note for shipping);
 * - `none`: same fee.
 */
export type MoneyPath = 'adjust' | 'surcharge' | 'credit' | 'none';

export function shippingChangeMoney(order: { payment_status: string; invoice_number: string; shipping_cents: number }, feeCents: number): { path: MoneyPath; diffCents: number } {
  const diffCents = feeCents - order.shipping_cents;
  if (diffCents === 0) return { path: 'none', diffCents };
  const open = (order.payment_status === 'unpaid' || order.payment_status === 'failed') && !order.invoice_number;
  if (open) return { path: 'adjust', diffCents };
  return { path: diffCents > 0 ? 'surcharge' : 'credit', diffCents };
}
