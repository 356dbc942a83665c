// Without SMTP_URL the app server delivers into its local mailbox; office staff read it at /mail.
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { useBrowser, signIn, superuser } from '../support/browser';

const browser = useBrowser();
const demo = inject('demo');
const baseUrl = inject('baseUrl');


async function until<T>(check: () => Promise<T | null | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}


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
    await until(async () => (await pb.collection('outbox').getOne(row.id)).status === 'sent');
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
});
