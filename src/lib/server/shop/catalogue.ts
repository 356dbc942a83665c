// What the public shop shows: active products with price and availability, and a stock
// check of a cart before the customer submits it (F01). Never the shelf or reserved figures.
import { collection } from '../pocketbase/client';
import type { ProductRecord } from '../pocketbase/records';
import { available, lineProblems, loadProducts, mergeLines, type LineProblem, type RequestedLine } from './lines';
import { shopSettings } from './settings';
import { checkoutLimitsSetting, limitProblems } from './limits';

export interface ShopProduct {
  id: string;
  sku: string;
  name: string;
  priceCents: number;
  taxRateBp: number;
  available: number;
}

const shopProduct = (p: Pick<ProductRecord, 'id' | 'sku' | 'name' | 'price_cents' | 'tax_rate_bp' | 'on_hand' | 'reserved'>): ShopProduct => ({
  id: p.id,
  sku: p.sku,
  name: p.name,
  priceCents: p.price_cents,
  taxRateBp: p.tax_rate_bp,
  available: available(p)
});

export async function listShopProducts() {
  const [products, settings] = await Promise.all([
    collection('products').getFullList({ filter: 'active = true', sort: 'name', fields: 'id,sku,name,price_cents,tax_rate_bp,on_hand,reserved,active', batch: 1000 }),
    shopSettings()
  ]);
  return { shopName: settings.shop.name, currency: settings.shop.currency, shipping: settings.shipping, products: products.map(shopProduct) };
}

/** Every line that cannot be served as asked, with the reason and what is available. */
export async function checkCart(lines: RequestedLine[]): Promise<{ ok: boolean; problems: LineProblem[]; products: ShopProduct[] }> {
  const merged = mergeLines(lines);
  const [products, limits] = await Promise.all([loadProducts(merged.map((l) => l.productId)), checkoutLimitsSetting.get()]);
  const stock = lineProblems(merged, products, new Map(merged.map((l) => [l.productId, l.qty])));
  // over the web order's limit first: more stock would not help that line
  const over = limitProblems(merged, products, limits);
  const problems = [...over, ...stock.filter((s) => !over.some((o) => o.productId === s.productId))];
  return { ok: problems.length === 0, problems, products: [...products.values()].filter((p) => p.active).map(shopProduct) };
}
