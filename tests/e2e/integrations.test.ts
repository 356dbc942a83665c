// F43 in a real browser: a manager creates an API key and a webhook endpoint on
// /settings/integrations; a client places an order through the REST API; it appears live in
// the office queue; the local receiver gets `order.placed`, verified with standardwebhooks; the
// delivery shows in the endpoint's log and can be replayed from there.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signIn, superuser, useBrowser } from '../support/browser';
import { startReceiver } from '../support/webhook-receiver';

const browser = useBrowser();
const demo = inject('demo');
const baseUrl = inject('baseUrl');
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});

describe('F43 integrations', () => {
  it('F43 key and endpoint made in the UI; an API order shows live in the queue, its webhook is verified, logged and replayed', async () => {
    const pb = await superuser();
    const manager = await (await browser().newContext()).newPage();
    await signIn(manager, demo.manager);
    await manager.getByRole('link', { name: 'Integrations' }).click();
    await manager.waitForURL(/\/settings\/integrations$/);

    // the key: shown once
    const keys = manager.getByTestId('api-keys');
    await keys.getByLabel('Name').fill('Till in the shop');
    await keys.getByRole('checkbox', { name: 'orders:write' }).check();
    await keys.getByRole('button', { name: 'Create key' }).click();
    const secret = (await keys.getByTestId('new-key-secret').textContent())!.trim();
    expect(secret).toMatch(/^pbk_/);
    await keys.getByTestId('api-key-row').filter({ hasText: 'Till in the shop' }).waitFor();

    // the endpoint: its signing secret shown once
    const hooks = manager.getByTestId('webhook-endpoints');
    await hooks.getByLabel('URL').fill(receiver.url('/e2e'));
    await hooks.getByRole('button', { name: 'Add endpoint' }).click();
    receiver.state.secret = (await hooks.getByTestId('new-endpoint-secret').textContent())!.trim();
    expect(receiver.state.secret).toMatch(/^whsec_/);

    // the office has the queue open
    const office = await (await browser().newContext()).newPage();
    await signIn(office, demo.office);
    await office.getByTestId('order-queue').waitFor();

    // a client places an order through the API
    const product = await pb.collection('products').getFirstListItem('active = true && on_hand > 20');
    const res = await fetch(`${baseUrl}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ customer: { name: 'Till customer' }, fulfilment_method: 'collect', payment_method: 'cash', lines: [{ product_id: product.id, qty: 1 }] })
    });
    const order = await res.json();
    expect(res.status, JSON.stringify(order)).toBe(201);

    await office.locator(`tr[data-order="${order.number}"]`).waitFor({ timeout: 10_000 });

    await expect.poll(() => receiver.state.received.filter((r) => r.type === 'order.placed').length, { timeout: 15_000 }).toBe(1);
    const [event] = receiver.state.received;
    expect(event).toMatchObject({ verified: true, data: { order_id: order.id, sequence: 0 } });

    // the log shows it; replay sends the same event again
    const endpoint = hooks.getByTestId('endpoint-row').filter({ hasText: receiver.url('/e2e') });
    await endpoint.getByRole('button', { name: 'Delivery log' }).click();
    const row = endpoint.getByTestId('delivery-row').filter({ hasText: 'order.placed' });
    await row.first().waitFor({ timeout: 10_000 });
    expect(await row.first().getAttribute('data-ok')).toBe('true');
    await row.first().getByRole('button', { name: 'Replay' }).click();
    await expect.poll(() => receiver.state.received.length, { timeout: 15_000 }).toBe(2);
    expect(receiver.state.received[1]).toMatchObject({ id: event.id, verified: true });
    expect(receiver.state.badSignatures).toBe(0);
    await endpoint.getByTestId('delivery-row').nth(1).waitFor({ timeout: 10_000 });

    await manager.context().close();
    await office.context().close();
  });

  it('F43 the API reference at /api/docs renders the OpenAPI document with nothing but its own scripts', async () => {
    const page = await (await browser().newContext()).newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
    });
    await page.goto(`${baseUrl}/api/docs`);
    await page.getByText('Packbench API').first().waitFor({ timeout: 15_000 });
    await page.getByText('/orders/{id}/cancel').first().waitFor();
    expect(blocked).toEqual([]);
    await page.context().close();
  });

  it('F43 the DATEV accounts are edited on the page: a wrong number is named beside its field, a saved account reaches the setting', async () => {
    const pb = await superuser();
    const manager = await (await browser().newContext()).newPage();
    await signIn(manager, demo.manager);
    await manager.goto(`${baseUrl}/settings/integrations`);
    const form = manager.getByTestId('datev-settings');
    await form.getByLabel('Revenue account at 19 % VAT').waitFor();
    expect(await form.getByLabel('Bank account').inputValue()).toBe('1200');
    await form.getByLabel('Advisor number (Beraternummer)').fill('12');
    await form.getByLabel('Bank account').fill('1800');
    await form.getByRole('button', { name: 'Save accounts' }).click();
    await form.getByText('The advisor number has 4 to 7 digits.').waitFor();
    // nothing saved, nothing typed lost
    expect(await form.getByLabel('Bank account').inputValue()).toBe('1800');
    await form.getByLabel('Advisor number (Beraternummer)').fill('29098');
    await form.getByRole('button', { name: 'Save accounts' }).click();
    await form.getByRole('status').getByText('Saved.').waitFor();
    const stored = await pb.collection('settings').getFirstListItem("key = 'datev'");
    expect(stored.value).toMatchObject({ advisorNumber: 29098, bankAccount: 1800, revenueAccounts: { '1900': 8400 } });
    // back to the defaults for the other tests
    await form.getByLabel('Bank account').fill('1200');
    await form.getByLabel('Advisor number (Beraternummer)').fill('1001');
    await form.getByRole('button', { name: 'Save accounts' }).click();
    await expect.poll(async () => (await pb.collection('settings').getFirstListItem("key = 'datev'")).value.bankAccount).toBe(1200);
    await manager.context().close();
  });
});
