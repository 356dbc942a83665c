// What a scanned code means on the pick list. The same rules run on the tablet (to answer at
// once, also offline) and on the server (which has the last word): products match on the
// normalised GTIN-14, Code 128 text matches the SKU, and a short number is an order number
// (the Code 128 on the packing slip).
import { classifyCode } from '$lib/scanning/gtin';

export interface MatchableLine {
  id: string;
  sku: string;
  name: string;
  qty: number;
  picked: number;
  /** normalised GTIN-14s of the line's product */
  gtins: string[];
}

export type ScanMatch<L extends MatchableLine = MatchableLine> =
  /** a line that still needs `qty` more (or exactly `qty`) */
  | { kind: 'line'; line: L; code: string }
  /** the product is on the order but every unit is already picked */
  | { kind: 'over-pick'; line: L; code: string }
  | { kind: 'not-on-order'; code: string }
  | { kind: 'order-number'; number: number; code: string }
  | { kind: 'bad-check-digit'; code: string; expected: string };

const ORDER_NUMBER = /^#?(\d{1,7})$/;

/** The code as the rest of the system compares it: GTIN-14 for products, trimmed text otherwise. */
export function scanKey(raw: string): { kind: 'gtin' | 'text'; key: string } | { kind: 'invalid'; expected: string } | null {
  const typed = raw.trim();
  // people copy the digit groups printed under the bars: "5 030159 003930"
  const c = classifyCode(/^[\d ]+$/.test(typed) ? typed.replace(/ /g, '') : typed);
  if (c.kind === 'gtin') return { kind: 'gtin', key: c.gtin14 };
  if (c.kind === 'text') return { kind: 'text', key: c.text };
  return c.reason === 'empty' ? null : { kind: 'invalid', expected: c.expectedCheckDigit ?? '' };
}

export function lineMatchesKey(line: MatchableLine, key: { kind: 'gtin' | 'text'; key: string }): boolean {
  if (key.kind === 'gtin') return line.gtins.includes(key.key);
  return line.sku.toUpperCase() === key.key.toUpperCase() || line.gtins.includes(key.key);
}

/**
 * Matches `raw` against the order's lines. `pending` adds units counted locally but not yet
 * confirmed by the server (offline scans); `qty` is how many this scan counts (bulk items).
 */
export function matchScan<L extends MatchableLine>(raw: string, lines: L[], qty = 1, pending: (line: L) => number = () => 0): ScanMatch<L> {
  const code = raw.trim();
  const key = scanKey(code);
  if (!key) return { kind: 'not-on-order', code };
  if (key.kind === 'invalid') return { kind: 'bad-check-digit', code, expected: key.expected };
  const candidates = lines.filter((l) => lineMatchesKey(l, key));
  if (!candidates.length) {
    const n = key.kind === 'text' ? ORDER_NUMBER.exec(key.key) : null;
    return n ? { kind: 'order-number', number: Number(n[1]), code } : { kind: 'not-on-order', code: key.key };
  }
  // the same product on two lines: fill them in order
  const open = candidates.find((l) => l.picked + pending(l) + qty <= l.qty);
  return open ? { kind: 'line', line: open, code: key.key } : { kind: 'over-pick', line: candidates[0], code: key.key };
}

/** An order number from the packing slip's barcode or typed by hand ("1042", "#1042"). */
export function orderNumberOf(raw: string): number | null {
  const m = ORDER_NUMBER.exec(raw.trim());
  return m ? Number(m[1]) : null;
}

export const remaining = (l: Pick<MatchableLine, 'qty' | 'picked'>) => Math.max(0, l.qty - l.picked);
export const isComplete = (lines: Pick<MatchableLine, 'qty' | 'picked'>[]) => lines.length > 0 && lines.every((l) => l.picked >= l.qty);
