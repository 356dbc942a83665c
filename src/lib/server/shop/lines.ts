// Order lines as the customer or the office asks for them: which products, how many, and
// whether each line can be served. Prices always come from the product record, never from
// the request; a line keeps a snapshot of sku/name/price/tax.
import { computeTotals } from '$lib/documents/tax';
import type { LineProblem, LineProblemKind } from '$lib/shop/line-problems';
import { AppError } from '../errors';
import { listWhereIn } from '../pocketbase/where-in';
import type { OrderLineRecord, ProductRecord } from '../pocketbase/records';
import { shippingFee, type ShippingRule } from './settings';

export interface RequestedLine {
  productId: string;
  qty: number;
}

export type { LineProblem, LineProblemKind };

export type ProductMap = Map<string, ProductRecord>;

/** One line per product: the same product asked for twice counts once with both quantities. */
export function mergeLines(lines: RequestedLine[]): RequestedLine[] {
  const byProduct = new Map<string, number>();
  for (const l of lines) byProduct.set(l.productId, (byProduct.get(l.productId) ?? 0) + l.qty);
  return [...byProduct].map(([productId, qty]) => ({ productId, qty }));
}

export async function loadProducts(ids: string[]): Promise<ProductMap> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const found = await listWhereIn('products', 'id', unique, { batch: 500 });
  return new Map(found.map((p) => [p.id, p]));
}

export const available = (p: Pick<ProductRecord, 'on_hand' | 'reserved'>) => Math.max(0, p.on_hand - p.reserved);

/**
 * What keeps each line from being served. `needed` is how many more units each product must
 * reserve (for an amendment: only the increase); omit it to skip the stock check (drafts).
 */
export function lineProblems(lines: RequestedLine[], products: ProductMap, needed?: Map<string, number>, mustBeActive = true): LineProblem[] {
  const problems: LineProblem[] = [];
  for (const l of lines) {
    const p = products.get(l.productId);
    if (!p) {
      problems.push({ productId: l.productId, problem: 'unknown', sku: '', name: '', requested: l.qty, available: 0 });
      continue;
    }
    const base = { productId: p.id, sku: p.sku, name: p.name, requested: l.qty, available: available(p) };
    if (mustBeActive && !p.active) problems.push({ ...base, problem: 'inactive', available: 0 });
    else if (needed && (needed.get(p.id) ?? 0) > available(p)) problems.push({ ...base, problem: 'not_enough' });
  }
  return problems;
}

const describe = (p: LineProblem) =>
  p.problem === 'unknown'
    ? `product ${p.productId} does not exist`
    : p.problem === 'inactive'
      ? `${p.name} is no longer sold`
      : p.problem === 'already_picked'
        ? `${p.name}: ${p.available} already picked or shipped, so it cannot go down to ${p.requested}`
        : p.problem === 'over_limit'
          ? `${p.name}: at most ${p.available} per order (${p.requested} requested)`
          : `${p.name}: ${p.requested} requested, only ${p.available} available`;

/** One error for every line that cannot be served, each with its own reason (F01). */
export function linesRefused(problems: LineProblem[]): AppError {
  const stockOnly = problems.every((p) => p.problem === 'not_enough' || p.problem === 'already_picked');
  return new AppError(stockOnly ? 'CONFLICT' : 'BAD_REQUEST', 'orderflow.errors.lines_refused', `Some lines cannot be served: ${problems.map(describe).join('; ')}. Nothing was reserved.`, {
    lines: problems
  });
}

/** The line record's body: a snapshot of the product as it is now. */
export function lineSnapshot(p: ProductRecord, qty: number, position: number, order: string) {
  return { order, product: p.id, sku: p.sku, name: p.name, unit_price_cents: p.price_cents, tax_rate_bp: p.tax_rate_bp, qty, picked: 0, shipped: 0, returned: 0, position };
}

export type OrderTotals = {
  subtotal_cents: number;
  shipping_cents: number;
  tax_cents: number;
  total_cents: number;
};

/** Gross prices: the tax is worked out per rate on the summed gross, like the invoice does. */
export function orderTotals(
  lines: Pick<OrderLineRecord, 'unit_price_cents' | 'tax_rate_bp' | 'qty'>[],
  method: 'ship' | 'collect',
  rule: ShippingRule
): OrderTotals {
  const docLines = lines.map((l) => ({ sku: '', name: '', qty: l.qty, unitPriceCents: l.unit_price_cents, taxRateBp: l.tax_rate_bp }));
  const goods = docLines.reduce((s, l) => s + l.qty * l.unitPriceCents, 0);
  const totals = computeTotals(docLines, shippingFee(rule, method, goods));
  return {
    subtotal_cents: totals.itemsCents,
    shipping_cents: totals.shippingCents,
    tax_cents: totals.taxes.reduce((s, t) => s + t.taxCents, 0),
    total_cents: totals.totalCents
  };
}
