// #13's after-sales done-when in one run (F39-F41): a shipped card order has two of its three
// items returned, one put back on the shelf and one written off; a credit note for them is
// issued and refunded through the sandbox card gateway; a second browser, with the order and the
// stock page open, sees the stock, the payment state and the timeline change without reloading;
// the customer's mailbox holds the refund e-mail with the credit note's PDF.
import { describe, expect, inject, it } from 'vitest';
import { signedInOn } from '../support/browser';
import { packedOrder, payByCard, shipAll, stockAndLedger, superuser, useBrowser } from './shipping-fixtures';

const browser = useBrowser();
const demo = inject('demo');
const baseUrl = inject('baseUrl');

const money = (cents: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(cents / 100);

describe('#13 after the parcel: return, credit note, card refund (F39-F41)', () => {
  it('returns two of three items of a shipped card order, credits and refunds them through the gateway; another browser follows live; the customer gets the PDF', async () => {
    const pb = await superuser();
    const { order, lines, products } = await packedOrder(pb, [1, 1, 1], 'ship', 'unpaid');

    await payByCard(browser(), baseUrl, order);
    await expect.poll(async () => (await pb.collection('orders').getOne(order.id)).payment_status, { timeout: 10_000 }).toBe('paid');
    await shipAll(pb, order, lines, products);
    const onHand = (await pb.collection('products').getOne(products[0].id)).on_hand as number;

    // office staff work on the order; a manager has it open in a second browser, with the stock page beside it
    const [office, watcher] = await signedInOn(browser(), `${baseUrl}/orders/${order.id}`, demo.office, demo.manager);
    const stock = await watcher.context().newPage();
    await stock.goto(`${baseUrl}/stock`);
    const onShelf = stock.locator(`tr[data-sku="${products[0].sku}"] [data-col="on_hand"]`);
    await expect.poll(() => onShelf.textContent()).toBe(String(onHand));
    await watcher.locator('.badges [data-state="paid"]').waitFor();

    // 1. the return of two items, received: one back on the shelf, one written off
    const returns = office.getByTestId('returns-panel');
    await returns.getByRole('button', { name: 'Record a return' }).click();
    const form = returns.getByTestId('new-return');
    await form.getByLabel(`Units of ${lines[0].name} to return`).fill('1');
    await form.getByLabel(`Reason for ${lines[0].name}`).selectOption('damaged');
    await form.getByLabel(`Units of ${lines[1].name} to return`).fill('1');
    await form.getByLabel(`Reason for ${lines[1].name}`).selectOption('defective');
    await form.getByRole('button', { name: 'Record return of 2 units' }).click();
    await returns.getByRole('status').getByText('Return of 2 units recorded.').waitFor();
    await returns.getByRole('button', { name: 'Goods arrived…' }).click();
    const receive = returns.getByTestId('receive-form');
    await receive.getByLabel(`Units of ${lines[1].name} back on the shelf`).fill('0');
    await receive.getByLabel(`Units of ${lines[1].name} written off`).fill('1');
    await receive.getByRole('button', { name: 'Receive' }).click();
    await returns.getByRole('status').getByText('The return is received.').waitFor();

    await expect.poll(() => watcher.getByTestId('timeline').textContent()).toContain('Return received: 1 back on the shelf, 1 written off, 0 to inspect');
    await watcher.locator('.badges [data-state="partially_returned"]').waitFor();
    await expect.poll(() => onShelf.textContent(), { timeout: 10_000 }).toBe(String(onHand + 1));

    // 2. the manager credits the two returned items; now the office's browser is the one that follows
    const refunds = watcher.getByTestId('refunds-panel');
    await refunds.getByRole('button', { name: 'Issue a credit note…' }).click();
    const cnForm = refunds.getByTestId('credit-note-form');
    await cnForm.locator(`input[data-line="${lines[0].sku}"]`).fill('1');
    await cnForm.locator(`input[data-line="${lines[1].sku}"]`).fill('1');
    await cnForm.locator('input[name="reason"]').fill('Returned: damaged and defective');
    await cnForm.getByRole('button', { name: 'Issue credit note' }).click();
    const issued = refunds.getByRole('status').getByText(/Credit note GS-\d{4}-\d{6} issued\./);
    await issued.waitFor();
    const number = (await issued.textContent())!.match(/GS-\d{4}-\d{6}/)![0];
    await expect.poll(() => office.getByTestId('timeline').textContent()).toContain('Credit note issued');

    // 3. refunded through the card gateway; its signed notification settles it in both browsers
    await refunds.getByRole('button', { name: 'Refund…' }).click();
    const refundForm = refunds.getByTestId('refund-form');
    await refundForm.getByRole('combobox', { name: 'For credit note' }).selectOption({ label: `${number} · ${money(2 * 990)}` });
    expect(await refundForm.getByRole('combobox', { name: 'How' }).inputValue()).toBe('card');
    await refundForm.getByRole('button', { name: 'Refund' }).click();
    await office.locator('.badges [data-state="partially_refunded"]').waitFor({ timeout: 15_000 });
    await watcher.getByTestId('timeline').getByText('Partly refunded').waitFor();
    await expect.poll(() => watcher.getByTestId('refunds-panel').getByTestId('refunded').textContent()).toBe(money(2 * 990));

    // 4. the customer's mailbox: the refund e-mail with the credit note's PDF
    const mailFilter = pb.filter('order = {:o} && topic = "refund_issued"', { o: order.id });
    await expect.poll(async () => (await pb.collection('mailbox').getList(1, 1, { filter: mailFilter })).totalItems, { timeout: 15_000 }).toBe(1);
    const mail = await pb.collection('mailbox').getFirstListItem(mailFilter);
    expect(mail.recipient).toBe(order.email);
    expect(mail.attachment_info).toEqual([expect.objectContaining({ name: `credit-note-${number}.pdf`, contentType: 'application/pdf' })]);

    // the ledger still explains every product's stock
    expect(await pb.collection('orders').getOne(order.id)).toMatchObject({ payment_status: 'partially_refunded', fulfilment_status: 'partially_returned' });
    for (const p of products) {
      const s = await stockAndLedger(pb, p.id);
      expect(s.stock).toEqual(s.ledger);
    }
    await office.context().close();
    await watcher.context().close();
  });
});
