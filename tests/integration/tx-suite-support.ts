// Helpers of the unit-of-work suite (tx-suite.ts, tx-suite-ops.ts), shared by both engines' runs.
import { randomBytes } from 'node:crypto';
import { pb } from '../../src/lib/server/pocketbase/client';
import { ClientResponseError } from 'pocketbase';
import { UnitOfWork, txFailure, type TxCreate, type TxFailure, type TxUpdate, type TxFailureCode, type TxOp } from '../../src/lib/server/pocketbase/tx';
import { createProduct } from '../support/factories';

/** a product's stock as the ledger (stock_movements) adds it up */
export async function ledger(productId: string) {
  const rows = await pb().collection('stock_movements').getFullList<{ delta_on_hand: number; delta_reserved: number }>({ filter: `product = '${productId}'` });
  return { on_hand: rows.reduce((s, r) => s + r.delta_on_hand, 0), reserved: rows.reduce((s, r) => s + r.delta_reserved, 0) };
}

/** a product with onHand in stock, put there by a stock move (so the ledger matches) */
export async function stocked(onHand: number) {
  const p = await createProduct({ on_hand: 0, reserved: 0 });
  await one((u) => u.stock({ product: p.id, delta_on_hand: onHand, reason: 'initial' }));
  return p;
}

/** the TxFailure a commit fails with, or null when it succeeds */
export const failure = (p: Promise<unknown>) => p.then(() => null, (e) => e as TxFailure);

/** the fields a new order needs, for ops that create one */
export const orderBody = (overrides: TxUpdate<'orders'> = {}): TxCreate<'orders'> => ({
  number: Math.floor(Math.random() * 1e9), channel: 'phone', status: 'draft', payment_status: 'unpaid', fulfilment_status: 'unfulfilled',
  fulfilment_method: 'ship', currency: 'EUR', tracking_token: randomBytes(16).toString('base64url'), version: 1, ...overrides
});

/**
 * The wire itself: ops in one request, the engine's positional results back, failures as
 * TxFailure. This suite tests the engines below UnitOfWork (which reads results through refs).
 */
export async function runTx(ops: TxOp[]): Promise<unknown[]> {
  try {
    return (await pb().send<{ results: unknown[] }>('/api/packbench/tx', { method: 'POST', body: { ops } })).results;
  } catch (e) {
    if (e instanceof ClientResponseError && e.status >= 400 && e.status < 500 && e.response?.code) {
      const r = e.response as { code: TxFailureCode; message: string; details?: Record<string, unknown> };
      throw txFailure(r.code, r.message, r.details);
    }
    throw e;
  }
}

/** a UnitOfWork's ops over the wire: positional results */
export const raw = (uow: UnitOfWork) => runTx(uow.ops);

/** ops built on a fresh UnitOfWork, sent alone: positional results */
export function one(build: (uow: UnitOfWork) => unknown): Promise<unknown[]> {
  const uow = new UnitOfWork();
  build(uow);
  return raw(uow);
}
