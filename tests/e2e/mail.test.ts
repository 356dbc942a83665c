// Without SMTP_URL the app server delivers into its local mailbox; office staff read it at /mail.
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { useBrowser, signIn, superuser } from '../support/browser';
import { eventually } from '../support/eventually';

const browser = useBrowser();
const demo = inject('demo');
const baseUrl = inject('baseUrl');


describe('the local mailbox at /mail (F11, F34)', () => {
  it('office staff see a delivered receipt, read it and download its PDF; packers cannot', async () => {
    const pb = await superuser();
    const order = await pb.collection('orders').getFirstListItem('number = 1014');
    // what queueEmail writes inside the paying change's unit of work
    const messageId = `<e2e-${randomUUID()}@packbench>`;
    const row = await pb.collection('outbox').create({
      kind: 'email',
      topic: 'receipt',
      recipient: order.email,
      payload: { locale: 'en', data: { orderId: order.id } },
      status: 'pending',
      attempts: 0,
      next_attempt_at: new Date().toISOString(),
      message_id: messageId,
      order: order.id
    });
    // the app server's worker delivers it without anyone asking
    await eventually(async () => (await pb.collection('outbox').getOne(row.id)).status === 'sent', { timeout: 15_000, what: 'the receipt sent' });
    const stored = await pb.collection('mailbox').getFirstListItem(pb.filter('message_id = {:id}', { id: messageId }));

    const context = await browser().newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, demo.office);
    await page.getByRole('link', { name: 'Mail' }).click();
    await page.getByRole('heading', { name: 'E-mail' }).waitFor();
    expect(await page.getByTestId('mail-transport').textContent()).toContain('No mail server is set up');
    const subject = `Receipt for your order #1014`;
    await page.getByPlaceholder('Search subject, recipient or type').fill('1014');
    await page.keyboard.press('Enter');
    const row1014 = page.locator(`tr[data-mail="${stored.id}"]`);
    await row1014.waitFor();
    expect(await row1014.textContent()).toContain(order.email);
    await row1014.getByRole('link', { name: subject }).click();

    await page.getByRole('heading', { name: subject }).waitFor();
    expect(await page.getByTestId('mail-to').textContent()).toBe(order.email);
    // the HTML part, in a sandboxed frame that may not run scripts or reach the app
    const frame = page.locator('iframe');
    expect(await frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    await page.frameLocator('iframe').getByText(`Hello ${order.customer_name},`).waitFor();
    await page.frameLocator('iframe').getByText(/thank you for your payment of €\d+\.\d\d/).waitFor();
    // the plain-text part
    await page.getByText('Plain-text version').click();
    expect(await page.getByTestId('mail-text').textContent()).toContain('Your receipt is attached to this e-mail as a PDF.');

    // the attachment downloads as the receipt PDF
    const download = page.waitForEvent('download');
    await page.getByTestId('mail-attachments').getByRole('link', { name: 'receipt-1014.pdf' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('receipt-1014.pdf');
    const res = await page.request.get(`${baseUrl}/mail/${stored.id}/attachments/0`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect(res.headers()['content-disposition']).toContain('attachment; filename="receipt-1014.pdf"');
    expect((await res.body()).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await page.request.get(`${baseUrl}/mail/${stored.id}/attachments/7`)).status()).toBe(404);
    await context.close();

    // a packer's session gets neither the attachment nor the list
    const packer = await browser().newContext();
    const signedIn = await packer.request.post(`${baseUrl}/api/trpc/auth.signIn`, { data: { json: demo.packer } });
    expect(signedIn.status()).toBe(200);
    expect((await packer.request.get(`${baseUrl}/mail/${stored.id}/attachments/0`)).status()).toBe(403);
    const list = await packer.request.get(`${baseUrl}/api/trpc/mail.mailbox?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
    expect(list.status()).toBe(403);
    await packer.close();
    // and nobody without a session
    expect((await fetch(`${baseUrl}/mail/${stored.id}/attachments/0`)).status).toBe(401);
  });

  it('F11 #15 the outbox pages newest first with Previous and Next and no total (it keeps every e-mail ever sent)', async () => {
    const pb = await superuser();
    const tag = randomUUID().slice(0, 8);
    // given-up rows stay as they are (the worker leaves them): 55 of them make two pages of 50
    for (let i = 0; i < 55; i++) {
      await pb.collection('outbox').create({ kind: 'email', topic: 'receipt', recipient: `pager-${tag}-${i}@example.com`, payload: {}, status: 'dead', attempts: 1, next_attempt_at: '', message_id: `<pager-${tag}-${i}@packbench>`, order: '' });
    }
    const dead = (await pb.collection('outbox').getList(1, 1, { filter: "kind = 'email' && status = 'dead'" })).totalItems;
    const page = await (await browser().newContext()).newPage();
    await signIn(page, demo.office);
    await page.goto(`${baseUrl}/mail?tab=outbox&status=dead`);
    const rows = page.locator('tr[data-outbox]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(50);
    // the newest first: the last one made leads
    await expect.poll(() => rows.first().textContent()).toContain(`pager-${tag}-54@example.com`);
    const pager = page.locator('nav.pager');
    await expect.poll(() => pager.textContent()).toContain('Page 1');
    expect(await pager.textContent()).not.toContain(' of ');
    expect(await pager.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/page=2/);
    await expect.poll(() => pager.textContent()).toContain('Page 2');
    await expect.poll(() => rows.count()).toBe(Math.min(50, dead - 50));
    await expect.poll(() => rows.last().textContent()).toContain(dead === 55 ? `pager-${tag}-0@example.com` : '@');
    expect(await pager.getByRole('button', { name: 'Next' }).isDisabled()).toBe(dead <= 100);
    await page.context().close();
  });
});
