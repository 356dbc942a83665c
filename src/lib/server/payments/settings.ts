// Payment settings (settings key 'payments'), edited by managers: business days until an
// unpaid order is cancelled per payment method, the shop's holidays, whether the customer
// is told, and whether receipts go out automatically. The calendar's time zone is the
// shop's (settings key 'shop' -> timeZone, else SHOP_TIME_ZONE, else Europe/Berlin). A stored
// value from an older version keeps what it has and takes defaults for the rest.
import { z } from 'zod';
import { defineSetting } from '../settings';
import { shopSetting, shopTimeZone } from '../shop/settings';
import type { PaymentMethod } from '../pocketbase/records';
import { HOLIDAY_FORMAT, isRealHoliday } from '../../payments/holidays';
import type { ShopCalendar } from './business-days';

export const PAYMENT_METHODS = ['card', 'online_banking', 'cheque', 'cash'] as const satisfies readonly PaymentMethod[];
const KEY = 'payments';

const rule = z.object({
  enabled: z.boolean(),
  businessDays: z.number().int('Whole days only').min(0, 'At least 0').max(60, 'At most 60')
});

// #12 finding 3: how long an unpaid web order holds its stock, per payment method
const hold = z.object({
  enabled: z.boolean(),
  hours: z.number().int('Whole hours only').min(1, 'At least 1').max(720, 'At most 720 (30 days)')
});

export const paymentSettingsSchema = z.object({
  autoCancel: z.object({ card: rule, online_banking: rule, cheque: rule, cash: rule }),
  reservationHold: z.object({ card: hold, online_banking: hold, cheque: hold, cash: hold }),
  holidays: z
    .array(z.string().trim().regex(HOLIDAY_FORMAT, 'YYYY-MM-DD, or MM-DD for every year').refine((h) => !HOLIDAY_FORMAT.test(h) || isRealHoliday(h), 'Not a date'))
    .max(300),
  notifyCustomerOnCancel: z.boolean(),
  receipt: z.enum(['automatic', 'manual'])
});
export type PaymentSettings = z.infer<typeof paymentSettingsSchema>;

export const DEFAULT_PAYMENT_SETTINGS: PaymentSettings = {
  autoCancel: {
    card: { enabled: true, businessDays: 1 },
    online_banking: { enabled: true, businessDays: 7 },
    cheque: { enabled: true, businessDays: 10 },
    // cash is paid at collection
    cash: { enabled: false, businessDays: 10 }
  },
  // a card is paid during checkout; a transfer or a cheque takes days; cash is paid at collection
  reservationHold: {
    card: { enabled: true, hours: 2 },
    online_banking: { enabled: true, hours: 72 },
    cheque: { enabled: true, hours: 120 },
    cash: { enabled: false, hours: 72 }
  },
  holidays: [],
  notifyCustomerOnCancel: true,
  receipt: 'automatic'
};

export const paymentsSetting = defineSetting(KEY, paymentSettingsSchema, DEFAULT_PAYMENT_SETTINGS);

export interface PaymentConfig {
  settings: PaymentSettings;
  calendar: ShopCalendar;
}

/** Read often (queue, scheduler, every payment): both settings come from the settings cache. */
export async function paymentConfig(): Promise<PaymentConfig> {
  const [settings, shop] = await Promise.all([paymentsSetting.get(), shopSetting.get()]);
  return { settings, calendar: { timeZone: shopTimeZone(shop), holidays: settings.holidays } };
}

export function forgetPaymentConfig() {
  paymentsSetting.forget();
  shopSetting.forget();
}

export async function savePaymentSettings(value: PaymentSettings): Promise<PaymentSettings> {
  const clean = { ...value, holidays: [...new Set(value.holidays)].sort() };
  await paymentsSetting.save(clean);
  return clean;
}
