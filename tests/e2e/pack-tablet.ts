// E2E helpers for the packing tablet: fresh paid orders of demo products (so tests never touch
// the demo orders others use), registering a tablet the way a manager does, unlocking with a PIN,
// and a hand scanner that types a code and Enter as fast as a real one.
import { randomBytes } from 'node:crypto';
import PocketBase from 'pocketbase';
import type { Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { demoPin, hashPin } from '../../src/lib/server/devices/pin-hash.js';

export const baseUrl = () => inject('baseUrl');

// the shipping desk's E2E fixtures already sign in to PocketBase as superuser
export { superuser } from './shipping-fixtures';

const tx = (pb: PocketBase, ops: unknown[]) => pb.send<{ results: unknown[] }>('/api/packbench/tx', { method: 'POST', body: { ops } });

/** A placed, paid order of demo products (by SKU), stock reserved through the ledger. */
export async function paidOrder(pb: PocketBase, lines: { sku: string; qty: number }[]) {
  const tag = randomBytes(4).toString('hex');
  const number = (await tx(pb, [{ op: 'counter', name: 'order_number', as: 'n' }])).results[0] as number;
  const order = await pb.collection('orders').create({
    number, channel: 'web', status: 'placed', payment_status: 'paid', fulfilment_status: 'unfulfilled', payment_method: 'card', fulfilment_method: 'ship',
    customer_name: `Packtest ${tag}`, email: `pack-${tag}@example.com`, phone: '+49 30 5550199',
    shipping_address: { name: `Packtest ${tag}`, street: 'Lindenstraße 12', postcode: '10969', city: 'Berlin', country: 'DE' },
    currency: 'EUR', subtotal_cents: 0, tax_cents: 0, shipping_cents: 0, total_cents: 0, locale: 'en',
    tracking_token: randomBytes(18).toString('base64url'), version: 1, placed_at: new Date().toISOString()
  });
  const created = [];
  for (const [i, l] of lines.entries()) {
    const product = await pb.collection('products').getFirstListItem(`sku = '${l.sku}'`);
    const line = await pb.collection('order_lines').create({
      order: order.id, product: product.id, sku: product.sku, name: product.name, unit_price_cents: product.price_cents, tax_rate_bp: product.tax_rate_bp, qty: l.qty, picked: 0, shipped: 0, returned: 0, position: i
    });
    await tx(pb, [{ op: 'stock', product: product.id, delta_reserved: l.qty, reason: 'order_placed', order: order.id, order_line: line.id }]);
    created.push({ line, product, ean: (product.gtins as string[])[0].slice(1) });
  }
  return { order, number, lines: created };
}

/** Another packer with a PIN, as a manager would set it up. */
export async function createPacker(pb: PocketBase, name: string, pin: string) {
  const password = `pw-${randomBytes(8).toString('hex')}`;
  return pb.collection('staff').create({
    email: `${name.toLowerCase().replace(/\W+/g, '.')}.${randomBytes(3).toString('hex')}@packbench.test`,
    name, role: 'packer', active: true, locale: 'en', password, passwordConfirm: password, pin_hash: await hashPin(pin)
  });
}

export const demoPackerPin = () => demoPin(inject('demo').packer.password);

/** The manager signs in on the tablet, registers it and hands it over to the packers. */
export async function registerTablet(page: Page, name: string) {
  const manager = inject('demo').manager;
  await page.goto(`${baseUrl()}/signin?next=/pack/setup`);
  await page.getByLabel(/e-mail/i).fill(manager.email);
  await page.getByLabel(/password/i).fill(manager.password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL(/\/pack\/setup/);
  await page.getByLabel('Tablet name').first().fill(name);
  await page.getByRole('button', { name: 'Register this tablet' }).click();
  await page.getByTestId('this-tablet').waitFor();
}

export async function handOver(page: Page) {
  await page.getByRole('button', { name: 'Lock and hand over to packers' }).click();
  await page.getByTestId('lock-screen').waitFor();
}

/** Two taps and a PIN: the name, then the PIN (typed on the keypad). */
export async function unlock(page: Page, name: string, pin: string) {
  await page.getByRole('button', { name, exact: true }).click();
  for (const digit of pin) await page.getByRole('button', { name: digit, exact: true }).click();
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByTestId('packer-name').getByText(name).waitFor();
}

/**
 * A USB hand scanner: the code as a burst of key presses, then Enter. Dispatched inside the
 * page so the burst is as fast as a real scanner's however busy the test machine is.
 */
export async function handScan(page: Page, code: string) {
  await page.evaluate((text) => {
    const target = document.activeElement ?? document.body;
    for (const key of [...text, 'Enter']) target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  }, code);
}

export function pickLine(page: Page, sku: string) {
  return page.locator(`[data-testid="pick-line"][data-sku="${sku}"]`);
}

export async function expectPicked(page: Page, sku: string, picked: number, timeout = 10_000) {
  await page.locator(`[data-testid="pick-line"][data-sku="${sku}"][data-picked="${picked}"]`).waitFor({ timeout });
  await expect.poll(() => pickLine(page, sku).getAttribute('data-picked')).toBe(String(picked));
}
