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
