// The stock invariants (docs/architecture.md) over a set of products and their ledger rows:
// reserved >= 0, available >= 0, and on_hand/reserved equal the sums of the movements.
export interface StockFigures {
  id: string;
  sku: string;
  on_hand: number;
  reserved: number;
}

export interface LedgerMovement {
  product: string;
  delta_on_hand: number;
  delta_reserved: number;
}

export function ledgerViolations(products: StockFigures[], movements: LedgerMovement[]) {
  const sums = new Map<string, { on_hand: number; reserved: number }>();
  for (const m of movements) {
    const s = sums.get(m.product) ?? { on_hand: 0, reserved: 0 };
    s.on_hand += m.delta_on_hand;
    s.reserved += m.delta_reserved;
    sums.set(m.product, s);
  }
  const oversold: string[] = [];
  const mismatched: string[] = [];
  for (const p of products) {
    const s = sums.get(p.id) ?? { on_hand: 0, reserved: 0 };
    if (p.reserved < 0 || p.on_hand - p.reserved < 0) oversold.push(`${p.sku}: on_hand ${p.on_hand}, reserved ${p.reserved}`);
    if (s.on_hand !== p.on_hand || s.reserved !== p.reserved) mismatched.push(`${p.sku}: record ${p.on_hand}/${p.reserved}, ledger ${s.on_hand}/${s.reserved}`);
  }
  return { oversold, mismatched };
}
