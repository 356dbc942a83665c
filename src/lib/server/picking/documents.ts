// The plain data for the two documents printed at the bench: the open order's packing slip and
// a batch's pick list. The tablet draws them itself (lazily loaded documents module); the data
// carries nothing a packer may not see: no prices, payments, e-mail or phone.
import type { DocumentInput, Locale, PickListInput, ShopInfo } from '$lib/documents';
import { collection, filterValue } from '../pocketbase/client';

import { loadShop } from '../mail/document-input';
import { buildBatch } from './batch';
import { getOrderForPacking, packLines } from './views';

/** The shop's letterhead without bank details or VAT id: a packing slip needs neither. */
async function benchShop(): Promise<ShopInfo> {
  const shop = await loadShop();
  return { name: shop.name, address: shop.address, timeZone: shop.timeZone, currency: shop.currency, openingHours: shop.openingHours, email: shop.email, phone: shop.phone };
}

export async function packingSlipInput(orderId: string, locale: Locale): Promise<DocumentInput> {
  const [shop, order, lines, notes] = await Promise.all([
    benchShop(),
    getOrderForPacking(orderId),
    packLines(orderId),
    collection('order_notes').getFullList({ filter: `order = ${filterValue(orderId)} && visibility = 'packing'`, sort: 'created' })
  ]);
  const a = order.shipping_address;
  const address = a && a.street ? { name: a.name, company: a.company || undefined, street: a.street, postcode: a.postcode, city: a.city, country: a.country } : null;
  return {
    shop,
    locale,
    format: 'a4',
    order: {
      number: order.number,
      placedAt: (order.placed_at || order.created).replace(' ', 'T'),
      customerName: order.customer_name,
      shippingAddress: address,
      billingAddress: null,
      fulfilmentMethod: order.fulfilment_method,
      currency: order.currency,
      shippingCents: 0,
      notes: notes.map((n) => n.body)
    },
    lines: lines.map((l) => ({ sku: l.sku, name: l.name, qty: l.qty, unitPriceCents: 0, taxRateBp: 0, bin: l.bin || undefined, gtin: l.gtins[0]?.replace(/^0/, '') })),
  };
}

export async function pickListInput(orderIds: string[], locale: Locale): Promise<PickListInput> {
  const [shop, batch] = await Promise.all([benchShop(), buildBatch(orderIds, { skipDone: true })]);
  return {
    shop,
    locale,
    format: 'a4',
    totes: batch.totes.map((t) => ({ tote: t.tote, orderNumber: t.number, customerName: t.shipToName })),
    items: batch.items.map((i) => ({ bin: i.bin, sku: i.sku, name: i.name, gtin: i.gtins[0]?.replace(/^0/, ''), picks: i.picks.map((p) => ({ tote: p.tote, qty: p.qty })) }))
  };
}
