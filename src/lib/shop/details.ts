// The shop's details as the first run and the settings hub edit them (issue #14): who sells,
// where, in which currency and time zone. Stored in the 'shop' setting (server/shop/settings.ts).
import { z } from 'zod';

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function isCurrency(code: string): boolean {
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return /^[A-Z]{3}$/.test(code);
  } catch {
    return false;
  }
}

const required = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);

export const shopAddressInput = z.object({
  name: required(200),
  company: z.string().trim().max(200).optional(),
  street: required(200),
  postcode: required(20),
  city: required(100),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'Two-letter country code, e.g. DE')
});

export const shopDetailsInput = z.object({
  name: required(120),
  email: z.union([z.literal(''), z.email('Enter an e-mail address like shop@example.com').max(200)]),
  currency: z.string().trim().toUpperCase().refine(isCurrency, 'A currency code such as EUR, GBP or USD'),
  timeZone: z.string().trim().refine(isTimeZone, 'A time zone such as Europe/Berlin'),
  vatId: z.string().trim().max(40, 'At most 40 characters'),
  address: shopAddressInput
});
export type ShopDetailsInput = z.input<typeof shopDetailsInput>;

export const ownerInput = z.object({
  name: required(120),
  email: z.string().trim().toLowerCase().pipe(z.email('Enter an e-mail address like name@example.com').max(200)),
  password: z.string().min(10, 'At least 10 characters').max(200, 'At most 200 characters'),
  locale: z.enum(['en', 'de']).default('en')
});

export const firstRunInput = z.object({ owner: ownerInput, shop: shopDetailsInput });
export type FirstRunInput = z.input<typeof firstRunInput>;
