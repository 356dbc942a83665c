// The stock invariants every test that moves stock checks (docs/architecture.md):
// reserved >= 0, available >= 0, and on_hand/reserved equal the sums of the ledger.
import { pb } from '../../src/lib/server/pocketbase/client';
import type { ProductRecord } from '../../src/lib/server/pocketbase/records';

interface Movement {
  product: string;
  delta_on_hand: number;
  delta_reserved: number;
}

export async function stockInvariantViolations(productIds?: string[]): Promise<string[]> {
  const [products, movements] = await Promise.all([
    pb().collection('products').getFullList<ProductRecord>({ batch: 1000 }),
    pb().collection('stock_movements').getFullList<Movement>({ fields: 'product,delta_on_hand,delta_reserved', batch: 1000 })
  ]);
  const sums = new Map<string, { on_hand: number; reserved: number }>();
  for (const m of movements) {
    const s = sums.get(m.product) ?? { on_hand: 0, reserved: 0 };
    s.on_hand += m.delta_on_hand;
    s.reserved += m.delta_reserved;
    sums.set(m.product, s);
  }
  const violations: string[] = [];
  for (const p of products) {
    if (productIds && !productIds.includes(p.id)) continue;
    const s = sums.get(p.id) ?? { on_hand: 0, reserved: 0 };
    if (p.reserved < 0 || p.on_hand - p.reserved < 0) violations.push(`${p.sku}: on_hand ${p.on_hand}, reserved ${p.reserved}`);
    if (s.on_hand !== p.on_hand || s.reserved !== p.reserved) {
      violations.push(`${p.sku}: record ${p.on_hand}/${p.reserved}, ledger ${s.on_hand}/${s.reserved}`);
    }
  }
  return violations;
}
