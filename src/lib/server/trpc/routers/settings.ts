// The settings hub (issue #14): managers and owners edit the shop's details, the shipping fee
// rule and the courier settings in one place; each save goes through defineSetting (merged
// into the stored value under its version, so two saves of different fields both survive).
import { z } from 'zod';
import { shopDetailsInput } from '$lib/shop/details';
import { config } from '../../config';
import { mailConfig } from '../../mail/config';
import { courierSetting } from '../../shipping/settings';
import { shippingSetting, shopSetting } from '../../shop/settings';
import { returnsSetting } from '../../returns/window';
import { managerProcedure, router } from '../trpc';

const cents = z.number({ error: 'Enter an amount' }).int('Whole cents only').min(0, 'Not negative').max(10_000_000, 'Too large');

const shippingInput = z.object({ flatCents: cents, freeFromCents: cents.nullable(), collectCents: cents });

const returnsInput = z.object({
  windowDays: z.number({ error: 'Enter a number of days' }).int('Whole days only').min(0, 'Not negative').max(365, 'At most 365 days').nullable()
});

const couriersInput = z.object({
  defaultCourier: z.enum(['manual', 'sandbox', 'sendcloud']),
  autoDeliveryEmail: z.boolean(),
  notifyOn: z.array(z.enum(['in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned'])).max(5),
  trackingLinkDays: z.number({ error: 'Enter a number of days' }).int('Whole days only').min(1, 'At least 1 day').max(3650, 'At most 3650 days'),
  labelFormat: z.enum(['label4x6', 'a4'])
});

export const settingsRouter = router({
  hub: managerProcedure.query(async () => {
    const [shop, shipping, couriers, returns] = await Promise.all([shopSetting.get(), shippingSetting.get(), courierSetting.get(), returnsSetting.get()]);
    const mail = mailConfig();
    return {
      shop: {
        name: shop.name,
        email: shop.email,
        currency: shop.currency,
        timeZone: shop.timeZone,
        vatId: shop.vatId,
        address: shop.address ?? { name: '', company: '', street: '', postcode: '', city: '', country: '' }
      },
      /** the time zone used while the shop's is empty (SHOP_TIME_ZONE) */
      defaultTimeZone: config().shopTimeZone,
      shipping,
      couriers: {
        defaultCourier: couriers.defaultCourier,
        autoDeliveryEmail: couriers.autoDeliveryEmail,
        notifyOn: couriers.notifyOn,
        trackingLinkDays: couriers.trackingLinkDays,
        labelFormat: couriers.labelFormat
      },
      /** F39: the customer's return window on the tracking page */
      returns,
      mail: { from: mail.from ? String(mail.from) : null, smtp: !!mail.smtpUrl }
    };
  }),

  saveShop: managerProcedure.input(shopDetailsInput).mutation(async ({ input }) => {
    await shopSetting.save(input);
    return { ok: true };
  }),

  saveShipping: managerProcedure.input(shippingInput).mutation(async ({ input }) => {
    await shippingSetting.save(input);
    return { ok: true };
  }),

  saveReturns: managerProcedure.input(returnsInput).mutation(async ({ input }) => {
    await returnsSetting.save(input);
    return { ok: true };
  }),

  saveCouriers: managerProcedure.input(couriersInput).mutation(async ({ input }) => {
    await courierSetting.save(input);
    return { ok: true };
  })
});
