// The 'couriers' setting (the courier desk and tracking e-mails) and the sandbox courier's
// signing secret, generated once per install. Environment: see docs/shipping.md.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defineSecret, defineSetting } from '../settings';
import type { CourierName, ShipmentStatus } from './records';

export const COURIER_SETTINGS_KEY = 'couriers';

const settingsSchema = z.object({
  /** the courier the desk offers first for orders without a parcel yet */
  defaultCourier: z.enum(['manual', 'sandbox', 'sendcloud']),
  /** send the delivery e-mail (F20) as soon as a parcel has a tracking number */
  autoDeliveryEmail: z.boolean(),
  /** courier statuses that e-mail the customer again (topic 'delivery', with the status) */
  notifyOn: z.array(z.enum(['in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned'])),
  /** how long the customer's tracking link works after the order was placed */
  trackingLinkDays: z.number().int().min(1).max(3650),
  /** the sandbox courier's pace: time between two tracking events of a parcel; null = SANDBOX_STEP_MS */
  sandboxStepMs: z.number().int().min(50).max(86_400_000).nullable(),
  /** the paper the desk prints labels on unless told otherwise */
  labelFormat: z.enum(['label4x6', 'a4'])
});

export type CourierSettings = z.infer<typeof settingsSchema> & { notifyOn: ShipmentStatus[]; defaultCourier: CourierName };

export const DEFAULT_COURIER_SETTINGS: CourierSettings = {
  defaultCourier: 'sandbox',
  autoDeliveryEmail: true,
  notifyOn: [],
  trackingLinkDays: 180,
  sandboxStepMs: null,
  labelFormat: 'label4x6'
};

export const courierSetting = defineSetting(COURIER_SETTINGS_KEY, settingsSchema, DEFAULT_COURIER_SETTINGS);

export const parseCourierSettings = (value: unknown): CourierSettings => courierSetting.parse(value);
export const courierSettings = (): Promise<CourierSettings> => courierSetting.get();
export const saveCourierSettings = (patch: Partial<CourierSettings>): Promise<CourierSettings> => courierSetting.save(patch);
export const forgetCourierSettings = () => courierSetting.forget();

const secret = defineSecret('sandbox_courier', 'secret', () => randomBytes(32).toString('base64url'));

/** The sandbox courier's HMAC secret: created on first use, the same for every later start. */
export const sandboxSecret = (): Promise<string> => secret.get();

/** Tests that switch PocketBase instances. */
export const forgetSandboxSecret = () => secret.forget();
