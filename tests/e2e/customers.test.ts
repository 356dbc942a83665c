// The customers page in a real browser (#14, with F27 phone orders): office staff take a phone
// order for a new customer, find the customer on their page (from the order and through the
// list's search), edit the phone number there; a manager's open page of the same customer
// shows the change without a reload.
import { randomBytes } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { signIn, superuser, useBrowser } from '../support/browser';

const browser = useBrowser();
const demo = inject('demo');
const contexts: BrowserContext[] = [];
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})));
});

async function context() {
  const c = await browser().newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(c);
  return c.newPage();
}

describe('#14 customers page (F27, F38)', () => {
  it('takes a phone order for a new customer, finds them on their page, edits them; another browser sees it live', async () => {
    const tag = randomBytes(3).toString('hex');
    const name = `Henrike Vogt ${tag}`;
    const office = await context();
    await signIn(office, demo.office);

    // 1. a phone order for a new customer
    await office.getByRole('link', { name: 'New order' }).click();
    const form = office.getByTestId('phone-order');
    await form.getByRole('button', { name: 'New customer' }).click();
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('E-mail').fill(`henrike.${tag}@example.com`);
    await form.getByLabel('Phone (optional)').fill('030 1234567');
    await form.locator('select[name="product"] option:nth-child(2)').waitFor({ state: 'attached' });
    await form.locator('select[name="product"]').selectOption({ index: 1 });
    await form.getByRole('button', { name: 'Add line' }).click();
    await form.getByLabel('Recipient').fill(name);
    await form.getByLabel('Street and number').fill('Bergmannstraße 5');
    await form.getByLabel('Postcode').fill('10961');
    await form.getByLabel('City').fill('Berlin');
    await form.getByLabel('Country (e.g. DE)').fill('DE');
    await form.getByRole('button', { name: 'Place order', exact: true }).click();
    // the order page, or the form's refusal as the failure's message
    await Promise.race([
      office.waitForURL(/\/orders\/[a-z0-9]{15}$/),
      form.locator('.alert.error, .field-error').first().waitFor().then(async () => {
        throw new Error(`phone order refused: ${(await form.locator('.alert.error, .field-error').allTextContents()).join(' | ')}`);
      })
    ]);
    const orderId = office.url().split('/').pop()!;
    const pb = await superuser();
    const order = await pb.collection('orders').getOne(orderId);
    expect(order.customer_name).toBe(name);

    // 2. from the order to the customer's page, which lists the order
    await office.getByTestId('customer-link').click();
    await office.getByRole('heading', { name, level: 1 }).waitFor();
    await office.getByRole('link', { name: `#${order.number}` }).waitFor();

    // 3. through the list's search as well
    await office.getByRole('link', { name: 'Customers', exact: true }).first().click();
    await office.getByPlaceholder('Search name, e-mail or phone').fill(`vogt ${tag}`);
    await office.getByRole('link', { name }).click();
    await office.getByRole('heading', { name, level: 1 }).waitFor();
    const customerUrl = office.url();

    // a manager has the same customer open
    const manager = await context();
    await signIn(manager, demo.manager);
    await manager.goto(customerUrl);
    await manager.getByRole('heading', { name, level: 1 }).waitFor();

    // 4. the office edits the phone number: a bad one is refused with the field named, the typed rest stays
    await office.getByRole('button', { name: 'Edit' }).click();
    await office.locator('input[name="phone"]').fill('call me maybe');
    await office.locator('input[name="company"]').fill('Vogt & Söhne');
    await office.getByRole('button', { name: 'Save customer' }).click();
    await office.getByText('Digits, spaces and + ( ) / . - only, at most 40 characters.').waitFor();
    expect(await office.locator('input[name="company"]').inputValue()).toBe('Vogt & Söhne');
    await office.locator('input[name="phone"]').fill('+49 30 7654321');
    await office.getByRole('button', { name: 'Save customer' }).click();
    await office.getByRole('status').getByText(`${name} saved.`).waitFor();

    // 5. the manager's page shows it without a reload; the order kept its own copy
    await manager.getByText('+49 30 7654321').waitFor();
    await manager.getByText('Vogt & Söhne').waitFor();
    expect((await pb.collection('orders').getOne(orderId)).phone).toBe(order.phone);
  });
});
