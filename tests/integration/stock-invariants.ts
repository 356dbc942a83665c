// The stock invariants every test that moves stock checks, on the products given.
import { pb } from '../../src/lib/server/pocketbase/client';
import type { ProductRecord } from '../../src/lib/server/pocketbase/records';
import { ledgerViolations, type LedgerMovement } from '../support/stock/ledger-check';

export async function stockInvariantViolations(productIds?: string[]): Promise<string[]> {
  const [products, movements] = await Promise.all([
    pb().collection('products').getFullList<ProductRecord>({ batch: 1000 }),
    pb().collection('stock_movements').getFullList<LedgerMovement>({ fields: 'product,delta_on_hand,delta_reserved', batch: 1000 })
  ]);
  const { oversold, mismatched } = ledgerViolations(productIds ? products.filter((p) => productIds.includes(p.id)) : products, movements);
  return [...oversold, ...mismatched];
}
