// #14's done-when, from nothing to a delivered-to customer's order page, in a real browser on
// an empty shop (production mode, no demo data): the owner sets up the shop, creates a product,
// imports three more from a CSV, adds a packer with a PIN; the packer receives a delivery on the
// tablet by scanning; the owner takes a phone order for a new customer and finds it on the
// customer's page.
import { randomBytes } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gtinCheckDigit } from '../../src/lib/scanning/gtin';
import { useBrowser } from '../support/browser';
import { FIRST_OWNER, completeFirstRun, startEmptyShop } from './empty-shop';
import { handOver, handScan, unlock } from './pack-tablet';

const browser = useBrowser();
let shop: Awaited<ReturnType<typeof startEmptyShop>>;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  shop = await startEmptyShop();
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  await shop?.stop();
});

async function newPage() {
  const c = await browser().newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(c);
  return c.newPage();
}

const ean13 = () => {
  const body = `40${String(randomBytes(4).readUInt32BE(0) % 10_000_000_000).padStart(10, '0')}`;
  return `${body}${gtinCheckDigit(body)}`;
};

describe('#14 a new merchant, from an empty shop to a customer’s order (F44, F27)', () => {
  it('sets up the shop, fills the catalogue, receives on the tablet, takes a phone order and finds it on the customer’s page', async () => {
    const url = shop.app.url;
    const gtins = [ean13(), ean13(), ean13(), ean13()];

    // 1. the first run
    const owner = await newPage();
    await owner.goto(`${url}/`);
    await owner.waitForURL(/\/setup$/);
    await completeFirstRun(owner);

    // 2. a product in the form, three from a CSV (Excel's Latin-1, ";")
    await owner.getByRole('link', { name: 'Products' }).click();
    await owner.getByRole('button', { name: 'New product' }).click();
    const form = owner.getByTestId('product-form');
    await form.getByLabel('SKU').fill('DOSE-1');
    await form.getByLabel('Name').fill('Teedose Blau');
    await form.getByLabel(/^GTINs/).fill(gtins[0]);
    await form.getByLabel(/^Price/).fill('12,50');
    await form.getByRole('button', { name: 'Save' }).click();
    await owner.getByRole('status').getByText('Teedose Blau saved.').waitFor();
    const csv = Buffer.from(
      `sku;name;gtins;bin;price;tax_rate\r\nDOSE-2;Grüntee Dose;${gtins[1]};E-01;4,20;7\r\nDOSE-3;Schwarztee Dose;${gtins[2]};E-02;5,10;7\r\nDOSE-4;Kräutertee Dose;${gtins[3]};E-03;3,90;7\r\n`,
      'latin1'
    );
    await owner.getByTestId('csv-import').locator('input[type="file"]').setInputFiles({ name: 'tee.csv', mimeType: 'text/csv', buffer: csv });
    await owner.getByTestId('import-summary').getByText('3 rows read: 3 new, 0 changed, 0 unchanged, 0 with errors.').waitFor();
    await owner.getByRole('button', { name: 'Apply 3 selected rows' }).click();
    await owner.getByTestId('import-result').getByText('3 created, 0 updated.').waitFor();

    // 3. a packer with a PIN for the tablet
    await owner.goto(`${url}/staff`);
    const staffForm = owner.getByTestId('staff-form');
    await staffForm.getByLabel(/^Name/).fill('Paul Bench');
    await staffForm.getByLabel(/^E-mail/).fill('paul@laden.example');
    await staffForm.getByLabel('Role').selectOption('packer');
    await staffForm.getByLabel('Show a one-time password now').check();
    await staffForm.getByRole('button', { name: 'Add' }).click();
    await owner.getByTestId('one-time-password').getByRole('button').click();
    const paul = owner.locator('tr[data-staff="paul@laden.example"]');
    await paul.getByRole('button', { name: 'Set PIN' }).click();
    await paul.locator('form.pin input').fill('739146');
    await paul.getByRole('button', { name: 'Save PIN' }).click();
    await paul.getByRole('button', { name: 'Clear PIN' }).waitFor(); // offered once a PIN is set

    // 4. the owner registers the bench tablet; Paul receives the delivery by scanning
    const tablet = await newPage();
    await tablet.goto(`${url}/signin?next=/pack/setup`);
    await tablet.getByLabel(/e-mail/i).fill(FIRST_OWNER.email);
    await tablet.getByLabel(/password/i).fill(FIRST_OWNER.password);
    await tablet.getByRole('button', { name: /sign in/i }).click();
    await tablet.waitForURL(/\/pack\/setup/);
    await tablet.getByLabel('Tablet name').first().fill('Bench');
    await tablet.getByRole('button', { name: 'Register this tablet' }).click();
    await tablet.getByTestId('this-tablet').waitFor();
    await handOver(tablet);
    await unlock(tablet, 'Paul Bench', '739146');
    await tablet.getByTestId('receive-mode').click();
    await tablet.locator('[data-scanner-ready="true"]').waitFor();
    await tablet.getByLabel('Supplier reference (delivery note)').fill('LS-1');
    for (const [i, gtin] of gtins.entries()) {
      await handScan(tablet, gtin);
      await tablet.locator(`[data-testid="receive"] tr[data-sku="DOSE-${i + 1}"]`).waitFor();
      await tablet.getByLabel(`Quantity DOSE-${i + 1}`).fill('5');
    }
    await tablet.getByRole('button', { name: 'Book delivery (20 units)' }).click();
    await tablet.getByTestId('receive-booked').getByText('Delivery LS-1 booked: 20 units.').waitFor();

    // 5. a phone order for a new customer
    await owner.getByRole('link', { name: 'New order' }).click();
    const order = owner.getByTestId('phone-order');
    await order.getByRole('button', { name: 'New customer' }).click();
    await order.getByLabel('Name', { exact: true }).fill('Greta Erstkundin');
    await order.getByLabel('E-mail').fill('greta@kundin.example');
    await order.locator('select[name="product"] option:nth-child(2)').waitFor({ state: 'attached' });
    await order.locator('select[name="product"]').selectOption({ index: 1 });
    await order.getByRole('button', { name: 'Add line' }).click();
    await order.getByLabel('Recipient').fill('Greta Erstkundin');
    await order.getByLabel('Street and number').fill('Karl-Liebknecht-Straße 12');
    await order.getByLabel('Postcode').fill('04107');
    await order.getByLabel('City').fill('Leipzig');
    await order.getByLabel('Country (e.g. DE)').fill('DE');
    await order.getByRole('button', { name: 'Place order', exact: true }).click();
    await Promise.race([
      owner.waitForURL(/\/orders\/[a-z0-9]{15}$/),
      order.locator('.alert.error, .field-error').first().waitFor().then(async () => {
        throw new Error(`phone order refused: ${(await order.locator('.alert.error, .field-error').allTextContents()).join(' | ')}`);
      })
    ]);
    const number = /#(\d+)/.exec((await owner.getByRole('heading', { level: 1 }).textContent()) ?? '')![1];

    // 6. the customer's page lists the order, found through the customers' search
    await owner.getByRole('link', { name: 'Customers', exact: true }).first().click();
    await owner.getByPlaceholder('Search name, e-mail or phone').fill('erstkundin');
    await owner.getByRole('link', { name: 'Greta Erstkundin' }).click();
    await owner.getByRole('heading', { name: 'Greta Erstkundin', level: 1 }).waitFor();
    await owner.getByRole('link', { name: `#${number}` }).waitFor();
    expect(owner.url()).toMatch(/\/customers\/[a-z0-9]{15}$/);
  });
});
