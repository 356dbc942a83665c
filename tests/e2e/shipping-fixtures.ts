// E2E data for the shipping tests, written through the real PocketBase as superuser: fresh
// products and a packed order with its stock reserved through the ledger, so the tests never
// depend on (or disturb) the demo orders other E2E files use.
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { useBrowser } from '../support/browser';
import type PocketBase from 'pocketbase';
import type { RecordModel } from 'pocketbase';
import { superuser } from '../support/browser';

export { superuser, useBrowser };



const tx = (pb: PocketBase, ops: unknown[]) => pb.send<{ results: unknown[] }>('/api/packbench/tx', { method: 'POST', body: { ops } });

let seq = 0;
const total = (qty: number[]) => qty.reduce((a, b) => a + b, 0);

/**
 * A placed, packed order with `lines` (qty each, 9.90 each), for shipping or Click & Collect:
 * paid, or (`unpaid`) with its total and a pay link for the card gateway's page.
 */
export async function packedOrder(pb: PocketBase, lines: number[], method: 'ship' | 'collect' = 'ship', payment: 'paid' | 'unpaid' = 'paid') {
  const tag = `${Date.now().toString(36)}${++seq}`;
  const products = [];
  for (const [i] of lines.entries()) {
    const p = await pb.collection('products').create({ sku: `E2E-${tag}-${i}`, name: `E2E Tee ${tag} ${i + 1}`, gtins: [], bin: 'Z-99-1', price_cents: 990, tax_rate_bp: 1900, weight_g: 300, on_hand: 0, reserved: 0, active: true });
    await tx(pb, [{ op: 'stock', product: p.id, delta_on_hand: 20, reason: 'initial' }]);
    products.push(p);
  }
  const counter = await tx(pb, [{ op: 'counter', name: 'order_number', as: 'n' }]);
  const number = counter.results[0] as number;
  const order = await pb.collection('orders').create({
    number, channel: 'web', status: 'placed', payment_status: payment, fulfilment_status: 'packed', payment_method: 'card', fulfilment_method: method,
    customer_name: `E2E Kundin ${tag}`, email: `e2e-${tag}@example.com`, phone: '+49 30 5550100',
    shipping_address: method === 'ship' ? { name: `E2E Kundin ${tag}`, street: 'Lindenstraße 12', postcode: '10969', city: 'Berlin', country: 'DE' } : null,
    ...(payment === 'unpaid'
      ? { subtotal_cents: 990 * total(lines), total_cents: 990 * total(lines), pay_token: randomBytes(18).toString('base64url') }
      : { subtotal_cents: 0, total_cents: 0 }),
    currency: 'EUR', tax_cents: 0, shipping_cents: 0, locale: 'en',
    tracking_token: randomBytes(18).toString('base64url'), version: 1, placed_at: new Date().toISOString()
  });
  const created = [];
  for (const [i, qty] of lines.entries()) {
    const line = await pb.collection('order_lines').create({
      order: order.id, product: products[i].id, sku: products[i].sku, name: products[i].name, unit_price_cents: 990, tax_rate_bp: 1900, qty, picked: qty, shipped: 0, returned: 0, position: i
    });
    await tx(pb, [{ op: 'stock', product: products[i].id, delta_reserved: qty, reason: 'order_placed', order: order.id, order_line: line.id }]);
    created.push(line);
  }
  return { order, number, lines: created, products };
}

/** on_hand/reserved of a product against the sums of its ledger rows. */
export async function stockAndLedger(pb: PocketBase, productId: string) {
  const p = await pb.collection('products').getOne(productId);
  const rows = await pb.collection('stock_movements').getFullList({ filter: `product = '${productId}'` });
  return {
    stock: { on_hand: p.on_hand as number, reserved: p.reserved as number },
    ledger: { on_hand: rows.reduce((s, r) => s + r.delta_on_hand, 0), reserved: rows.reduce((s, r) => s + r.delta_reserved, 0) }
  };
}

/** The customer pays `order` on the sandbox card gateway's page (its pay link), as a shopper's browser does. */
export async function payByCard(browser: Browser, baseUrl: string, order: { pay_token: string; total_cents: number } | RecordModel) {
  const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(order.total_cents / 100);
  const pay = await (await browser.newContext()).newPage();
  await pay.goto(`${baseUrl}/pay/${order.pay_token}`);
  await pay.getByLabel('Name on card').fill('Erika Mustermann');
  await pay.getByLabel('Card number').fill('4242424242424242');
  await pay.getByLabel('Expiry (MM/YY)').fill('12/39');
  await pay.getByLabel('Security code (CVC)').fill('123');
  await pay.getByRole('button', { name: `Pay ${money}` }).click();
  await pay.getByTestId('checkout-succeeded').waitFor();
  await pay.context().close();
}

/** Every line of a packed order shipped (one unit each), as the courier desk leaves it. */
export async function shipAll(pb: PocketBase, order: { id: string }, lines: { id: string }[], products: { id: string }[]) {
  await tx(pb, [
    ...lines.flatMap((l, i) => [
      { op: 'increment', collection: 'order_lines', id: l.id, field: 'shipped', by: 1, maxField: 'picked' },
      { op: 'stock', product: products[i].id, delta_on_hand: -1, delta_reserved: -1, reason: 'shipped', order: order.id, order_line: l.id }
    ]),
    { op: 'update', collection: 'orders', id: order.id, body: { fulfilment_status: 'shipped', status: 'completed' } }
  ]);
}
