// The shopper's cart, kept in localStorage so it survives a reload or a closed tab. The
// checkout key belongs to one cart content: the same content submitted twice (a retry, a
// double click, a reload after a network error) places one order.
import type { ShopProduct } from '$lib/shop/api';

export interface CartLine {
  productId: string;
  sku: string;
  name: string;
  priceCents: number;
  qty: number;
}

interface Stored {
  lines: CartLine[];
  checkoutKey: string;
}

export const CART_KEY = 'packbench.shop.cart';
export const MAX_QTY = 999;

const newKey = () => crypto.randomUUID();

function isLine(x: unknown): x is CartLine {
  const l = x as CartLine;
  return !!l && typeof l.productId === 'string' && typeof l.name === 'string' && Number.isInteger(l.qty) && l.qty > 0 && Number.isInteger(l.priceCents);
}

export class Cart {
  lines = $state<CartLine[]>([]);
  checkoutKey = $state<string>(newKey());

  constructor(private storage: Pick<Storage, 'getItem' | 'setItem'> | null = typeof localStorage === 'undefined' ? null : localStorage) {
    try {
      const stored = JSON.parse(this.storage?.getItem(CART_KEY) ?? 'null') as Stored | null;
      if (stored && Array.isArray(stored.lines)) {
        this.lines = stored.lines.filter(isLine);
        if (typeof stored.checkoutKey === 'string' && stored.checkoutKey.length >= 16) this.checkoutKey = stored.checkoutKey;
      }
    } catch {
      // a damaged cart starts empty rather than breaking the shop
    }
  }

  get count() {
    return this.lines.reduce((s, l) => s + l.qty, 0);
  }

  get goodsCents() {
    return this.lines.reduce((s, l) => s + l.qty * l.priceCents, 0);
  }

  qtyOf(productId: string) {
    return this.lines.find((l) => l.productId === productId)?.qty ?? 0;
  }

  add(p: Pick<ShopProduct, 'id' | 'sku' | 'name' | 'priceCents'>, qty = 1) {
    const current = this.qtyOf(p.id);
    if (current) this.setQty(p.id, current + qty);
    else this.change([...this.lines, { productId: p.id, sku: p.sku, name: p.name, priceCents: p.priceCents, qty: Math.min(MAX_QTY, qty) }]);
  }

  /** whole units from 1 to 999; anything else is ignored (the input shows its own message) */
  setQty(productId: string, qty: number) {
    if (!Number.isInteger(qty) || qty < 1 || qty > MAX_QTY) return;
    this.change(this.lines.map((l) => (l.productId === productId ? { ...l, qty } : l)));
  }

  remove(productId: string) {
    this.change(this.lines.filter((l) => l.productId !== productId));
  }

  /** the shop's current prices and names replace what the cart remembered */
  refresh(products: Pick<ShopProduct, 'id' | 'name' | 'priceCents'>[]) {
    const byId = new Map(products.map((p) => [p.id, p]));
    const next = this.lines.map((l) => {
      const p = byId.get(l.productId);
      return p ? { ...l, name: p.name, priceCents: p.priceCents } : l;
    });
    if (JSON.stringify(next) !== JSON.stringify(this.lines)) this.change(next);
  }

  /** after the order was placed */
  clear() {
    this.change([]);
  }

  private change(lines: CartLine[]) {
    this.lines = lines;
    this.checkoutKey = newKey();
    this.storage?.setItem(CART_KEY, JSON.stringify({ lines, checkoutKey: this.checkoutKey } satisfies Stored));
  }
}

let shared: Cart | null = null;
/** the one cart of this browser tab */
export const shopCart = () => (shared ??= new Cart());
