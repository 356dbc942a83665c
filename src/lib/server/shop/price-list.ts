// The catalogue as checkout prices it: a copy kept for a few seconds, so placing an order
// reads nothing before its one transaction. It can never sell at a stale price: every stock
// move carries the price, tax, name and "still sold" it was priced with (pricedAs), and the
// transaction refuses the order if the product changed meanwhile; checkout then reads again.
import type { ProductRecord } from '../pocketbase/records';
import { loadProducts, type ProductMap } from './lines';

const TTL_MS = 10_000;
const cache = new Map<string, { product: ProductRecord; at: number }>();

export async function cachedProducts(ids: string[], now = Date.now()): Promise<ProductMap> {
  const missing = ids.filter((id) => {
    const hit = cache.get(id);
    return !hit || now - hit.at > TTL_MS;
  });
  if (missing.length) remember(await loadProducts(missing), now);
  const out: ProductMap = new Map();
  for (const id of ids) {
    const hit = cache.get(id);
    if (hit) out.set(id, hit.product);
  }
  return out;
}

export function remember(products: ProductMap, now = Date.now()) {
  if (cache.size > 50_000) cache.clear();
  for (const p of products.values()) cache.set(p.id, { product: p, at: now });
}

export function forgetProducts(ids?: string[]) {
  if (!ids) cache.clear();
  else for (const id of ids) cache.delete(id);
}

/** what the order's lines were priced with: the transaction checks the product still is so */
export const pricedAs = (p: ProductRecord) => ({ sku: p.sku, name: p.name, price_cents: p.price_cents, tax_rate_bp: p.tax_rate_bp, active: true });
