// Helpers of the unit-of-work suite (tx-suite.ts, tx-suite-ops.ts), shared by both engines' runs.
import { randomBytes } from 'node:crypto';
import { pb } from '../../src/lib/server/pocketbase/client';
import { UnitOfWork, type TxFailure } from '../../src/lib/server/pocketbase/tx';
import { createProduct } from '../support/factories';

/** a product's stock as the ledger (stock_movements) adds it up */
export async function ledger(productId: string) {
  const rows = await pb().collection('stock_movements').getFullList<{ delta_on_hand: number; delta_reserved: number }>({ filter: `product = '${productId}'` });
  return { on_hand: rows.reduce((s, r) => s + r.delta_on_hand, 0), reserved: rows.reduce((s, r) => s + r.delta_reserved, 0) };
}

/** a product with onHand in stock, put there by a stock move (so the ledger matches) */
export async function stocked(onHand: number) {
  const p = await createProduct({ on_hand: 0, reserved: 0 });
  await new UnitOfWork().stock({ product: p.id, delta_on_hand: onHand, reason: 'initial' }).commit();
  return p;
}

/** the TxFailure a commit fails with, or null when it succeeds */
export const failure = (p: Promise<unknown>) => p.then(() => null, (e) => e as TxFailure);

/** the fields a new order needs, for ops that create one */
export const orderBody = (overrides: Record<string, unknown> = {}) => ({
  number: Math.floor(Math.random() * 1e9), channel: 'phone', status: 'draft', payment_status: 'unpaid', fulfilment_status: 'unfulfilled',
  fulfilment_method: 'ship', currency: 'EUR', tracking_token: randomBytes(16).toString('base64url'), version: 1, ...overrides
});
