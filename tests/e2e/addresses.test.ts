// F37 on the order page in real Chromium: office edits the shipping address, an invalid
// postcode gets a clear message naming the field (the input stays), the fix saves, and a
// second browser on the same order shows the new address without a reload.
import { describe, expect, inject, it } from 'vitest';
import { signedInOn } from '../support/browser';
import { packedOrder, superuser, useBrowser } from './shipping-fixtures';

const browser = useBrowser();
const demo = inject('demo');
const baseUrl = inject('baseUrl');

describe('F36 F37 address edit on the order page', () => {
  it('F37 an invalid postcode is refused with a clear message; the fix appears live in a second browser', async () => {
    const pb = await superuser();
    const { order, number } = await packedOrder(pb, [1]);
    const [office, manager] = await signedInOn(browser(), `${baseUrl}/orders/${order.id}`, demo.office, demo.manager);
    await office.getByRole('heading', { name: `Order #${number}` }).waitFor();
    await manager.getByRole('heading', { name: `Order #${number}` }).waitFor();

    const panel = office.getByTestId('address-panel');
    await panel.getByRole('button', { name: 'Edit shipping address' }).click();
    const form = office.getByTestId('address-form-shipping');
    await form.getByLabel('Postcode').fill('1096');
    await form.getByRole('button', { name: 'Save address' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').textContent()).toContain('failed the address check');
    await form.getByText('Postcode “1096” is not a valid postcode for DE (e.g. 10115).').waitFor();
    expect(await form.getByLabel('Postcode').inputValue()).toBe('1096');
    expect(await form.getByLabel('Postcode').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Postcode').fill('10117');
    await form.getByLabel('Street and house number').fill('Friedrichstraße 100');
    await form.getByRole('button', { name: 'Save address' }).click();
    await form.waitFor({ state: 'detached' });

    // the other browser, without reload
    await expect.poll(() => manager.locator('address').first().textContent(), { timeout: 10_000 }).toContain('Friedrichstraße 100');
    await expect.poll(() => manager.getByTestId('address-formatted').textContent(), { timeout: 10_000 }).toContain('10117 Berlin');
    expect(await manager.getByTestId('address-check').getAttribute('data-status')).toBe('passed');
    await expect.poll(() => manager.getByTestId('timeline').textContent(), { timeout: 10_000 }).toContain('Shipping address changed');
    expect(await manager.getByTestId('timeline').getByTestId('event-change').first().textContent()).toContain('Lindenstraße 12');

    const stored = await pb.collection('orders').getOne(order.id);
    expect(stored.shipping_address).toMatchObject({ street: 'Friedrichstraße 100', postcode: '10117' });
    await office.context().close();
    await manager.context().close();
  });
});

describe('F30 F38 repeat and change of customer on the order page', () => {
  it('F30 F38 "Repeat order" opens the draft with the archived line listed; the draft moves to a customer found by search', async () => {
    const pb = await superuser();
    const { order, number, products } = await packedOrder(pb, [1, 2]);
    await pb.collection('products').update(products[1].id, { active: false });
    const tag = `${Date.now().toString(36)}`;
    await pb.collection('customers').create({
      name: `Zora Zimmermann ${tag}`, email: `zora-${tag}@example.de`, phone: '+49 89 5550199',
      addresses: [{ label: 'home', name: `Zora Zimmermann ${tag}`, street: 'Leopoldstraße 7', postcode: '80802', city: 'München', country: 'DE' }], locale: 'de'
    });

    const [office] = await signedInOn(browser(), `${baseUrl}/orders/${order.id}`, demo.office);
    await office.getByRole('heading', { name: `Order #${number}` }).waitFor();
    await office.getByRole('button', { name: 'Repeat order' }).click();
    await office.waitForURL((url) => url.pathname.startsWith('/orders/') && !url.pathname.endsWith(order.id));
    const problems = office.getByTestId('repeat-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain(`2 × ${products[1].name} (${products[1].sku}): no longer sold`);
    const draftId = office.url().split('/').pop()!;
    const draft = await pb.collection('orders').getOne(draftId);
    expect(draft).toMatchObject({ channel: 'repeat', status: 'draft', repeat_of: order.id });
    await office.getByRole('heading', { name: `Order #${draft.number}` }).waitFor();

    const panel = office.getByTestId('change-customer');
    await panel.getByRole('button', { name: 'Change customer' }).click();
    await panel.getByRole('searchbox').fill(`Zimmermann ${tag}`);
    await panel.getByRole('button', { name: 'Search', exact: true }).click();
    await panel.getByTestId('customer-results').getByRole('button').first().click();
    await panel.getByLabel("Use this customer's address as shipping and billing address").check();
    await panel.getByRole('button', { name: 'Move the order' }).click();
    await expect.poll(() => office.locator('address').first().textContent(), { timeout: 10_000 }).toContain('Leopoldstraße 7');
    await expect.poll(() => office.getByTestId('timeline').textContent(), { timeout: 10_000 }).toContain('Customer changed');
    expect(await pb.collection('orders').getOne(draftId)).toMatchObject({ customer_name: `Zora Zimmermann ${tag}`, address_check_status: 'passed' });
    await office.context().close();
  });
});
