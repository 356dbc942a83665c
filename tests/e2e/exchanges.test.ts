// F40 exchanges in a real browser: the office records an exchange on a shipped order's page,
// the new item is picked on the packing tablet by scanning and shipped at the courier desk.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signIn } from '../support/browser';
import { demoPackerPin, expectPicked, handOver, handScan, registerTablet, unlock } from './pack-tablet';
import { packedOrder, stockAndLedger, superuser } from './shipping-fixtures';

const demo = inject('demo');
const baseUrl = inject('baseUrl');
let browser: Browser;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  await browser?.close();
});
async function page(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context.newPage();
}
const tx = (pb: Awaited<ReturnType<typeof superuser>>, ops: unknown[]) => pb.send('/api/packbench/tx', { method: 'POST', body: { ops } });

describe('F40 exchanges on the order page', () => {
  it('F40 the exchanged-for item is picked on the tablet by scanning and shipped at the courier desk', async () => {
    const pb = await superuser();
    const { order, lines, products } = await packedOrder(pb, [1]);
    await tx(pb, [
      { op: 'increment', collection: 'order_lines', id: lines[0].id, field: 'shipped', by: 1, maxField: 'picked' },
      { op: 'stock', product: products[0].id, delta_on_hand: -1, delta_reserved: -1, reason: 'shipped', order: order.id, order_line: lines[0].id },
      { op: 'update', collection: 'orders', id: order.id, body: { fulfilment_status: 'shipped', status: 'completed' } }
    ]);
    const target = await pb.collection('products').getFirstListItem(`sku = 'FILT-EDEL'`);
    const ean = (target.gtins as string[])[0].slice(1);

    // the office records the exchange
    const office = await page();
    await signIn(office, demo.office);
    await office.goto(`${baseUrl}/orders/${order.id}`);
    // a second browser on the same order follows live
    const watcher = await page();
    await signIn(watcher, demo.manager);
    await watcher.goto(`${baseUrl}/orders/${order.id}`);
    await watcher.getByTestId('timeline').waitFor();
    const panel = office.getByTestId('returns-panel');
    await panel.getByRole('button', { name: 'Exchange items' }).click();
    const form = panel.getByTestId('new-exchange');
    await form.getByLabel(`Units of ${lines[0].name} to return`).fill('1');
    await form.getByLabel('SKU or name').fill('FILT-EDEL');
    await form.getByRole('button', { name: 'Find' }).click();
    await form.locator('button[data-sku="FILT-EDEL"]').click();
    await form.locator('[data-testid="exchange-item"][data-sku="FILT-EDEL"]').waitFor();
    await form.getByRole('button', { name: 'Record exchange and reserve' }).click();
    await panel.getByRole('status').getByText(/Exchange recorded/).waitFor();
    await expect.poll(() => watcher.getByTestId('timeline').textContent()).toContain('Exchange: 1× FILT-EDEL');
    await expect.poll(async () => (await pb.collection('orders').getOne(order.id)).fulfilment_status).toBe('picking');

    // the packer picks it by scanning
    const tablet = await page();
    await registerTablet(tablet, `Exchange bench ${order.number}`);
    await handOver(tablet);
    await unlock(tablet, 'Paul Packer', demoPackerPin());
    await tablet.goto(`${baseUrl}/pack/order/${order.id}`);
    await tablet.getByTestId('pick-list').waitFor();
    expect(await tablet.getByTestId('pick-list').textContent()).not.toMatch(/€/);
    // the exchange line says so on the tablet, and on the order page for the office
    await tablet.locator('[data-testid="pick-line"][data-sku="FILT-EDEL"] [data-testid="exchange-badge"]').waitFor();
    await office.getByTestId('order-lines').getByTestId('exchange-line').waitFor();
    await handScan(tablet, ean);
    await expectPicked(tablet, 'FILT-EDEL', 1);

    // the courier desk ships it in a new parcel
    await office.reload();
    const ship = office.getByTestId('shipping-panel');
    const parcel = ship.getByTestId('new-parcel');
    await parcel.locator('input[data-line="FILT-EDEL"]').waitFor();
    await parcel.locator('input[data-line="FILT-EDEL"]').fill('1');
    await parcel.locator('select[name="courier"]').selectOption('sandbox');
    await parcel.getByRole('button', { name: 'Ship this parcel' }).click();
    await expect
      .poll(async () => (await pb.collection('order_lines').getFullList({ filter: `order = '${order.id}' && sku = 'FILT-EDEL'` })).map((l) => l.shipped))
      .toEqual([1]);
    const s = await stockAndLedger(pb, target.id);
    expect(s.stock).toEqual(s.ledger);
  });
});
