import { describe, expect, inject, it } from 'vitest';
import { signedInOn, signIn, superuser, useBrowser } from '../support/browser';

const browser = useBrowser();
const demo = inject('demo');
const baseUrl = inject('baseUrl');



describe('signing in', () => {
  it('a wrong password gets a clear message and keeps the e-mail; the right one opens the queue', async () => {
    const page = await (await browser().newContext()).newPage();
    await page.goto(`${baseUrl}/orders`);
    await page.waitForURL(/\/signin\?next=%2Forders/);
    await page.getByLabel(/e-mail/i).fill(demo.office.email);
    await page.getByLabel(/password/i).fill('not-the-password');
    await page.getByRole('button', { name: /sign in/i }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('E-mail or password is wrong.');
    expect(await page.getByLabel(/e-mail/i).inputValue()).toBe(demo.office.email);
    expect(await page.getByLabel(/password/i).inputValue()).toBe('');

    await page.getByLabel(/password/i).fill(demo.office.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/orders$/);
    await page.locator('tr[data-order]').first().waitFor();
    // the demo shop's first and last orders (other E2E files may add more)
    expect(await page.locator('tr[data-order="1001"]').count()).toBe(1);
    expect(await page.locator('tr[data-order="1030"]').count()).toBe(1);
    await page.context().close();
  });

  it('switches the whole interface to German and remembers it', async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    await signIn(page, demo.manager);
    // the choice is saved on the server in the background; wait for it before reloading
    const saved = (locale: string) => page.waitForResponse((r) => r.url().includes('auth.setLocale') && r.ok() && r.request().postData()?.includes(locale) === true);
    await Promise.all([saved('de'), page.getByLabel('Language').selectOption('de')]);
    await page.getByRole('heading', { name: 'Bestell-Warteschlange' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Bestell-Warteschlange' }).waitFor();
    expect(await page.getByRole('button', { name: 'Abmelden' }).isVisible()).toBe(true);
    // money and dates through Intl, in German
    expect(await page.locator('tr[data-order] td.num').first().textContent()).toMatch(/^\d{1,3}(\.\d{3})*,\d{2}\s€$/);
    // back to English for the other tests that sign in as the manager
    await Promise.all([saved('en'), page.getByLabel('Sprache').selectOption('en')]);
    await context.close();
  });
});

describe('two people on the same order (F15, F29)', () => {
  it('a note added in one browser appears in the other without reload, with presence', async () => {
    const pb = await superuser();
    const order = await pb.collection('orders').getFirstListItem('number = 1005');

    const [office, manager] = await signedInOn(browser(), `${baseUrl}/orders/${order.id}`, demo.office, demo.manager);
    await office.getByRole('heading', { name: 'Order #1005' }).waitFor();
    await manager.getByRole('heading', { name: 'Order #1005' }).waitFor();

    // each sees the other
    await office.getByTestId('presence').getByText('Max Manager').waitFor();
    await manager.getByTestId('presence').getByText('Ottilie Office').waitFor();

    const text = `Customer called: deliver to the neighbour ${Date.now()}`;
    await office.getByPlaceholder('Add a note…').fill(text);
    await office.getByRole('button', { name: 'Add note' }).click();
    await manager.getByTestId('notes').getByText(text).waitFor({ timeout: 5000 });
    await manager.getByTestId('timeline').getByText('Note added').waitFor();
    // the author's own screen shows it once
    expect(await office.getByTestId('notes').getByText(text).count()).toBe(1);

    await manager.context().close();
    await office.getByText('Only you are viewing this order.').waitFor();
    await office.context().close();
  });

  it('the queue updates live when an order changes anywhere', async () => {
    const pb = await superuser();
    const context = await browser().newContext();
    const page = await context.newPage();
    await signIn(page, demo.office);
    const row = page.locator('tr[data-order="1003"]');
    await row.waitFor();
    expect(await row.locator('[data-state]').nth(1).getAttribute('data-state')).toBe('unpaid');

    const order = await pb.collection('orders').getFirstListItem('number = 1003');
    await pb.collection('orders').update(order.id, { payment_status: 'paid' });
    await row.locator('[data-state="paid"]').waitFor({ timeout: 5000 });
    await context.close();
  });
});

describe('bad input and unknown pages', () => {
  it('an unknown page shows a proper 404 page', async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    await signIn(page, demo.office);
    const res = await page.goto(`${baseUrl}/no/such/page`);
    expect(res?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await page.getByRole('link', { name: 'Go to the order queue' }).getAttribute('href')).toBe('/orders');
    await context.close();
  });

  it('invalid tRPC input is a 400 naming the field, and changes nothing', async () => {
    const res = await fetch(`${baseUrl}/api/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { email: 'nope', password: 'x' } })
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.json.data.issues.map((i: { path: string }) => i.path)).toEqual(['email']);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('procedures refuse callers without a session', async () => {
    const res = await fetch(`${baseUrl}/api/trpc/orders.queue?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
    expect(res.status).toBe(401);
  });
});
