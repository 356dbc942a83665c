// F21, F22, F24: an office worker ships an order in two parcels while the customer, in another
// browser without signing in, watches the tracking page update by itself.
import { createHmac } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { signIn } from '../support/browser';
import { packedOrder, stockAndLedger, superuser, useBrowser } from './shipping-fixtures';

const browser = useBrowser();
const baseUrl = inject('baseUrl');
const demo = inject('demo');

describe('shipping in two parcels, watched live by the customer', () => {
  it('each parcel, its tracking number and a courier event appear on the customer page without reload', async () => {
    const pb = await superuser();
    const { order, number, lines, products } = await packedOrder(pb, [3, 2]);

    // the customer: no session, only the link from the e-mail
    const customerCtx = await browser().newContext({ viewport: { width: 390, height: 844 } });
    const customer = await customerCtx.newPage();
    await customer.goto(`${baseUrl}/track/${order.tracking_token}`);
    await customer.getByRole('heading', { name: `Your order ${number}` }).waitFor();
    expect(await customer.getByTestId('track-state').getAttribute('data-state')).toBe('processing');
    expect(await customer.getByTestId('track-lines').textContent()).toContain('3 packed');
    await customer.locator('[data-testid="track-live"][data-connected="true"]').waitFor();

    // the office ships 2 of the first line in parcel 1 (sandbox courier)
    const officeCtx = await browser().newContext();
    const office = await officeCtx.newPage();
    await signIn(office, demo.office);
    await office.goto(`${baseUrl}/orders/${order.id}`);
    const panel = office.getByTestId('shipping-panel');
    const form = panel.getByTestId('new-parcel');
    await form.waitFor();
    await form.locator(`input[data-line="${lines[0].sku}"]`).fill('2');
    await form.locator(`input[data-line="${lines[1].sku}"]`).fill('0');
    await form.locator('select[name="courier"]').selectOption('sandbox');
    await form.getByRole('button', { name: 'Ship this parcel' }).click();
    await panel.locator('[data-testid="parcel"][data-status="label_created"]').waitFor();
    const tracking1 = (await panel.getByTestId('parcel-tracking').first().textContent())!.trim();
    expect(tracking1).toMatch(/^SB\d{9}PB$/);

    // ... and the customer sees it, live
    const parcel1 = customer.getByTestId('track-parcel').first();
    await parcel1.waitFor({ timeout: 5000 });
    await customer.locator('[data-testid="track-state"][data-state="partially_shipped"]').waitFor({ timeout: 5000 });
    expect(await parcel1.getByTestId('tracking-number').textContent()).toBe(tracking1);
    expect(await customer.getByTestId('track-lines').textContent()).toContain('2 on the way');

    await panel.getByRole('button', { name: 'Handed to courier' }).click();
    await customer.locator('[data-testid="track-parcel"][data-status="handed_over"]').waitFor({ timeout: 5000 });

    // parcel 2: the rest, entered by hand with a DHL number
    await form.locator(`input[data-line="${lines[0].sku}"]`).fill('1');
    await form.locator(`input[data-line="${lines[1].sku}"]`).fill('2');
    await form.locator('select[name="courier"]').selectOption('manual');
    await form.locator('select[name="carrier"]').selectOption('dhl');
    await form.locator('input[name="trackingNumber"]').fill('00340434161094042557');
    await form.getByRole('button', { name: 'Ship this parcel' }).click();
    await panel.getByText('Everything picked has been shipped.').waitFor();

    await customer.locator('[data-testid="track-state"][data-state="shipped"]').waitFor({ timeout: 5000 });
    const parcel2 = customer.getByTestId('track-parcel').nth(1);
    expect(await parcel2.getByTestId('tracking-number').textContent()).toBe('00340434161094042557');
    expect(await parcel2.getByRole('link', { name: 'Track at DHL' }).getAttribute('href')).toContain('piececode=00340434161094042557');

    // the sandbox courier reports parcel 1 delivered, signed as it would be
    const shipments = await pb.collection('shipments').getFullList({ filter: `order = '${order.id}'`, sort: 'created' });
    const secret = (await pb.collection('settings').getFirstListItem("key = 'sandbox_courier'")).value.secret as string;
    const body = JSON.stringify({ id: `e2e-${Date.now()}`, parcel: shipments[0].courier_ref, tracking_number: tracking1, status: 'delivered', occurred_at: new Date().toISOString(), location: 'Berlin', description: 'Delivered to the neighbour' });
    const t = Math.floor(Date.now() / 1000);
    const res = await fetch(`${baseUrl}/api/couriers/sandbox/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sandbox-signature': `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}` },
      body
    });
    expect(res.status).toBe(200);
    await customer.locator('[data-testid="track-parcel"][data-status="delivered"]').waitFor({ timeout: 5000 });
    expect(await parcel1.getByTestId('parcel-events').textContent()).toContain('Delivered to the neighbour');
    expect(await customer.getByTestId('track-lines').textContent()).toContain('2 delivered');

    // nothing internal on the customer's page
    const text = (await customer.locator('body').textContent())!;
    for (const secretText of [order.email, order.phone, 'Lindenstraße', 'Ottilie Office']) expect([secretText, text.includes(secretText)]).toEqual([secretText, false]);

    for (const p of products) {
      const s = await stockAndLedger(pb, p.id);
      expect(s.stock).toEqual(s.ledger);
      expect(s.stock.reserved).toBe(0);
    }
    await officeCtx.close();
    await customerCtx.close();
  });

  it('a wrong link shows the same neutral page as an unknown one', async () => {
    // the page's data: the same neutral answer for anything wrong, never cached
    const answers = [];
    for (const token of ['x'.repeat(24), 'nope']) {
      const res = await fetch(`${baseUrl}/track/${token}/data`);
      expect(res.status).toBe(404);
      expect(res.headers.get('cache-control')).toBe('no-store');
      answers.push(await res.text());
    }
    expect(new Set(answers).size).toBe(1);
    const ctx = await browser().newContext();
    const page = await ctx.newPage();
    for (const token of ['x'.repeat(24), 'nope']) {
      await page.goto(`${baseUrl}/track/${token}`);
      expect(await page.getByTestId('track-not-found').textContent()).toBe('We could not find this order. Please check the link in your e-mail.');
    }
    await ctx.close();
  });
});
