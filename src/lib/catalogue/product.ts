// What a product is made of, for the catalogue screen and the server alike (issue #14): the
// field rules (zod), GTIN normalisation, and which fields only managers may change.
import { z } from 'zod';
import { classifyCode } from '$lib/scanning/gtin';

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/;
export const MAX_GTINS = 10;

export type GtinProblem = 'format' | 'check_digit';

/**
 * One typed or imported GTIN → its 14-digit form (GTIN-8/12/13/14 with a valid check digit,
 * leading zeros added), or what is wrong with it. UPC-E is not accepted here: an 8-digit code is
 * an EAN-8, as printed on the pack.
 */
export function normaliseGtin(raw: string): { gtin: string } | { problem: GtinProblem; expectedCheckDigit?: string } {
  const c = classifyCode(raw.replace(/[\s-]/g, ''));
  if (c.kind === 'gtin') return { gtin: c.gtin14 };
  if (c.kind === 'invalid' && c.reason === 'bad-check-digit') return { problem: 'check_digit', expectedCheckDigit: c.expectedCheckDigit };
  return { problem: 'format' };
}

/** A list of GTINs (duplicates dropped, in the order given) or the first bad one. */
export function normaliseGtins(list: readonly string[]): { gtins: string[] } | { problem: GtinProblem; value: string; expectedCheckDigit?: string } {
  const out: string[] = [];
  for (const raw of list) {
    if (raw.trim() === '') continue;
    const r = normaliseGtin(raw);
    if ('problem' in r) return { ...r, value: raw.trim() };
    if (!out.includes(r.gtin)) out.push(r.gtin);
  }
  return { gtins: out };
}

/** "4006381333931 04006381333931, 12345670" → the separate codes a person typed */
export const splitGtins = (text: string) => text.split(/[\s,;|]+/).filter(Boolean);

/** the shortest usual form for screens and labels: GTIN-13 for 0-led GTIN-14s, else as stored */
export const displayGtin = (gtin14: string) => (gtin14.startsWith('000000') ? gtin14.slice(6) : gtin14.startsWith('0') ? gtin14.slice(1) : gtin14);

const gtinList = z
  .array(z.string().max(20))
  .max(MAX_GTINS, `At most ${MAX_GTINS} GTINs`)
  .transform((list, ctx) => {
    const r = normaliseGtins(list);
    if ('gtins' in r) return r.gtins;
    ctx.addIssue({
      code: 'custom',
      message: r.problem === 'check_digit' ? `${r.value}: wrong check digit (expected ${r.expectedCheckDigit})` : `${r.value}: not a GTIN (8, 12, 13 or 14 digits)`
    });
    return z.NEVER;
  });

const whole = (what: string, max: number) => z.number({ error: `${what}: enter a number` }).int(`${what}: whole numbers only`).min(0, `${what}: cannot be negative`).max(max, `${what}: at most ${max}`);

/** every editable field of a product, as the screens send it */
export const productFields = z.object({
  sku: z.string().trim().min(1, 'SKU: required').max(64, 'SKU: at most 64 characters').regex(SKU_PATTERN, 'SKU: letters, digits and . _ - / only'),
  name: z.string().trim().min(1, 'Name: required').max(200, 'Name: at most 200 characters'),
  gtins: gtinList,
  bin: z.string().trim().max(32, 'Bin: at most 32 characters'),
  priceCents: whole('Price', 100_000_000),
  taxRateBp: whole('Tax rate', 10_000),
  weightG: whole('Weight', 1_000_000),
  lowStockThreshold: whole('Low-stock threshold', 1_000_000),
  active: z.boolean()
});
export type ProductFields = z.output<typeof productFields>;
export type ProductFieldsInput = z.input<typeof productFields>;
export type ProductField = keyof ProductFields;

/** fields only managers and owners may set or change: money, and whether it is sold */
export const MANAGER_FIELDS: readonly ProductField[] = ['priceCents', 'taxRateBp', 'active'];

export const PRODUCT_STATUSES = ['active', 'archived', 'all'] as const;
export const productStatus = z.enum(PRODUCT_STATUSES);
export type ProductStatus = z.infer<typeof productStatus>;

/** a product still sold whose available stock is at or below its threshold (0: no threshold) */
export const isLowStock = (p: { on_hand: number; reserved: number; active?: boolean; low_stock_threshold?: number | null }) =>
  p.active !== false && (p.low_stock_threshold ?? 0) > 0 && p.on_hand - p.reserved <= (p.low_stock_threshold ?? 0);

/** tax rate: basis points ↔ the percent people type ("19", "7,5") */
export function parsePercent(text: string): number | null {
  const s = text.trim().replace(',', '.').replace(/%$/, '').trim();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(s)) return null;
  const bp = Math.round(Number(s) * 100);
  return bp <= 10_000 ? bp : null;
}
export const formatPercent = (bp: number) => String(bp / 100);

