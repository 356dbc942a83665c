// E2E (b): two packers on two tablets work the same order. Each sees the other's picks live,
// with who did them, and who else has the order open; a scan made while a tablet is offline is
// kept, shown as waiting, and replayed exactly once when the connection is back (F15, F16).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { baseUrl, createPacker, demoPackerPin, expectPicked, handOver, handScan, paidOrder, registerTablet, superuser, unlock } from './pack-tablet';

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  await browser?.close();
});

async function tablet(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  return { context, page: await context.newPage() };
}

describe('two packers on one order', () => {
  it('see each other, each other’s picks live, and an offline scan is replayed exactly once', async () => {
    const pb = await superuser();
    const o = await paidOrder(pb, [{ sku: 'TEA-SENCHA-100', qty: 3 }, { sku: 'FILT-EDEL', qty: 1 }]);
    const suffix = o.number;
    await createPacker(pb, `Petra Packer ${suffix}`, '2580');

    // tablet A: registered by the manager holding it
    const a = await tablet();
    await registerTablet(a.page, `Bench A ${suffix}`);
    // tablet B: registered with a pairing code the manager created on tablet A
    await a.page.getByLabel('Tablet name').fill(`Bench B ${suffix}`);
    await a.page.getByRole('button', { name: 'Create pairing code' }).click();
    const code = (await a.page.getByTestId('pairing-code').textContent())!.trim();
    await handOver(a.page);
    const b = await tablet();
    await b.page.goto(`${baseUrl()}/pack`);
    await b.page.getByTestId('not-registered').waitFor();
    await b.page.getByLabel('Pairing code').fill(code.toLowerCase());
    await b.page.getByRole('button', { name: 'Register this tablet' }).click();
    await b.page.getByTestId('lock-screen').getByText(`Bench B ${suffix}`).waitFor();

    await unlock(a.page, 'Paul Packer', demoPackerPin());
    await unlock(b.page, `Petra Packer ${suffix}`, '2580');
    for (const t of [a, b]) {
      await t.page.goto(`${baseUrl()}/pack/order/${o.order.id}`);
      await t.page.getByTestId('pick-list').waitFor();
    }
    await a.page.getByTestId('presence').getByText(`Petra Packer ${suffix}`).waitFor();
    await b.page.getByTestId('presence').getByText('Paul Packer').waitFor();

    // A scans with the hand scanner; B sees it within a second, with who did it
    await handScan(a.page, o.lines[0].ean);
    await expectPicked(a.page, 'TEA-SENCHA-100', 1);
    await expectPicked(b.page, 'TEA-SENCHA-100', 1, 1000);
    await b.page.getByTestId('activity').getByText('Paul Packer picked Sencha Bio, 100 g').waitFor({ timeout: 1000 });

    // the tablet's service worker keeps this page for a reload without connection
    await b.page.waitForFunction(async () => !!navigator.serviceWorker.controller && !!(await caches.match(location.pathname)));

    // B loses the connection and keeps scanning against the lines it has
    await b.context.setOffline(true);
    await handScan(b.page, o.lines[0].ean);
    await b.page.getByTestId('offline-banner').getByText('No connection.').waitFor();
    await expectPicked(b.page, 'TEA-SENCHA-100', 2);
    await expect.poll(() => b.page.getByTestId('offline-banner').textContent()).toContain('(1 waiting)');
    // an over-pick is still refused on the tablet itself
    await handScan(b.page, 'FILT-EDEL');
    await handScan(b.page, 'FILT-EDEL');
    await expect.poll(() => b.page.getByTestId('scan-feedback').getAttribute('data-kind')).toBe('refused');
    // nothing reached the server meanwhile
    const line = () => pb.collection('order_lines').getOne(o.lines[0].line.id);
    expect((await line()).picked).toBe(1);

    // a reload without connection: the lines and the waiting scans are still there
    await b.page.reload();
    await b.page.getByTestId('pick-list').waitFor();
    await expectPicked(b.page, 'TEA-SENCHA-100', 2);
    await expectPicked(b.page, 'FILT-EDEL', 1);
    await expect.poll(() => b.page.getByTestId('offline-banner').textContent()).toContain('(2 waiting)');

    await b.context.setOffline(false);
    await b.page.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 15_000 });
    await expectPicked(a.page, 'TEA-SENCHA-100', 2);
    await expectPicked(a.page, 'FILT-EDEL', 1);
    await a.page.getByTestId('activity').getByText(`Petra Packer ${suffix} picked Sencha Bio, 100 g`).waitFor();

    // replayed exactly once: one pick row per scan, each with its own client id
    const picks = await pb.collection('picks').getFullList({ filter: `order = '${o.order.id}'` });
    expect(picks.map((p) => p.qty).reduce((s, q) => s + q, 0)).toBe(3);
    expect(new Set(picks.map((p) => p.client_scan_id)).size).toBe(picks.length);
    expect((await line()).picked).toBe(2);

    // the last unit packs the order on both screens
    await handScan(a.page, o.lines[0].ean);
    await a.page.getByTestId('pick-list').getByText('Packed ✓').waitFor({ timeout: 10_000 });
    await b.page.getByTestId('pick-list').getByText('Packed ✓').waitFor({ timeout: 10_000 });
    expect((await pb.collection('orders').getOne(o.order.id)).fulfilment_status).toBe('packed');
  });

  it('switching packer is two taps and a PIN, and a revoked tablet locks at once', async () => {
    const pb = await superuser();
    const o = await paidOrder(pb, [{ sku: 'KAND-250', qty: 1 }]);
    await createPacker(pb, `Piet Packer ${o.number}`, '3691');
    const t = await tablet();
    await registerTablet(t.page, `Bench C ${o.number}`);
    await handOver(t.page);
    await unlock(t.page, 'Paul Packer', demoPackerPin());
    // tap 1: lock; tap 2: the name; then the PIN
    await t.page.getByRole('button', { name: 'Lock' }).click();
    await unlock(t.page, `Piet Packer ${o.number}`, '3691');

    const device = await pb.collection('devices').getFirstListItem(`name = 'Bench C ${o.number}'`);
    const sessions = await pb.collection('sessions').getFullList({ filter: `device = '${device.id}' && revoked = false` });
    expect(sessions).toHaveLength(1); // Paul's session ended when the tablet was locked
    await pb.collection('devices').update(device.id, { revoked: true });
    await pb.collection('sessions').update(sessions[0].id, { revoked: true }); // as devices.revoke does
    await t.page.getByTestId('lock-screen').waitFor({ timeout: 10_000 });
    await t.page.getByTestId('not-registered').waitFor();
  });
});
