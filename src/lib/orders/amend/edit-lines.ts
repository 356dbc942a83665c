// The line list a person edits (phone order, amendment): quantities as typed, so nothing
// they typed is lost, and turned into the request only when every quantity is valid.
export interface EditLine {
  /** stable key for the list, also for lines not saved yet */
  key: string;
  /** the order line it changes; absent for a new line */
  lineId?: string;
  productId: string;
  sku: string;
  name: string;
  unitPriceCents: number;
  /** what the person typed */
  qty: string;
}

export const MAX_QTY = 999;

export function qtyProblem(qty: string): 'invalid' | null {
  const n = Number(qty);
  return qty.trim() !== '' && Number.isInteger(n) && n >= 1 && n <= MAX_QTY ? null : 'invalid';
}

export function toRequest(lines: EditLine[]): { lineId?: string; productId: string; qty: number }[] | null {
  if (lines.some((l) => qtyProblem(l.qty))) return null;
  return lines.map((l) => ({ ...(l.lineId ? { lineId: l.lineId } : {}), productId: l.productId, qty: Number(l.qty) }));
}

export function fromOrderLines(lines: { id: string; product: string; sku: string; name: string; unit_price_cents: number; qty: number }[]): EditLine[] {
  return lines.map((l) => ({ key: l.id, lineId: l.id, productId: l.product, sku: l.sku, name: l.name, unitPriceCents: l.unit_price_cents, qty: String(l.qty) }));
}

export const goodsCents = (lines: EditLine[]) => lines.reduce((s, l) => s + (qtyProblem(l.qty) ? 0 : Number(l.qty) * l.unitPriceCents), 0);
