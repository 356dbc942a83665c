// E2E (F41): on a paid sandbox-card order of the demo shop a manager issues a credit note for
// one item and refunds it through the sandbox gateway; a second browser sees the payment
// state and the timeline change without reloading; the customer's mailbox holds the refund
// e-mail with the credit note's PDF.
import type PocketBase from 'pocketbase';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { unpaidOrder } from '../support/payments';
import { signIn, signedInOn, superuser, useBrowser } from '../support/browser';
import { payByCard } from './shipping-fixtures';

const browser = useBrowser();
let pb: PocketBase;
const baseUrl = inject('baseUrl');
const demo = inject('demo');

beforeAll(async () => {
  pb = await superuser();
});

describe('F41 refunds on the order page', () => {
  it('credit note for one item, refund through the sandbox gateway, live in a second browser, e-mail with the PDF', async () => {
    const product = await pb.collection('products').getFirstListItem('active = true && price_cents > 0', { sort: 'sku' });
    const order = await unpaidOrder(pb, { method: 'card', totalCents: 2 * product.price_cents });
    await pb.collection('order_lines').create({ order: order.id, product: product.id, sku: product.sku, name: product.name, unit_price_cents: product.price_cents, tax_rate_bp: product.tax_rate_bp, qty: 2, picked: 0, shipped: 0, returned: 0, position: 0 });
    const money = (cents: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(cents / 100);

    // the customer pays by card on the sandbox gateway's page
    await payByCard(browser(), baseUrl, order);
    await expect.poll(async () => (await pb.collection('orders').getOne(order.id)).payment_status, { timeout: 10_000 }).toBe('paid');

    // a manager works on the order; office staff have it open in another browser
    const [manager, watcher] = await signedInOn(browser(), `${baseUrl}/orders/${order.id}`, demo.manager, demo.office);
    for (const page of [manager, watcher]) await page.getByRole('heading', { name: `Order #${order.number}` }).waitFor();
    const watcherBadge = (state: string) => watcher.locator(`.badges [data-state="${state}"]`);
    await watcherBadge('paid').waitFor();

    const panel = manager.getByTestId('refunds-panel');
    await panel.getByRole('button', { name: 'Issue a credit note…' }).click();
    const cnForm = panel.getByTestId('credit-note-form');
    await cnForm.locator(`input[data-line="${product.sku}"]`).fill('1');
    await cnForm.locator('input[name="reason"]').fill('Arrived broken');
    await cnForm.getByRole('button', { name: 'Issue credit note' }).click();
    const issued = panel.getByRole('status').getByText(/Credit note GS-\d{4}-\d{6} issued\./);
    await issued.waitFor();
    const number = (await issued.textContent())!.match(/GS-\d{4}-\d{6}/)![0];
    await panel.getByTestId('credit-notes').locator(`li[data-number="${number}"]`).waitFor();
    // the watcher's timeline shows it without a reload
    await watcher.getByTestId('timeline').getByText('Credit note issued').waitFor();

    // the credit note downloads as a PDF
    const download = manager.waitForEvent('download');
    await panel.getByRole('button', { name: `Download credit note ${number} (A4)` }).click();
    expect((await download).suggestedFilename()).toBe(`credit-note-${number}.pdf`);

    await panel.getByRole('button', { name: 'Refund…' }).click();
    const refundForm = panel.getByTestId('refund-form');
    await refundForm.getByRole('combobox', { name: 'For credit note' }).selectOption({ label: `${number} · ${money(product.price_cents)}` });
    expect(await refundForm.getByRole('combobox', { name: 'How' }).inputValue()).toBe('card');
    await refundForm.getByRole('button', { name: 'Refund' }).click();
    await panel.getByRole('status').getByText('Refund sent to the card provider; it shows as done when the provider confirms.').waitFor();

    // the gateway's signed notification arrives; both browsers follow without reloading
    await watcherBadge('partially_refunded').waitFor({ timeout: 15_000 });
    await watcher.getByTestId('timeline').getByText('Partly refunded').waitFor();
    await manager.locator('.badges [data-state="partially_refunded"]').waitFor();
    await expect.poll(() => watcher.getByTestId('refunds-panel').getByTestId('refunded').textContent()).toBe(money(product.price_cents));
    await watcher.getByTestId('refunds-panel').locator('[data-testid="refunds"] li[data-status="succeeded"]').waitFor();

    // the customer's mailbox (no SMTP in the E2E stack): the refund e-mail with the credit note PDF
    const mailFilter = pb.filter('order = {:o} && topic = "refund_issued"', { o: order.id });
    await expect.poll(async () => (await pb.collection('mailbox').getList(1, 1, { filter: mailFilter })).totalItems, { timeout: 15_000 }).toBe(1);
    const mail = await pb.collection('mailbox').getFirstListItem(mailFilter);
    expect(mail.subject).toBe(`Refund for your order #${order.number}`);
    expect(mail.recipient).toBe(order.email);
    expect(mail.attachment_info).toEqual([expect.objectContaining({ name: `credit-note-${number}.pdf`, contentType: 'application/pdf' })]);
    // office staff can open it on the /mail screen and fetch the PDF
    const pdf = await watcher.request.get(`${baseUrl}/mail/${mail.id}/attachments/0`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    await manager.context().close();
    await watcher.context().close();
  });

  it('packers get none of it', async () => {
    const ctx = await browser().newContext();
    const page = await ctx.newPage();
    await signIn(page, demo.packer);
    const res = await page.request.get(`${baseUrl}/api/trpc/refunds.forOrder?input=${encodeURIComponent(JSON.stringify({ json: { orderId: 'aaaaaaaaaaaaaaa' } }))}`);
    expect(res.status()).toBe(403);
    await ctx.close();
  });
});
