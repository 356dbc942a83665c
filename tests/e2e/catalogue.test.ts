// The catalogue and goods in in a real browser (#14): a manager creates a product on /products
// and imports three more from a CSV through the preview; a packer receives a delivery on the
// tablet with the hand scanner; an office screen's stock page shows the new stock without reload.
import { randomBytes } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { gtinCheckDigit } from '../../src/lib/scanning/gtin';
import { signIn, useBrowser } from '../support/browser';
import { baseUrl, demoPackerPin, handOver, handScan, registerTablet, superuser, unlock } from './pack-tablet';

const browser = useBrowser();
const demo = inject('demo');
const contexts: BrowserContext[] = [];
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})));
});

async function context(viewport = { width: 1280, height: 900 }) {
  const c = await browser().newContext({ viewport });
  contexts.push(c);
  return c.newPage();
}

const ean13 = () => {
  const body = `42${String(randomBytes(4).readUInt32BE(0) % 10_000_000_000).padStart(10, '0')}`;
  return `${body}${gtinCheckDigit(body)}`;
};

describe('#14 catalogue and goods in', () => {
  it('creates a product, imports three by CSV preview, receives a delivery by scanning on the tablet; the stock page updates live', async () => {
    const pb = await superuser();
    const tag = `E2E${randomBytes(3).toString('hex').toUpperCase()}`;
    const gtins = [ean13(), ean13(), ean13(), ean13()];

    // 1. the manager creates a product in the form
    const office = await context();
    await signIn(office, demo.manager);
    await office.getByRole('link', { name: 'Products' }).click();
    await office.getByRole('button', { name: 'New product' }).click();
    const form = office.getByTestId('product-form');
    await form.getByLabel('SKU').fill(`${tag}-0`);
    await form.getByLabel('Name').fill('Teedose Blau');
    await form.getByLabel(/^GTINs/).fill('4006381333932'); // a wrong check digit first
    await form.getByLabel(/^Price/).fill('12,50');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('4006381333932: wrong check digit (expected 1)').waitFor();
    await form.getByLabel(/^GTINs/).fill(gtins[0]);
    await form.getByLabel(/^Low-stock/).fill('3');
    await form.getByRole('button', { name: 'Save' }).click();
    await office.getByRole('status').getByText('Teedose Blau saved.').waitFor();
    const created = await pb.collection('products').getFirstListItem(`sku = '${tag}-0'`);
    expect(created).toMatchObject({ name: 'Teedose Blau', price_cents: 1250, gtins: [`0${gtins[0]}`], low_stock_threshold: 3, active: true });

    // 2. three more from a CSV (Excel's Latin-1, ";"), through the preview
    const csv = Buffer.from(
      `sku;name;gtins;bin;price;tax_rate\r\n${tag}-1;Grüntee Dose;${gtins[1]};E-01;4,20;7\r\n${tag}-2;Schwarztee Dose;${gtins[2]};E-02;5,10;7\r\n${tag}-3;Kräutertee Dose;${gtins[3]};E-03;3,90;7\r\n`,
      'latin1'
    );
    await office.getByTestId('csv-import').locator('input[type="file"]').setInputFiles({ name: 'tee.csv', mimeType: 'text/csv', buffer: csv });
    await office.getByTestId('import-summary').getByText('3 rows read: 3 new, 0 changed, 0 unchanged, 0 with errors.').waitFor();
    await office.getByRole('button', { name: 'Apply 3 selected rows' }).click();
    await office.getByTestId('import-result').getByText('3 created, 0 updated.').waitFor();
    const kraut = await pb.collection('products').getFirstListItem(`sku = '${tag}-3'`);
    expect(kraut).toMatchObject({ name: 'Kräutertee Dose', price_cents: 390, tax_rate_bp: 700 });

    // 3. a second screen: the office's stock page, left open
    const stock = await context();
    await signIn(stock, demo.office);
    await stock.goto(`${baseUrl()}/stock`);
    const row = (sku: string) => stock.locator(`tr[data-sku="${sku}"] [data-col="on_hand"]`);
    await row(`${tag}-0`).waitFor();
    expect(await row(`${tag}-0`).textContent()).toBe('0');

    // 4. the packer receives the delivery at the bench: scan, scan, scan, book
    const tablet = await context();
    await registerTablet(tablet, `Goods in ${tag}`);
    await handOver(tablet);
    await unlock(tablet, 'Paul Packer', demoPackerPin());
    await tablet.getByTestId('receive-mode').click();
    await tablet.locator('[data-scanner-ready="true"]').waitFor();
    await tablet.getByLabel('Supplier reference (delivery note)').fill(`LS-${tag}`);
    await handScan(tablet, gtins[0]);
    await tablet.locator(`[data-testid="receive"] tr[data-sku="${tag}-0"]`).waitFor();
    await handScan(tablet, gtins[0]);
    await expect.poll(() => tablet.getByLabel(`Quantity ${tag}-0`).inputValue()).toBe('2');
    await handScan(tablet, `0${gtins[3]}`); // the same product as GTIN-14
    await tablet.getByLabel(`Quantity ${tag}-3`).fill('12');
    await tablet.getByRole('button', { name: 'Book delivery (14 units)' }).click();
    await tablet.getByTestId('receive-booked').getByText(`Delivery LS-${tag} booked: 14 units.`).waitFor();

    // 5. the stock page shows it without a reload
    await expect.poll(() => row(`${tag}-0`).textContent(), { timeout: 10_000 }).toBe('2');
    await expect.poll(() => row(`${tag}-3`).textContent(), { timeout: 10_000 }).toBe('12');
    const moves = await pb.collection('stock_movements').getFullList({ filter: `product = '${created.id}'` });
    expect(moves.map((m) => [m.reason, m.delta_on_hand, m.note])).toEqual([['received', 2, `Delivery LS-${tag}`]]);
  });
});
