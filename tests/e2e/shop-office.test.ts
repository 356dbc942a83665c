// The office side of order intake in a real browser: a phone order taken from the customer
// database (F27) and the stock page (F05) with live figures, holders and a refused count.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useBrowser, signIn } from '../support/browser';
import { placeThroughTheShop, superuser } from './shop-support';

const browser = useBrowser();
const demo = inject('demo');
const baseUrl = inject('baseUrl');


async function officePage(who: { email: string; password: string } = demo.office): Promise<Page> {
  const page = await (await browser().newContext()).newPage();
  await signIn(page, who);
  return page;
}

describe('phone order (F27)', () => {
  it('finds the caller, keeps it as a draft, then places it from the order page; stock is reserved only then', async () => {
    const pb = await superuser();
    const page = await officePage();
    await page.getByRole('link', { name: 'New order' }).click();
    await page.getByLabel('Find the customer').fill('Wójcik');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('customer-results').getByRole('button', { name: 'Choose' }).click();
    expect(await page.getByLabel('City').inputValue()).toBe('Gdańsk');

    await page.getByLabel('Find product').fill('THERM');
    const thermos = await pb.collection('products').getFirstListItem("sku = 'THERM-1L'");
    await page.locator('select[name="product"]').selectOption(thermos.id);
    await page.getByRole('button', { name: 'Add line' }).click();
    await page.getByLabel('Quantity of Thermoskanne 1 l').fill('2');
    await page.getByRole('button', { name: 'Save as draft' }).click();

    await page.waitForURL(/\/orders\/[a-z0-9]{15}$/);
    await page.getByTestId('order-desk').waitFor();
    const orderId = page.url().split('/').pop()!;
    expect(await pb.collection('orders').getOne(orderId)).toMatchObject({ status: 'draft', channel: 'phone', customer_name: 'Zofia Wójcik' });
    // nothing reserved for the draft: no ledger row of this order (the product's own figure can
    // move meanwhile: the scheduler renews other orders' holds on the shared demo shop)
    const movesOf = () => pb.collection('stock_movements').getFullList({ filter: `order = '${orderId}'`, fields: 'product,delta_on_hand,delta_reserved,reason' });
    expect(await movesOf()).toEqual([]);
    const search = await pb.collection('customer_searches').getFirstListItem("query = 'Wójcik'");
    expect(search.customer).not.toBe('');

    await page.getByRole('button', { name: 'Place order now' }).click();
    await page.getByRole('status').getByText(/is placed and its stock reserved/).waitFor();
    await page.getByTestId('timeline').getByText('Order placed').waitFor();
    expect(await movesOf()).toEqual([expect.objectContaining({ product: thermos.id, delta_on_hand: 0, delta_reserved: 2, reason: 'order_placed' })]);
    await page.context().close();
  });
});

describe('stock page (F05)', () => {
  it('shows who holds a reservation, updates live, and refuses a count below what is reserved', async () => {
    const pb = await superuser();
    const page = await officePage();
    await page.getByRole('link', { name: 'Stock' }).click();
    const row = page.locator('tr[data-sku="DOSE-BLECH"]');
    await row.waitFor();
    const reservedBefore = Number(await row.locator('[data-col="reserved"]').textContent());
    const onHand = Number(await row.locator('[data-col="on_hand"]').textContent());

    // a shopper orders 3 somewhere else: the figures move without reload
    const { product, order: placed } = await placeThroughTheShop(pb, 'DOSE-BLECH', 3);
    await row.locator('[data-col="reserved"]', { hasText: String(reservedBefore + 3) }).waitFor({ timeout: 5000 });
    expect(await row.locator('[data-col="available"]').textContent()).toBe(String(onHand - reservedBefore - 3));

    await row.locator('[data-col="reserved"]').getByRole('button').click();
    await page.getByTestId('holders').getByRole('link', { name: `#${placed.number}` }).waitFor();

    await row.getByRole('button', { name: 'Count' }).click();
    const form = page.getByTestId('shelf-count');
    await form.getByLabel(/Counted on the shelf/).fill(String(reservedBefore + 2));
    await form.getByLabel('Reason').fill('stocktake');
    await form.getByRole('button', { name: 'Save count' }).click();
    await form.getByText(/open orders hold/).waitFor();
    expect((await pb.collection('products').getOne(product.id)).on_hand).toBe(onHand);

    await form.getByLabel(/Counted on the shelf/).fill(String(onHand - 1));
    await form.getByRole('button', { name: 'Save count' }).click();
    await page.getByRole('status').getByText('Count saved').waitFor();
    await row.locator('[data-col="on_hand"]', { hasText: String(onHand - 1) }).waitFor();
    await page.context().close();
  });

  it('a packer cannot use it', async () => {
    const page = await officePage(demo.packer);
    expect(await page.getByRole('link', { name: 'Stock' }).count()).toBe(0);
    await page.goto(`${baseUrl}/stock`);
    // sent to the tablet app; and the server refuses the data anyway
    await page.waitForURL(/\/pack/);
    expect(await page.locator('[data-testid="stock-table"]').count()).toBe(0);
    const res = await page.request.get(`${baseUrl}/api/trpc/stock.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
    expect(res.status()).toBe(403);
    await page.context().close();
  });
});
