// F26 in a real browser: find an order by month and by SKU, go back to the previous filter,
// save the view, export it as CSV and read the downloaded file.
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { useBrowser, signIn } from '../support/browser';
import { superuser } from './shop-support';

const browser = useBrowser();
const demo = inject('demo');

async function oldOrder(placedAt: string, sku: string, name: string) {
  const pb = await superuser();
  const product = await pb.collection('products').create({ sku, name: `Lampe ${sku}`, gtins: [], bin: 'Z-99', price_cents: 1234, tax_rate_bp: 1900, on_hand: 0, reserved: 0, active: true });
  const order = await pb.collection('orders').create({
    number: 8_000_000 + Math.floor(Math.random() * 900_000),
    channel: 'phone',
    status: 'completed',
    payment_status: 'paid',
    fulfilment_status: 'shipped',
    payment_method: 'online_banking',
    fulfilment_method: 'ship',
    customer_name: name,
    email: 'old@example.com',
    currency: 'EUR',
    subtotal_cents: 1234,
    tax_cents: 197,
    shipping_cents: 0,
    total_cents: 1234,
    locale: 'de',
    tracking_token: randomBytes(16).toString('base64url'),
    pay_token: randomBytes(18).toString('base64url'),
    version: 1,
    placed_at: placedAt
  });
  await pb.collection('order_lines').create({ order: order.id, product: product.id, sku, name: product.name, unit_price_cents: 1234, tax_rate_bp: 1900, qty: 1, picked: 1, shipped: 1, returned: 0, position: 0 });
  return order;
}

describe('F26 search, saved view and CSV export in the browser', () => {
  it('finds an order by month and by SKU, goes back, saves the view and exports it', async () => {
    const sku = `E2E-${randomBytes(3).toString('hex').toUpperCase()}`;
    const march = await oldOrder('2024-03-31 21:30:00.000Z', sku, 'Zdeněk Dvořák'); // 23:30 in Berlin, still March
    const april = await oldOrder('2024-04-10 09:00:00.000Z', `${sku}X`, 'Hans Müller');

    const page = await (await browser().newContext({ acceptDownloads: true })).newPage();
    await signIn(page, demo.office);
    await page.goto(`${inject('baseUrl')}/orders`);
    const queue = page.getByTestId('order-queue');
    // the plain queue loads first (newest first, no filter)
    await queue.locator('tr[data-order]').first().waitFor();

    await page.getByLabel('Month').fill('2024-03');
    await page.waitForURL(/month=2024-03/);
    await queue.locator(`tr[data-order="${april.number}"]`).waitFor({ state: 'detached' });
    await queue.locator(`tr[data-order="${march.number}"]`).waitFor();

    await page.getByRole('searchbox').fill(sku.toLowerCase());
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/search=/);
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(1);
    await queue.locator(`tr[data-order="${march.number}"]`).waitFor();

    // back restores the previous filter (the month alone)
    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('month') === '2024-03' && !u.searchParams.has('search'));
    expect(await page.getByRole('searchbox').inputValue()).toBe('');
    await page.goForward();
    await page.waitForURL(/search=/);
    expect(await page.getByRole('searchbox').inputValue()).toBe(sku.toLowerCase());

    await page.getByLabel('Name of this view').fill(`March ${sku}`);
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByTestId('saved-views').getByRole('link', { name: `March ${sku}` }).waitFor();

    await page.getByLabel('with lines').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^orders-.*-lines\.csv$/);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toMatch(/^number;placed;status;/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${march.number};2024-03-31 23:30;completed;paid;online_banking;shipped;ship;Zdeněk Dvořák;`);
    expect(lines[1]).toContain(`;${sku};Lampe ${sku};1;12,34`);
    await page.getByText('Exported 1 orders.').waitFor();

    // the saved view opens the same list in a fresh page
    await page.goto(`${inject('baseUrl')}/orders`);
    await page.getByTestId('saved-views').getByRole('link', { name: `March ${sku}` }).click();
    await page.waitForURL(/month=2024-03/);
    await queue.locator(`tr[data-order="${march.number}"]`).waitFor();
    await page.context().close();
  });

  it('a malformed shared link falls back to defaults with a notice', async () => {
    const page = await (await browser().newContext()).newPage();
    await signIn(page, demo.office);
    await page.goto(`${inject('baseUrl')}/orders?month=2024-13&status=bogus&paymentMethod=cheque`);
    await page.getByTestId('link-notice').getByText('month, status').waitFor();
    expect(await page.locator('select[name="paymentMethod"]').inputValue()).toBe('cheque');
    await page.context().close();
  });
});
