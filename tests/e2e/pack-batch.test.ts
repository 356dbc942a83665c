// E2E: batch picking on the tablet (F17) and printing at the bench (F12): orders chosen from the
// queue become one walk in bin order with a tote each; a scanned item is called into its tote;
// the pick list and the packing slip print as PDFs, one tap each.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../support/browser';
import { demoPackerPin, expectPicked, handOver, handScan, paidOrder, registerTablet, superuser, unlock, baseUrl } from './pack-tablet';

const browser = useBrowser();


/** The PDF in the print frame: the browser's print dialog gets exactly these bytes. */
async function printedPdf(page: Page): Promise<string> {
  const frame = page.getByTestId('print-frame');
  await frame.waitFor({ state: 'attached', timeout: 30_000 });
  expect(await frame.getAttribute('src')).toMatch(/^blob:/);
  return frame.evaluate(async (el) => (await (await fetch((el as HTMLIFrameElement).src)).text()).slice(0, 5));
}

describe('batch picking and printing at the bench', () => {
  it('walks several orders in bin order, calls each scanned item into its tote, and prints', async () => {
    const pb = await superuser();
    // Kandis (C-06-2) is in both orders; the Teesieb (A-05-2) only in the second
    const first = await paidOrder(pb, [{ sku: 'KAND-250', qty: 1 }]);
    const second = await paidOrder(pb, [{ sku: 'KAND-250', qty: 1 }, { sku: 'FILT-EDEL', qty: 2 }]);
    const context = await browser().newContext({ viewport: { width: 800, height: 1280 } }); // portrait
    const page = await context.newPage();
    await registerTablet(page, `Batch bench ${first.number}`);
    await handOver(page);
    await unlock(page, 'Paul Packer', demoPackerPin());

    await page.getByRole('button', { name: 'Batch pick' }).click();
    await page.locator(`[data-order="${first.number}"]`).click();
    await page.locator(`[data-order="${second.number}"]`).click();
    await page.getByRole('button', { name: 'Start walk with 2 orders' }).click();
    const walk = page.getByTestId('batch-walk');
    await walk.waitFor();
    const bins = await walk.locator('li .bin').allTextContents();
    expect(bins).toEqual([...bins].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
    expect(await walk.locator('li[data-sku="KAND-250"]').textContent()).toContain('take 2');
    const batchUrl = page.url();

    // sorting at the bench: the first Kandis goes to tote 1, the second to tote 2
    const kandis = second.lines[0].ean;
    await page.locator('[data-testid="batch-walk"][data-ready="true"]').waitFor(); // both orders' pick lists are loaded
    await handScan(page, kandis);
    await page.getByTestId('tote-number').getByText('1', { exact: true }).waitFor();
    await handScan(page, kandis);
    await page.getByTestId('tote-number').getByText('2', { exact: true }).waitFor();
    await handScan(page, kandis);
    const call = page.getByTestId('tote-call');
    await expect.poll(() => call.getAttribute('data-kind')).toBe('refused');
    await expect.poll(() => call.textContent()).toContain('already sorted');
    await handScan(page, 'NOT-IN-BATCH');
    await expect.poll(() => call.textContent()).toContain('not in this batch');

    const line = (id: string) => pb.collection('order_lines').getOne(id);
    await expect.poll(async () => (await line(first.lines[0].line.id)).picked).toBe(1);
    await expect.poll(async () => (await line(second.lines[0].line.id)).picked).toBe(1);
    // the first order is complete and packed by its one sorted item
    await expect.poll(async () => (await pb.collection('orders').getOne(first.order.id)).fulfilment_status).toBe('packed');

    // printing last, each on its own page: headless Chromium's print preview may take its page down
    const printing = await context.newPage();
    await printing.goto(batchUrl);
    await printing.getByTestId('batch-walk').waitFor();
    await printing.getByRole('button', { name: 'Print pick list' }).click();
    expect(await printedPdf(printing)).toMatch(/^%PDF-/);
    await printing.close();
    const slip = await context.newPage();
    await slip.goto(`${baseUrl()}/pack/order/${second.order.id}`);
    await expectPicked(slip, 'KAND-250', 1);
    await slip.getByRole('button', { name: 'Print packing slip' }).click();
    expect(await printedPdf(slip)).toMatch(/^%PDF-/);
    await context.close();
  });
});
