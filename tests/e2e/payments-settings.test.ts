// E2E (F10): managers edit the payment settings; bad input gets a message per field and
// saves nothing; what they typed stays.
import type PocketBase from 'pocketbase';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { superuserClient } from '../support/payments';
import { launchBrowser, signIn } from '../support/browser';

let browser: Browser;
let pb: PocketBase;
const baseUrl = inject('baseUrl');
const demo = inject('demo');
const stored = async () => (await pb.collection('settings').getFirstListItem("key = 'payments'")) as unknown as { id: string; value: { holidays: string[]; autoCancel: Record<string, { enabled: boolean; businessDays: number }> } };
let original: Awaited<ReturnType<typeof stored>>['value'];

beforeAll(async () => {
  [browser, pb] = await Promise.all([launchBrowser(), superuserClient(inject('pocketbase'))]);
  original = (await stored()).value;
});
afterAll(async () => {
  // other E2E files share this shop: leave the settings as they were
  await pb.collection('settings').update((await stored()).id, { value: original });
  await browser?.close();
});

describe('payment settings', () => {
  it('refuses a bad holiday and day count per field, then saves the corrected values', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, demo.manager);
    await page.goto(`${baseUrl}/payments/settings`);
    const form = page.getByTestId('payment-settings');
    await form.waitFor();
    // the demo server takes cards through the sandbox, and the screen says so (issue #12, finding 1)
    expect(await page.getByTestId('card-provider').getAttribute('data-provider')).toBe('sandbox');
    expect(await page.getByTestId('card-provider').textContent()).toMatch(/SANDBOX/);
    const chequeDays = page.getByLabel('Business days to pay for Cheque');
    expect(await chequeDays.inputValue()).toBe(String(original.autoCancel.cheque.businessDays));
    // switch the method on to edit its days (it is switched off again below: this shop is shared)
    await page.getByLabel('Auto-cancel unpaid Cheque orders').check();
    await chequeDays.fill('99');
    const holidays = page.getByLabel('Holidays');
    await holidays.fill([...original.holidays, '2026-02-30', '2026-12-24'].join('\n'));
    await page.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('Whole business days from 0 to 60.').waitFor();
    await form.getByText(`Line ${original.holidays.length + 1}: use YYYY-MM-DD or MM-DD with a real date.`).waitFor();
    expect((await stored()).value).toEqual(original);
    expect(await chequeDays.inputValue()).toBe('99');

    await chequeDays.fill('12');
    await page.getByLabel('Auto-cancel unpaid Cheque orders').uncheck();
    await holidays.fill([...original.holidays, '2026-12-24'].join('\n'));
    await page.getByRole('button', { name: 'Save settings' }).click();
    await form.getByRole('status').getByText('Saved.').waitFor();
    const saved = (await stored()).value;
    expect(saved.autoCancel.cheque).toEqual({ enabled: false, businessDays: 12 });
    expect(saved.holidays).toEqual([...original.holidays, '2026-12-24'].sort());
    await ctx.close();
  });

  it('office staff see the queue but no settings or import', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, demo.office);
    await page.goto(`${baseUrl}/payments/settings`);
    await page.waitForURL(/\/payments$/);
    await page.getByText('Managers mark orders as paid; you can see the queue and every order\'s payments.').waitFor();
    expect(await page.getByRole('button', { name: 'Mark selected as paid…' }).count()).toBe(0);
    await ctx.close();
  });
});
