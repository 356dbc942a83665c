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

/** A tablet set up, handed over, unlocked by the demo packer, in goods in with a delivery note `LS-<tag>`. */
async function goodsInOnTablet(tag: string) {
  const tablet = await context();
  await registerTablet(tablet, `Goods in ${tag}`);
  await handOver(tablet);
  await unlock(tablet, 'Paul Packer', demoPackerPin());
  await tablet.getByTestId('receive-mode').click();
  await tablet.locator('[data-scanner-ready="true"]').waitFor();
  await tablet.getByLabel('Supplier reference (delivery note)').fill(`LS-${tag}`);
  return tablet;
}

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
    const tablet = await goodsInOnTablet(tag);
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

  it('receives on the tablet without a connection: scans and the booking wait on the device and are booked once when it is back; the office screen keeps a delivery across a reload', async () => {
    const pb = await superuser();
    const tag = `OFF${randomBytes(3).toString('hex').toUpperCase()}`;
    const [gA, gB] = [ean13(), ean13()];
    const a = await pb.collection('products').create({ sku: `${tag}-A`, name: 'Teedose Rot', gtins: [`0${gA}`], price_cents: 900, tax_rate_bp: 1900, active: true, version: 1 });
    const b = await pb.collection('products').create({ sku: `${tag}-B`, name: 'Teedose Grün', gtins: [`0${gB}`], price_cents: 900, tax_rate_bp: 1900, active: true, version: 1 });
    await pb.collection('product_gtins').create({ product: a.id, gtin: `0${gA}` }).catch(() => null);
    await pb.collection('product_gtins').create({ product: b.id, gtin: `0${gB}` }).catch(() => null);

    const tablet = await goodsInOnTablet(tag);
    await handScan(tablet, gA);
    await tablet.locator(`[data-testid="receive"] tr[data-sku="${tag}-A"]`).waitFor();

    // the Wi-Fi drops: scans become lines that wait for their product
    await tablet.context().setOffline(true);
    await handScan(tablet, gB);
    await tablet.locator(`[data-testid="receive"] tr[data-sku="${gB}"][data-waiting="true"]`).waitFor();
    await handScan(tablet, gB);
    await handScan(tablet, gA);
    await expect.poll(() => tablet.getByLabel(`Quantity ${gB}`).inputValue()).toBe('2');
    await tablet.getByRole('button', { name: 'Book delivery (4 units)' }).click();
    await tablet.getByTestId('receive-waiting').getByText('No connection: the delivery is kept on this device (4 units)').waitFor();
    const kept = JSON.parse((await tablet.evaluate(() => localStorage.getItem('packbench.pack.delivery')))!);
    expect(kept).toMatchObject({ supplierRef: `LS-${tag}`, waiting: true });
    expect(await pb.collection('receipts').getList(1, 1, { filter: `supplier_ref = 'LS-${tag}'` })).toMatchObject({ totalItems: 0 });

    // back online: looked up, merged, booked once, without a tap
    await tablet.context().setOffline(false);
    await tablet.getByTestId('receive-booked').getByText(`Delivery LS-${tag} booked: 4 units.`).waitFor({ timeout: 15_000 });
    const receipts = await pb.collection('receipts').getFullList({ filter: `supplier_ref = 'LS-${tag}'` });
    expect(receipts).toHaveLength(1);
    expect(receipts[0].lines.map((l: { sku: string; qty: number }) => [l.sku, l.qty]).sort()).toEqual([[`${tag}-A`, 2], [`${tag}-B`, 2]]);
    for (const p of [a, b]) expect((await pb.collection('products').getOne(p.id)).on_hand).toBe(2);
    expect(await tablet.evaluate(() => localStorage.getItem('packbench.pack.delivery'))).toBeNull();

    // the office desk: a delivery half typed survives a reload
    const office = await context();
    await signIn(office, demo.office);
    await office.goto(`${baseUrl()}/stock/receive`);
    await office.getByLabel('Scan or type a GTIN, SKU or name').fill(`${tag}-B`);
    await office.getByRole('button', { name: 'Add', exact: true }).click();
    await office.getByLabel(`Quantity ${tag}-B`).fill('7');
    await office.reload();
    await expect.poll(() => office.getByLabel(`Quantity ${tag}-B`).inputValue()).toBe('7');
  });
});
