/**
 * Totals and the tax split for gross (tax-inclusive) prices, in integer cents.
 * Net and tax are worked out once per rate on the summed gross, not per line,
 * so the rows on the invoice always add up.
 */
import type { DocLine } from './types';

export interface TaxRow {
  rateBp: number;
  grossCents: number;
  netCents: number;
  taxCents: number;
}

export interface Totals {
  itemsCents: number;
  shippingCents: number;
  totalCents: number;
  /** Highest rate first. */
  taxes: TaxRow[];
}

export function lineTotalCents(line: DocLine): number {
  return line.qty * line.unitPriceCents;
}

/** gross * 10000 / (10000 + rate), rounded half away from zero without floating point. */
export function netFromGross(grossCents: number, rateBp: number): number {
  const divisor = 10000 + rateBp;
  const magnitude = Math.floor((2 * Math.abs(grossCents) * 10000 + divisor) / (2 * divisor));
  return grossCents < 0 ? -magnitude : magnitude;
}

/**
 * Shipping is an ancillary service and takes the tax rate of the goods that make
 * up most of the order (by gross value; the higher rate on a tie).
 */
export function shippingRateBp(lines: DocLine[]): number {
  const byRate = grossByRate(lines);
  let best: [number, number] | null = null;
  for (const [rate, gross] of byRate) {
    if (!best || Math.abs(gross) > Math.abs(best[1]) || (Math.abs(gross) === Math.abs(best[1]) && rate > best[0])) {
      best = [rate, gross];
    }
  }
  return best ? best[0] : 0;
}

export function computeTotals(lines: DocLine[], shippingCents: number): Totals {
  const byRate = grossByRate(lines);
  const itemsCents = [...byRate.values()].reduce((sum, gross) => sum + gross, 0);
  if (shippingCents) {
    const rate = shippingRateBp(lines);
    byRate.set(rate, (byRate.get(rate) ?? 0) + shippingCents);
  }
  const taxes = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rateBp, grossCents]) => {
      const netCents = netFromGross(grossCents, rateBp);
      return { rateBp, grossCents, netCents, taxCents: grossCents - netCents };
    });
  return { itemsCents, shippingCents, totalCents: itemsCents + shippingCents, taxes };
}

function grossByRate(lines: DocLine[]): Map<number, number> {
  const byRate = new Map<number, number>();
  for (const line of lines) byRate.set(line.taxRateBp, (byRate.get(line.taxRateBp) ?? 0) + lineTotalCents(line));
  return byRate;
}
