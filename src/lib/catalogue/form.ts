// The product form's text fields → the procedure's input, with a message per field that is
// wrong (the same rules the server applies, so most mistakes never leave the browser).
import { formatMoneyInput, parseMoneyOrNull } from './money-input';
import { formatPercent, normaliseGtin, parsePercent, productFields, splitGtins, type ProductFields } from './product';

export interface ProductFormText {
  sku: string;
  name: string;
  gtins: string;
  bin: string;
  price: string;
  taxRate: string;
  weight: string;
  threshold: string;
  active: boolean;
}

export type FormErrors = Partial<Record<keyof ProductFormText, string>>;

type Say = (key: string, params?: Record<string, unknown>) => string;

export function formText(p: Partial<ProductFields> | null, currency: string): ProductFormText {
  return {
    sku: p?.sku ?? '',
    name: p?.name ?? '',
    gtins: (p?.gtins ?? []).map((g) => (g.startsWith('0') ? g.slice(1) : g)).join(' '),
    bin: p?.bin ?? '',
    price: p ? formatMoneyInput(p.priceCents ?? 0, currency) : '',
    taxRate: p ? formatPercent(p.taxRateBp ?? 0) : '19',
    weight: String(p?.weightG ?? 0),
    threshold: String(p?.lowStockThreshold ?? 0),
    active: p?.active ?? true
  };
}

const whole = (s: string) => (/^\s*\d+\s*$/.test(s) ? Number(s) : null);

export function readForm(text: ProductFormText, currency: string, say: Say): { fields: ProductFields } | { errors: FormErrors } {
  const errors: FormErrors = {};
  const priceCents = text.price.trim() === '' ? 0 : parseMoneyOrNull(text.price, currency);
  if (priceCents === null || priceCents < 0) errors.price = say('catalogue.form.errors.price');
  const taxRateBp = parsePercent(text.taxRate || '0');
  if (taxRateBp === null) errors.taxRate = say('catalogue.form.errors.taxRate');
  const weightG = whole(text.weight || '0');
  if (weightG === null) errors.weight = say('catalogue.form.errors.whole');
  const lowStockThreshold = whole(text.threshold || '0');
  if (lowStockThreshold === null) errors.threshold = say('catalogue.form.errors.whole');
  for (const code of splitGtins(text.gtins)) {
    const g = normaliseGtin(code);
    if ('problem' in g) {
      errors.gtins = g.problem === 'check_digit' ? say('catalogue.form.errors.gtin_check_digit', { value: code, expected: g.expectedCheckDigit }) : say('catalogue.form.errors.gtin_format', { value: code });
      break;
    }
  }
  const parsed = productFields.safeParse({
    sku: text.sku,
    name: text.name,
    gtins: splitGtins(text.gtins),
    bin: text.bin,
    priceCents: priceCents ?? 0,
    taxRateBp: taxRateBp ?? 0,
    weightG: weightG ?? 0,
    lowStockThreshold: lowStockThreshold ?? 0,
    active: text.active
  });
  if (!parsed.success) {
    const map: Record<string, keyof ProductFormText> = { priceCents: 'price', taxRateBp: 'taxRate', weightG: 'weight', lowStockThreshold: 'threshold' };
    for (const issue of parsed.error.issues) {
      const key = map[String(issue.path[0])] ?? (String(issue.path[0]) as keyof ProductFormText);
      errors[key] ??= issue.message;
    }
  }
  if (Object.keys(errors).length || !parsed.success) return { errors };
  return { fields: parsed.data };
}

/** only what differs from the saved product (an office user's untouched price is not "changed") */
export function changedFields(saved: ProductFields, now: ProductFields): Partial<ProductFields> {
  const out: Partial<ProductFields> = {};
  for (const k of Object.keys(now) as (keyof ProductFields)[]) {
    if (JSON.stringify(now[k]) !== JSON.stringify(saved[k])) (out as Record<string, unknown>)[k] = now[k];
  }
  return out;
}
