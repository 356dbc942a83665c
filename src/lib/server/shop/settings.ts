// The shop's own settings: key 'shop' (who the seller is, currency, language, time zone; the
// documents print it, checkout and mail read it) and key 'shipping' (the fee rule). The one
// ShopSettings type and its defaults; read through the settings module's cache.
import { z } from 'zod';
import { locale } from '$lib/i18n/locales';
import { config } from '../config';
import { defineSetting } from '../settings';
import type { Address } from '../pocketbase/records';

const cents = z.number().int().min(0);
const text = z.string();

const addressSchema = z.object({ name: text, company: text.optional(), street: text, postcode: text, city: text, country: text });

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const shopSettingsSchema = z.object({
  name: text,
  /** where order notifications for the merchant go; empty = none */
  email: text,
  currency: z.string().length(3),
  locale: locale,
  /** the shop's calendar (payment deadlines, dates on documents); empty = SHOP_TIME_ZONE */
  timeZone: z.string().refine(validTimeZone),
  phone: text,
  vatId: text,
  address: addressSchema.nullable(),
  bankDetails: text,
  /** null = not set: documents print no payment term */
  paymentTermsDays: z.number().int().min(0).max(365).nullable(),
  openingHours: text
});
export type ShopSettings = z.infer<typeof shopSettingsSchema> & { address: Address | null };

export const DEFAULT_SHOP: ShopSettings = {
  name: 'Packbench',
  email: '',
  currency: 'EUR',
  locale: 'en',
  timeZone: '',
  phone: '',
  vatId: '',
  address: null,
  bankDetails: '',
  paymentTermsDays: null,
  openingHours: ''
};

export const shopSetting = defineSetting('shop', shopSettingsSchema, DEFAULT_SHOP);

/** The time zone the shop's calendar runs in. */
export const shopTimeZone = (shop: ShopSettings) => shop.timeZone || config().shopTimeZone;

/** Shipping fee rule: a flat fee, free from a goods total, Click & Collect has its own fee. */
export const shippingRuleSchema = z.object({
  flatCents: cents,
  /** goods total (gross) from which shipping is free; null = never free */
  freeFromCents: cents.nullable(),
  collectCents: cents
});
export type ShippingRule = z.infer<typeof shippingRuleSchema>;

export const DEFAULT_SHIPPING: ShippingRule = { flatCents: 495, freeFromCents: 5000, collectCents: 0 };

export const shippingSetting = defineSetting('shipping', shippingRuleSchema, DEFAULT_SHIPPING);

/** Read often by checkout, so cached; a change in the dashboard applies within seconds. */
export async function shopSettings(): Promise<{ shop: ShopSettings; shipping: ShippingRule }> {
  const [shop, shipping] = await Promise.all([shopSetting.get(), shippingSetting.get()]);
  return { shop, shipping };
}

/** Tests and the settings screen: read again on the next call. */
export function forgetShopSettings() {
  shopSetting.forget();
  shippingSetting.forget();
}

export function shippingFee(rule: ShippingRule, method: 'ship' | 'collect', goodsCents: number): number {
  if (method === 'collect') return rule.collectCents;
  if (rule.freeFromCents !== null && goodsCents >= rule.freeFromCents) return 0;
  return rule.flatCents;
}
