// E2E (F08, F07, F45): a customer pays a card order on the sandbox gateway's page in one
// browser; in another, staff see the order leave the payment queue and turn paid on its
// order page, without reloading.
import type PocketBase from 'pocketbase';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { unpaidOrder } from '../support/payments';
import { signIn, superuser, useBrowser } from '../support/browser';

const browser = useBrowser();
let pb: PocketBase;
const baseUrl = inject('baseUrl');
const demo = inject('demo');

beforeAll(async () => {
  pb = await superuser();
});

describe('card payment through the sandbox gateway', () => {
  it('a declined card keeps what was typed; 4242 pays; the staff queue and order page turn paid live', async () => {
    const order = await unpaidOrder(pb, { method: 'card', totalCents: 3480 });

    // staff: the payment queue and the order page, open side by side
    const staffCtx = await browser().newContext();
    const queuePage = await staffCtx.newPage();
    const orderPage = await staffCtx.newPage();
    await signIn(queuePage, demo.manager);
    await queuePage.goto(`${baseUrl}/payments?method=card`);
    const row = queuePage.locator(`[data-testid="payment-queue"] tr[data-order="${order.number}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('0 business days');
    await orderPage.goto(`${baseUrl}/orders/${order.id}`);
    await orderPage.getByRole('heading', { name: `Order #${order.number}` }).waitFor();
    const panel = orderPage.getByTestId('payments-panel');
    await panel.getByText('No payment recorded yet.').waitFor();
    expect(await orderPage.locator('.badges [data-state="unpaid"]').count()).toBe(1);

    // the customer, in another browser context, on the link from their confirmation
    const customerCtx = await browser().newContext();
    const pay = await customerCtx.newPage();
    await pay.goto(`${baseUrl}/pay/${order.pay_token}`);
    await pay.getByRole('heading', { name: `Pay order #${order.number}` }).waitFor();
    expect(await pay.getByTestId('checkout-amount').textContent()).toBe('€34.80');
    // the sandbox gateway's page says what it is (issue #12, finding 1)
    expect(await pay.getByTestId('sandbox-banner').textContent()).toMatch(/^SANDBOX: /);
    await pay.getByLabel('Name on card').fill('Erika Mustermann');
    await pay.getByLabel('Card number').fill('4000000000000002');
    await pay.getByLabel('Expiry (MM/YY)').fill('12/39');
    await pay.getByLabel('Security code (CVC)').fill('123');
    await pay.getByRole('button', { name: 'Pay €34.80' }).click();
    await pay.getByRole('alert').getByText('Your card was declined (declined by the bank). No money was taken; try another card.').waitFor();
    expect(await pay.getByLabel('Card number').inputValue()).toBe('4000 0000 0000 0002');
    expect(await pay.getByLabel('Name on card').inputValue()).toBe('Erika Mustermann');

    // a typo is caught by the check digit before anything is charged
    await pay.getByLabel('Card number').fill('4242424242424241');
    await pay.getByRole('button', { name: 'Pay €34.80' }).click();
    await pay.getByText('This card number has a typo (its check digit does not match).').waitFor();

    await pay.getByLabel('Card number').fill('4242424242424242');
    await pay.getByRole('button', { name: 'Pay €34.80' }).click();
    await pay.getByTestId('checkout-succeeded').waitFor();

    // staff screens follow by themselves once the gateway's signed notification arrives
    await orderPage.locator('.badges [data-state="paid"]').waitFor({ timeout: 10_000 });
    await panel.getByTestId('bank-reference').getByText(/Ref\. SBX-\d{8}-[0-9A-F]{8}/).waitFor();
    await panel.getByText('Sandbox card gateway').waitFor();
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    await orderPage.getByTestId('timeline').getByText('Payment received').waitFor();

    const stored = await pb.collection('orders').getOne(order.id);
    expect(stored.payment_status).toBe('paid');
    const payments = await pb.collection('payments').getFullList({ filter: `order = '${order.id}'` });
    expect(payments.map((p) => [p.provider, p.status, p.amount_cents])).toEqual([['sandbox', 'succeeded', 3480]]);

    // coming back to the link later says it is paid
    await pay.goto(`${baseUrl}/pay/${order.pay_token}`);
    await pay.getByTestId('checkout-state').getByText(`Order #${order.number} is already paid. Thank you!`).waitFor();
    await customerCtx.close();
    await staffCtx.close();
  });

  it('packers cannot open the payment queue', async () => {
    const ctx = await browser().newContext();
    const page = await ctx.newPage();
    await signIn(page, demo.packer);
    await page.goto(`${baseUrl}/payments`);
    await page.waitForURL((u) => !u.pathname.startsWith('/payments'));
    const res = await page.request.get(`${baseUrl}/api/trpc/payments.queue?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
    expect(res.status()).toBe(403);
    await ctx.close();
  });
});
