// Issue #14: the settings hub. Managers and owners change the shop's details, the shipping
// fees and the courier settings in the app; office staff and packers cannot.
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { courierSetting } from '../../src/lib/server/shipping/settings';
import { shippingSetting, shopSetting } from '../../src/lib/server/shop/settings';
import { signedInCaller } from '../support/caller';
import { createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

let manager: Awaited<ReturnType<typeof signedInCaller>>;
beforeAll(async () => {
  const m = await createStaff('manager');
  manager = await signedInCaller(m.staff.email, m.password);
});

async function errorOf(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError & { cause: { issues?: { path: (string | number)[] }[] } };
}

const details = {
  name: 'Laden Nord',
  email: 'laden@example.com',
  currency: 'chf',
  timeZone: 'Europe/Zurich',
  vatId: 'CHE-123.456.789',
  address: { name: 'Laden Nord', street: 'Gasse 2', postcode: '8001', city: 'Zürich', country: 'ch' }
};

describe('#14 settings hub', () => {
  it('a manager saves the shop details, shipping fees and courier settings; all three saves at once survive', async () => {
    await Promise.all([
      manager.caller.settings.saveShop(details),
      manager.caller.settings.saveShipping({ flatCents: 690, freeFromCents: null, collectCents: 100 }),
      manager.caller.settings.saveCouriers({ defaultCourier: 'manual', autoDeliveryEmail: false, notifyOn: ['delivered'], trackingLinkDays: 30, labelFormat: 'a4' })
    ]);
    shopSetting.forget();
    shippingSetting.forget();
    courierSetting.forget();
    expect(await shopSetting.get()).toMatchObject({ name: 'Laden Nord', currency: 'CHF', timeZone: 'Europe/Zurich', address: { country: 'CH', city: 'Zürich' } });
    expect(await shippingSetting.get()).toEqual({ flatCents: 690, freeFromCents: null, collectCents: 100 });
    expect(await courierSetting.get()).toMatchObject({ defaultCourier: 'manual', autoDeliveryEmail: false, notifyOn: ['delivered'], trackingLinkDays: 30, labelFormat: 'a4' });
    const hub = await manager.caller.settings.hub();
    expect(hub.shop.vatId).toBe('CHE-123.456.789');
    expect(hub.couriers.trackingLinkDays).toBe(30);
  });

  it('refuses a bad time zone, currency or fee by field and changes nothing', async () => {
    const e = await errorOf(manager.caller.settings.saveShop({ ...details, name: 'Other', timeZone: 'Moon/Base', currency: 'EURO' }));
    expect(e.cause.issues?.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['timeZone', 'currency']));
    expect((await errorOf(manager.caller.settings.saveShipping({ flatCents: -1, freeFromCents: null, collectCents: 0 }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(manager.caller.settings.saveCouriers({ defaultCourier: 'manual', autoDeliveryEmail: true, notifyOn: [], trackingLinkDays: 0, labelFormat: 'a4' }))).code).toBe('BAD_REQUEST');
    shopSetting.forget();
    expect((await shopSetting.get()).name).toBe('Laden Nord');
  });

  it('office staff and packers reach none of it', async () => {
    for (const role of ['office', 'packer'] as const) {
      const { staff, password } = await createStaff(role);
      const { caller } = await signedInCaller(staff.email, password);
      for (const call of [caller.settings.hub(), caller.settings.saveShop(details), caller.settings.saveShipping({ flatCents: 1, freeFromCents: null, collectCents: 0 })]) {
        expect((await errorOf(call)).code).toBe('FORBIDDEN');
      }
    }
  });
});
