// Payment settings (settings key 'payments'), edited by managers: business days until an
// unpaid order is cancelled per payment method, the shop's holidays, whether the customer
// is told, and whether receipts go out automatically. The calendar's time zone is the
// shop's (settings key 'shop' -> timeZone, else SHOP_TIME_ZONE, else Europe/Berlin).
import { z } from 'zod';
import { config } from '../config';
import { filterValue, pb } from '../pocketbase/client';
import type { PaymentMethod } from '../pocketbase/records';
import { HOLIDAY_FORMAT, isRealHoliday } from '../../components/payments/holidays';
import type { ShopCalendar } from './business-days';

export const PAYMENT_METHODS = ['card', 'online_banking', 'cheque', 'cash'] as const satisfies readonly PaymentMethod[];
const KEY = 'payments';

const rule = z.object({
  enabled: z.boolean(),
  businessDays: z.number().int('Whole days only').min(0, 'At least 0').max(60, 'At most 60')
});

export const paymentSettingsSchema = z.object({
  autoCancel: z.object({ card: rule, online_banking: rule, cheque: rule, cash: rule }),
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
  holidays: [],
  notifyCustomerOnCancel: true,
  receipt: 'automatic'
};

interface SettingRow {
  id: string;
  key: string;
  value: unknown;
}

async function readRow(key: string): Promise<SettingRow | null> {
  const res = await pb().collection('settings').getList<SettingRow>(1, 1, { filter: `key = ${filterValue(key)}` });
  return res.items[0] ?? null;
}

export interface PaymentConfig {
  settings: PaymentSettings;
  calendar: ShopCalendar;
}

const TTL_MS = 5_000;
let cached: { at: number; value: Promise<PaymentConfig> } | null = null;

async function load(): Promise<PaymentConfig> {
  const [row, shop] = await Promise.all([readRow(KEY), readRow('shop')]);
  // a stored value from an older version keeps what it has and takes defaults for the rest
  const stored = (row?.value ?? {}) as Partial<PaymentSettings>;
  const merged = {
    ...DEFAULT_PAYMENT_SETTINGS,
    ...stored,
    autoCancel: { ...DEFAULT_PAYMENT_SETTINGS.autoCancel, ...(stored.autoCancel ?? {}) }
  };
  const parsed = paymentSettingsSchema.safeParse(merged);
  const settings = parsed.success ? parsed.data : DEFAULT_PAYMENT_SETTINGS;
  const tz = (shop?.value as { timeZone?: unknown } | null)?.timeZone;
  const timeZone = typeof tz === 'string' && validTimeZone(tz) ? tz : config().shopTimeZone;
  return { settings, calendar: { timeZone, holidays: settings.holidays } };
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Read often (queue, scheduler, every payment), so kept for a few seconds. */
export function paymentConfig(now = Date.now()): Promise<PaymentConfig> {
  if (!cached || now - cached.at > TTL_MS) {
    const value = load();
    cached = { at: now, value };
    value.catch(() => (cached = null));
  }
  return cached.value;
}

export function forgetPaymentConfig() {
  cached = null;
}

export async function savePaymentSettings(value: PaymentSettings): Promise<PaymentSettings> {
  const clean = { ...value, holidays: [...new Set(value.holidays)].sort() };
  const existing = await readRow(KEY);
  if (existing) await pb().collection('settings').update(existing.id, { value: clean });
  else {
    try {
      await pb().collection('settings').create({ key: KEY, value: clean });
    } catch (e) {
      // someone else created the row a moment ago (unique key): update it instead
      const raced = await readRow(KEY);
      if (!raced) throw e;
      await pb().collection('settings').update(raced.id, { value: clean });
    }
  }
  forgetPaymentConfig();
  return clean;
}
