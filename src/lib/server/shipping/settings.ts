// The 'couriers' setting (the courier desk and tracking e-mails) and the sandbox courier's
// signing secret, generated once per install. Environment: see docs/shipping.md.
import { randomBytes } from 'node:crypto';
import { ClientResponseError } from 'pocketbase';
import { z } from 'zod';
import { filterValue, isNotFound, pb } from '../pocketbase/client';
import type { CourierName, ShipmentStatus } from './records';

export const COURIER_SETTINGS_KEY = 'couriers';
const SANDBOX_SECRET_KEY = 'sandbox_courier';
const TTL_MS = 5_000;

const settingsSchema = z.object({
  /** the courier the desk offers first for orders without a parcel yet */
  defaultCourier: z.enum(['manual', 'sandbox', 'sendcloud']).catch('sandbox'),
  /** send the delivery e-mail (F20) as soon as a parcel has a tracking number */
  autoDeliveryEmail: z.boolean().catch(true),
  /** courier statuses that e-mail the customer again (topic 'delivery', with the status) */
  notifyOn: z.array(z.enum(['in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned'])).catch([]),
  /** how long the customer's tracking link works after the order was placed */
  trackingLinkDays: z.number().int().min(1).max(3650).catch(180),
  /** the sandbox courier's pace: time between two tracking events of a parcel */
  sandboxStepMs: z.number().int().min(50).max(86_400_000).nullable().catch(null),
  /** the paper the desk prints labels on unless told otherwise */
  labelFormat: z.enum(['label4x6', 'a4']).catch('label4x6')
});

export type CourierSettings = z.infer<typeof settingsSchema> & { notifyOn: ShipmentStatus[]; defaultCourier: CourierName };

let cached: { at: number; value: Promise<CourierSettings> } | null = null;

async function readSetting<T>(key: string): Promise<{ id: string; value: T } | null> {
  try {
    return await pb().collection('settings').getFirstListItem<{ id: string; value: T }>(`key = ${filterValue(key)}`);
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

export function parseCourierSettings(value: unknown): CourierSettings {
  return settingsSchema.parse({ ...((value as object | null) ?? {}) }) as CourierSettings;
}

export function courierSettings(now = Date.now()): Promise<CourierSettings> {
  if (!cached || now - cached.at > TTL_MS) {
    const value = readSetting<unknown>(COURIER_SETTINGS_KEY).then((r) => parseCourierSettings(r?.value));
    cached = { at: now, value };
    value.catch(() => (cached = null));
  }
  return cached.value;
}

export async function saveCourierSettings(patch: Partial<CourierSettings>): Promise<CourierSettings> {
  const existing = await readSetting<unknown>(COURIER_SETTINGS_KEY);
  const value = parseCourierSettings({ ...((existing?.value as object | null) ?? {}), ...patch });
  if (existing) await pb().collection('settings').update(existing.id, { value });
  else await pb().collection('settings').create({ key: COURIER_SETTINGS_KEY, value });
  cached = null;
  return value;
}

export function forgetCourierSettings() {
  cached = null;
}

let secret: Promise<string> | null = null;

/** The sandbox courier's HMAC secret: created on first use, the same for every later start. */
export function sandboxSecret(): Promise<string> {
  secret ??= (async () => {
    const found = await readSetting<{ secret?: string }>(SANDBOX_SECRET_KEY);
    if (found?.value?.secret) return found.value.secret;
    const fresh = randomBytes(32).toString('base64url');
    try {
      await pb().collection('settings').create({ key: SANDBOX_SECRET_KEY, value: { secret: fresh } });
      return fresh;
    } catch (e) {
      // another process created it first (unique key): use theirs
      if (!(e instanceof ClientResponseError && e.status === 400)) throw e;
      const raced = await readSetting<{ secret?: string }>(SANDBOX_SECRET_KEY);
      if (!raced?.value?.secret) throw e;
      return raced.value.secret;
    }
  })();
  secret.catch(() => (secret = null));
  return secret;
}

/** Tests that switch PocketBase instances. */
export function forgetSandboxSecret() {
  secret = null;
}
