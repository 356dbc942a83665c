// F23: a Click & Collect order is put ready for pickup, the customer's page says so, and the
// collection desk hands it over after the order barcode is scanned; the stock leaves with it.
import { describe, expect, inject, it } from 'vitest';
import { signIn } from '../support/browser';
import { packedOrder, stockAndLedger, superuser, useBrowser } from './shipping-fixtures';

const browser = useBrowser();
const baseUrl = inject('baseUrl');
const demo = inject('demo');

describe('Click & Collect', () => {
  it('goes from packed to ready for pickup to collected, and the customer sees each step', async () => {
    const pb = await superuser();
    const { order, number, products } = await packedOrder(pb, [2, 1], 'collect');

    const customerCtx = await browser().newContext({ viewport: { width: 390, height: 844 } });
    const customer = await customerCtx.newPage();
    await customer.goto(`${baseUrl}/track/${order.tracking_token}`);
    await customer.locator('[data-testid="track-pickup"][data-state="preparing"]').waitFor();
    await customer.locator('[data-testid="track-live"][data-connected="true"]').waitFor();

    const staffCtx = await browser().newContext();
    const staff = await staffCtx.newPage();
    await signIn(staff, demo.office);
    await staff.goto(`${baseUrl}/orders/${order.id}`);
    await staff.getByTestId('shipping-panel').getByRole('button', { name: 'Ready for pickup' }).click();
    await staff.getByText('The customer has been told the order is ready.').waitFor();
    const mails = await pb.collection('outbox').getFullList({ filter: `order = '${order.id}' && topic = 'pickup_ready'` });
    expect(mails).toHaveLength(1);

    const pickup = customer.locator('[data-testid="track-pickup"][data-state="ready"]');
    await pickup.waitFor({ timeout: 5000 });
    const pickupText = (await pickup.textContent())!;
    expect(pickupText).toContain('Friedrichstraße 100');
    expect(pickupText).toContain('Mo–Fr 9–18 Uhr');
    expect(pickupText).toContain(`order number ${number}`);

    // the collection desk: a hardware scanner types the order barcode and Enter, fast
    await staff.goto(`${baseUrl}/shipping/collect`);
    await staff.getByRole('heading', { name: 'Collection desk' }).waitFor();
    await staff.locator('[data-testid="collect-desk"][data-scanner-ready="true"]').waitFor();
    await staff.keyboard.type(String(number), { delay: 5 });
    await staff.keyboard.press('Enter');
    const found = staff.locator(`[data-testid="collect-order"][data-order="${number}"]`);
    await found.waitFor();
    expect(await found.textContent()).toContain('(Scanned)');
    await found.getByRole('button', { name: 'Hand over to the customer' }).click();
    await expect.poll(() => staff.getByTestId('collect-done').textContent()).toBe(`Order #${number} collected: 3 items handed over.`);

    await customer.locator('[data-testid="track-pickup"][data-state="collected"]').waitFor({ timeout: 5000 });
    await expect.poll(() => customer.getByTestId('track-state').getAttribute('data-state')).toBe('collected');
    await expect.poll(() => customer.getByTestId('track-lines').textContent()).toContain('2 collected');

    const collected = await pb.collection('order_events').getFirstListItem(`order = '${order.id}' && type = 'collected'`, { expand: 'actor' });
    expect(collected.expand?.actor?.name).toBe('Ottilie Office');
    expect(collected.data.method).toBe('scan');
    for (const p of products) {
      const s = await stockAndLedger(pb, p.id);
      expect(s.stock).toEqual(s.ledger);
      expect(s.stock.reserved).toBe(0);
    }

    // typing the number of an order that was already collected says so
    await staff.getByLabel('Order number').fill(String(number));
    await staff.getByRole('button', { name: 'Find' }).click();
    await staff.getByRole('alert').getByText('This order is not ready for pickup (it is Collected).').waitFor();
    await staffCtx.close();
    await customerCtx.close();
  });
});
