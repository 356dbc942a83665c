// Shared set-up for the documents integration tests: shop settings, paid orders, the counter.
import { pb } from '../../src/lib/server/pocketbase/client';
import { forgetAllSettings } from '../../src/lib/server/settings';
import type { OrderRecord } from '../../src/lib/server/pocketbase/records';
import { createOrder, createProduct } from '../support/factories';

export const SHOP = {
  name: 'Teehaus Test GmbH',
  currency: 'EUR',
  timeZone: 'Europe/Berlin',
  email: 'shop@test.example',
  vatId: 'DE123456789',
  address: { name: 'Teehaus Test GmbH', street: 'Friedrichstraße 100', postcode: '10117', city: 'Berlin', country: 'DE' },
  bankDetails: 'IBAN DE89 3704 0044 0532 0130 00',
  paymentTermsDays: 14
};

/** Writes the 'shop' setting (or removes `without` from it). */
export async function setShop(overrides: Record<string, unknown> = {}, without: string[] = []) {
  const value: Record<string, unknown> = { ...SHOP, ...overrides };
  for (const key of without) delete value[key];
  const existing = await pb().collection('settings').getList(1, 1, { filter: "key = 'shop'" });
  if (existing.items[0]) await pb().collection('settings').update(existing.items[0].id, { value });
  else await pb().collection('settings').create({ key: 'shop', value });
  forgetAllSettings(); // written behind the settings module's back
}

export async function invoiceCounter(): Promise<number> {
  const found = await pb().collection('counters').getList<{ value: number }>(1, 1, { filter: "name = 'invoice_number'" });
  return found.items[0]?.value ?? 0;
}

export async function orderRecord(id: string) {
  return pb().collection('orders').getOne<OrderRecord & { invoice_issued_at: string }>(id);
}

/** A placed order with two lines at known prices (19 % and 7 %), paid by card when `paid`. */
export async function pricedOrder(overrides: Partial<OrderRecord> = {}, { paid = false, bins = ['B-02', 'A-10'] } = {}) {
  const mug = await createProduct({ price_cents: 1290, tax_rate_bp: 1900, bin: bins[0], gtins: ['04006381333931'] });
  const tea = await createProduct({ price_cents: 499, tax_rate_bp: 700, bin: bins[1] });
  const subtotal = 2 * 1290 + 3 * 499;
  const created = await createOrder(
    {
      subtotal_cents: subtotal,
      shipping_cents: 495,
      total_cents: subtotal + 495,
      payment_method: paid ? 'card' : 'online_banking',
      payment_status: paid ? 'paid' : 'unpaid',
      ...overrides
    },
    [
      { product: mug, qty: 2 },
      { product: tea, qty: 3 }
    ]
  );
  if (paid) {
    await pb().collection('payments').create({
      order: created.order.id, method: 'card', amount_cents: subtotal + 495, currency: 'EUR', status: 'succeeded',
      provider: 'sandbox', provider_event_id: `evt_${created.order.id}`, bank_reference: `SBX-${created.order.number}`
    });
    await pb().collection('payments').create({
      order: created.order.id, method: 'card', amount_cents: subtotal + 495, currency: 'EUR', status: 'failed', provider: 'sandbox'
    });
  }
  return { ...created, mug, tea, totalCents: subtotal + 495 };
}
