// After-sales money (F41 credit notes and refunds, F42 surcharges): the request shapes shared
// by the procedures and the forms, and the pure rules both sides apply. Money in integer
// minor units of the order's currency.
import { z } from 'zod';
import { MoneyParseError, parseMoney } from '$lib/money';

const id = z.string().regex(/^[a-z0-9]{15}$/, 'Not a valid id');
const cents = (what: string) => z.number({ error: `${what} must be a number` }).int(`${what} must be whole minor units`);
const taxRate = z.number().int().min(0, 'The tax rate cannot be negative').max(10000, 'The tax rate is at most 100 %');

export const REFUND_METHODS = ['card', 'bank_transfer', 'cheque'] as const;
export type RefundMethod = (typeof REFUND_METHODS)[number];

export const SURCHARGE_KINDS = ['extra_work', 'shipping_change', 'other'] as const;
export type SurchargeKind = (typeof SURCHARGE_KINDS)[number];

export const creditNoteRequest = z
  .object({
    orderId: id,
    lines: z.array(z.object({ lineId: id, qty: z.number().int().min(1, 'Credit at least one piece') })).max(500).default([]),
    shippingCents: cents('Shipping').min(0, 'Shipping cannot be negative').default(0),
    /** a free amount (gross) with its tax rate, e.g. a goodwill credit */
    free: z.object({ amountCents: cents('The amount').min(1, 'The amount must be more than zero'), taxRateBp: taxRate }).optional(),
    reason: z.string().trim().min(1, 'Please give a reason').max(1000)
  })
  .refine((r) => r.lines.length > 0 || r.shippingCents > 0 || r.free, { message: 'Choose items, shipping or an amount to credit', path: ['lines'] })
  .refine((r) => new Set(r.lines.map((l) => l.lineId)).size === r.lines.length, { message: 'Each line once', path: ['lines'] });
export type CreditNoteRequest = z.input<typeof creditNoteRequest>;

export const refundRequest = z
  .object({
    orderId: id,
    amountCents: cents('The amount').min(1, 'The amount must be more than zero'),
    method: z.enum(REFUND_METHODS),
    /** the bank transfer's or cheque's reference; required for those */
    reference: z.string().trim().max(200).default(''),
    creditNoteId: id.optional(),
    reason: z.string().trim().max(1000).default('')
  })
  .refine((r) => r.method === 'card' || r.reference.length > 0, { message: 'Give the transfer or cheque reference', path: ['reference'] });
export type RefundRequest = z.input<typeof refundRequest>;

export const surchargeRequest = z
  .object({
    orderId: id,
    kind: z.enum(SURCHARGE_KINDS),
    reason: z.string().trim().max(1000).default(''),
    amountCents: cents('The amount').min(1, 'The amount must be more than zero').max(100_000_000, 'The amount is too large'),
    taxRateBp: taxRate
  })
  .refine((r) => r.kind !== 'other' || r.reason.length > 0, { message: 'Please type the reason', path: ['reason'] });
export type SurchargeRequest = z.input<typeof surchargeRequest>;

/** Order payment states in which the order's own total is still to be paid. */
export const AWAITING_PAYMENT = ['unpaid', 'pending', 'failed'] as const;

/**
 * What the customer still owes on an order: its total while it is placed and not paid, plus
 * every surcharge not paid yet. A cancelled or draft order owes only its open surcharges (none
 * can be added to a cancelled order). For the order lifecycle: an order with `amountOwed > 0`
 * is not settled.
 */
export function amountOwed(order: { status: string; payment_status: string; total_cents: number; surcharge_open_cents?: number }): number {
  const orderTotal = order.status === 'placed' && (AWAITING_PAYMENT as readonly string[]).includes(order.payment_status) ? order.total_cents : 0;
  return orderTotal + (order.surcharge_open_cents ?? 0);
}

/** What may still be refunded: paid (order and surcharges) minus refunds started or done. */
export function refundableCents(paidCents: number, refundedCents: number): number {
  return Math.max(0, paidCents - refundedCents);
}

export interface RefundFormValues {
  amount: string;
  method: RefundMethod;
  reference: string;
}
export type RefundFormErrors = Partial<Record<'amount' | 'reference', string>>;

/** The refund form's own check before it asks the server (the server checks again). */
export function checkRefundForm(v: RefundFormValues, opts: { refundableCents: number; currency: string; cardPossible: boolean }): { errors: RefundFormErrors; amountCents: number } {
  const errors: RefundFormErrors = {};
  let amountCents = NaN;
  try {
    amountCents = parseMoney(v.amount, opts.currency);
  } catch (e) {
    errors.amount = e instanceof MoneyParseError && e.problem === 'empty' ? 'required' : 'invalid';
  }
  if (!errors.amount && amountCents <= 0) errors.amount = 'positive';
  else if (!errors.amount && amountCents > opts.refundableCents) errors.amount = 'tooMuch';
  if (v.method !== 'card' && !v.reference.trim()) errors.reference = 'required';
  if (v.method === 'card' && !opts.cardPossible) errors.reference = 'noCard';
  return { errors, amountCents };
}
