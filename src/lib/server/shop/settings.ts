// The shop's own settings (settings collection, keys 'shop' and 'shipping'), read often by
// checkout, so kept for a few seconds; a change in the dashboard applies within that time.
import { filterValue, pb } from '../pocketbase/client';
import type { Locale } from '../pocketbase/records';

export interface ShopSettings {
  name: string;
  /** where order notifications for the merchant go; empty = none */
  email: string;
  currency: string;
  locale: Locale;
}

/** Shipping fee rule: a flat fee, free from a goods total, Click & Collect has its own fee. */
export interface ShippingRule {
  flatCents: number;
  /** goods total (gross) from which shipping is free; null = never free */
  freeFromCents: number | null;
  collectCents: number;
}

export const DEFAULT_SHIPPING: ShippingRule = { flatCents: 495, freeFromCents: 5000, collectCents: 0 };
const DEFAULT_SHOP: ShopSettings = { name: 'Packbench', email: '', currency: 'EUR', locale: 'en' };
const TTL_MS = 5_000;

let cached: { at: number; value: Promise<{ shop: ShopSettings; shipping: ShippingRule }> } | null = null;

async function read(key: string): Promise<Record<string, unknown> | null> {
  const res = await pb().collection('settings').getList<{ value: Record<string, unknown> | null }>(1, 1, { filter: `key = ${filterValue(key)}` });
  return res.items[0]?.value ?? null;
}

const int = (v: unknown, fallback: number) => (Number.isInteger(v) && (v as number) >= 0 ? (v as number) : fallback);

async function load() {
  const [shop, shipping] = await Promise.all([read('shop'), read('shipping')]);
  return {
    shop: {
      name: typeof shop?.name === 'string' ? shop.name : DEFAULT_SHOP.name,
      email: typeof shop?.email === 'string' ? shop.email : DEFAULT_SHOP.email,
      currency: typeof shop?.currency === 'string' && shop.currency.length === 3 ? shop.currency : DEFAULT_SHOP.currency,
      locale: shop?.locale === 'de' || shop?.locale === 'en' ? shop.locale : DEFAULT_SHOP.locale
    },
    shipping: {
      flatCents: int(shipping?.flatCents, DEFAULT_SHIPPING.flatCents),
      freeFromCents: shipping && shipping.freeFromCents === null ? null : int(shipping?.freeFromCents, DEFAULT_SHIPPING.freeFromCents!),
      collectCents: int(shipping?.collectCents, DEFAULT_SHIPPING.collectCents)
    }
  };
}

export function shopSettings(now = Date.now()) {
  if (!cached || now - cached.at > TTL_MS) {
    const value = load();
    cached = { at: now, value };
    value.catch(() => (cached = null));
  }
  return cached.value;
}

/** Tests and the settings screen: read again on the next call. */
export function forgetShopSettings() {
  cached = null;
}

export function shippingFee(rule: ShippingRule, method: 'ship' | 'collect', goodsCents: number): number {
  if (method === 'collect') return rule.collectCents;
  if (rule.freeFromCents !== null && goodsCents >= rule.freeFromCents) return 0;
  return rule.flatCents;
}
