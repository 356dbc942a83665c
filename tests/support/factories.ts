// Small factories for test data, written straight to PocketBase as superuser.
import { randomBytes } from 'node:crypto';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderLineRecord, OrderRecord, ProductRecord, Role, StaffRecord } from '../../src/lib/server/pocketbase/records';

let seq = 0;
const orderNumberBase = 1_000_000 + (Date.now() % 8_000_000);
const next = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

export async function createStaff(role: Role, overrides: Partial<StaffRecord> = {}) {
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const staff = await pb().collection('staff').create<StaffRecord>({
    email: `${role}-${next()}@packbench.test`,
    name: `${role[0].toUpperCase()}${role.slice(1)} ${seq}`,
    role,
    active: true,
    locale: 'en',
    password,
    passwordConfirm: password,
    ...overrides
  });
  return { staff, password };
}

export async function createProduct(overrides: Partial<ProductRecord> = {}) {
  return pb().collection('products').create<ProductRecord>({
    sku: `SKU-${next()}`,
    name: `Product ${seq}`,
    gtins: [],
    bin: `A-${String(seq).padStart(2, '0')}`,
    price_cents: 1999,
    tax_rate_bp: 1900,
    on_hand: 10,
    reserved: 0,
    active: true,
    ...overrides
  });
}

export async function createOrder(overrides: Partial<OrderRecord> = {}, lines: { product?: ProductRecord; qty: number }[] = [{ qty: 1 }]) {
  // 7 digits, as a packing slip's barcode carries them (pack.findOrder reads up to 7), above
  // the numbers real checkouts draw in tests
  const number = orderNumberBase + ++seq;
  const order = await pb().collection('orders').create<OrderRecord>({
    number,
    channel: 'web',
    status: 'placed',
    payment_status: 'unpaid',
    fulfilment_status: 'unfulfilled',
    payment_method: 'online_banking',
    fulfilment_method: 'ship',
    customer_name: `Customer ${seq}`,
    email: `customer${seq}@example.com`,
    shipping_address: { name: `Customer ${seq}`, street: 'Hauptstraße 1', postcode: '10115', city: 'Berlin', country: 'DE' },
    currency: 'EUR',
    subtotal_cents: 0,
    tax_cents: 0,
    shipping_cents: 0,
    total_cents: 0,
    locale: 'en',
    tracking_token: randomBytes(16).toString('base64url'),
    pay_token: randomBytes(18).toString('base64url'),
    version: 1,
    placed_at: new Date().toISOString(),
    ...overrides
  });
  const created: OrderLineRecord[] = [];
  for (const [i, l] of lines.entries()) {
    const product = l.product ?? (await createProduct());
    created.push(
      await pb().collection('order_lines').create<OrderLineRecord>({
        order: order.id,
        product: product.id,
        sku: product.sku,
        name: product.name,
        unit_price_cents: product.price_cents,
        tax_rate_bp: product.tax_rate_bp,
        qty: l.qty,
        picked: 0,
        shipped: 0,
        returned: 0,
        position: i
      })
    );
  }
  return { order, lines: created };
}

/** A product whose stock came in through the ledger, so on_hand/reserved equal its movements. */
export async function createStockedProduct(onHand: number, overrides: Partial<ProductRecord> = {}) {
  const product = await createProduct({ ...overrides, on_hand: 0, reserved: 0 });
  const { commitOne } = await import('../../src/lib/server/pocketbase/tx');
  if (onHand) await commitOne((uow) => uow.stock({ product: product.id, delta_on_hand: onHand, reason: 'initial' }));
  return { ...product, on_hand: onHand };
}

/** A product with a valid EAN-13 (stored as GTIN-14, like the catalogue does). */
export async function createScannableProduct(overrides: Partial<ProductRecord> = {}) {
  const { ean13 } = await import('../../scripts/lib/demo-data.js');
  const body = `20${String(Date.now() % 1e6).padStart(6, '0')}${String(++seq % 1e4).padStart(4, '0')}`;
  const ean = ean13(body);
  return { product: await createProduct({ gtins: [`0${ean}`], ...overrides }), ean };
}

/** A registered packing tablet and its cookie secret, as a manager would register it. */
export async function createDevice(name = `Tablet ${++seq}`) {
  const { registerDevice } = await import('../../src/lib/server/devices/devices');
  const { staff } = await createStaff('manager');
  return registerDevice(name, staff.id, 'vitest');
}

/** Gives a staff member a PIN (hashed like the managers' screen does). */
export async function setStaffPin(staffId: string, pin: string) {
  const { hashPin } = await import('../../src/lib/server/devices/pin-hash.js');
  await pb().collection('staff').update(staffId, { pin_hash: await hashPin(pin) });
}

/** A caller signed in with a PIN on a registered tablet (the tablet's cookies in its jar). */
export async function unlockTablet(deviceSecret: string, staffId: string, pin: string, ip = '127.0.0.1') {
  const { CookieJar, anonymousCaller } = await import('./caller');
  const { readSession } = await import('../../src/lib/server/auth/sessions');
  const { createCaller } = await import('../../src/lib/server/trpc/root');
  const jar = new CookieJar();
  jar.set('packbench_device', deviceSecret);
  await anonymousCaller(jar, ip).pack.unlock({ staffId, pin });
  const token = jar.get('packbench_session')!;
  const session = await readSession(token);
  if (!session) throw new Error('unlock produced no session');
  return { caller: createCaller({ session, cookies: jar, ip, userAgent: 'vitest' }), session, token, jar };
}
