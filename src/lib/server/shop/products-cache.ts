// shop.products for the public shop front (issue #12 finding 4): every anonymous visitor asks
// for the whole catalogue, so one answer is shared for a few seconds and concurrent callers
// wait for the same PocketBase query. A product change shows in the shop after at most the
// TTL; placing an order always checks the live stock.
import { listShopProducts } from './catalogue';

type Products = Awaited<ReturnType<typeof listShopProducts>>;

const ttlMs = () => Number(process.env.SHOP_PRODUCTS_CACHE_MS ?? 3000);
let cached: { value: Promise<Products>; until: number } | null = null;

export function cachedShopProducts(now = Date.now()): Promise<Products> {
  if (cached && cached.until > now) return cached.value;
  const value = listShopProducts();
  const entry = { value, until: now + ttlMs() };
  cached = entry;
  // a failed query is not kept: the next caller asks PocketBase again
  value.catch(() => {
    if (cached === entry) cached = null;
  });
  return value;
}

/** For tests and for code that changed products and wants the shop to show it at once. */
export function forgetShopProducts() {
  cached = null;
}
