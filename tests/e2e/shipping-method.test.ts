// F42 (#13 point 5) on the order page in real Chromium: office staff change a paid order's
// shipping to an express courier at a higher fee. A fee that is not an amount is refused by
// name and kept; the form says beforehand that a surcharge follows; after saving, a manager's
// browser on the same order shows the new method, the surcharge and the timeline without reload.
import { describe, expect, inject, it } from 'vitest';
import { signedInOn } from '../support/browser';
import { packedOrder, superuser, useBrowser } from './shipping-fixtures';

const browser = useBrowser();
const demo = inject('demo');
const baseUrl = inject('baseUrl');

describe('F42 shipping method change on the order page', () => {
  it('F42 a paid order sent with another courier at a higher fee gets a surcharge, seen live in a second browser', async () => {
    const pb = await superuser();
    const { order, number } = await packedOrder(pb, [1]);
    const [office, manager] = await signedInOn(browser(), `${baseUrl}/orders/${order.id}`, demo.office, demo.manager);
    await office.getByRole('heading', { name: `Order #${number}` }).waitFor();
    await manager.getByRole('heading', { name: `Order #${number}` }).waitFor();

    const card = office.getByTestId('shipping-method');
    await card.getByRole('button', { name: 'Change shipping method' }).click();
    const form = office.getByTestId('shipping-method-form');
    await form.getByLabel('Ship', { exact: false }).first().check();
    await form.getByLabel('Courier').selectOption('manual');
    await form.getByLabel('Shipping fee').fill('9,9x');
    await form.getByRole('button', { name: 'Change', exact: true }).click();
    await form.getByText('Enter the fee as an amount').waitFor();
    expect(await form.getByLabel('Shipping fee').inputValue()).toBe('9,9x');

    await form.getByLabel('Shipping fee').fill('9,90');
    await form.getByLabel('Reason').fill('Express delivery by phone');
    await expect.poll(() => form.getByTestId('shipping-method-preview').textContent()).toContain('asked for €9.90 more');
    await form.getByRole('button', { name: 'Change', exact: true }).click();
    await card.getByTestId('shipping-method-notice').waitFor();
    expect(await card.getByTestId('shipping-method-notice').textContent()).toMatch(/surcharge .+ of €9\.90 added/);

    // the manager's browser, without reload
    await expect.poll(() => manager.getByTestId('shipping-method-current').textContent(), { timeout: 10_000 }).toContain('Any carrier (by hand)');
    await expect.poll(() => manager.getByTestId('timeline').textContent(), { timeout: 10_000 }).toContain('Shipping method changed');
    expect(await manager.getByTestId('timeline').getByTestId('event-method').first().textContent()).toContain('Ship → Ship (Any carrier (by hand))');
    const stored = await pb.collection('orders').getOne(order.id);
    expect(stored).toMatchObject({ courier: 'manual', surcharge_open_cents: 990 });
    const [surcharge] = await pb.collection('surcharges').getFullList({ filter: `order = '${order.id}'` });
    expect(surcharge).toMatchObject({ kind: 'shipping_change', amount_cents: 990, reason: 'Express delivery by phone' });
    await office.context().close();
    await manager.context().close();
  });
});
