// E2E (F09, F28): a manager imports a CSV bank statement, reviews the proposed matches and
// reconciles two orders in one step; and marks orders paid in bulk from the queue.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type PocketBase from 'pocketbase';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { unpaidOrder } from '../support/payments';
import { signIn, superuser, useBrowser } from '../support/browser';

const browser = useBrowser();
let pb: PocketBase;
const baseUrl = inject('baseUrl');
const demo = inject('demo');

beforeAll(async () => {
  pb = await superuser();
});

describe('bank statement import', () => {
  it('reconciles two orders from a German CSV export, flags the rest, and changes nothing until confirmed', async () => {
    const a = await unpaidOrder(pb, { method: 'online_banking', totalCents: 4990, name: 'Anna Schäfer' });
    const b = await unpaidOrder(pb, { method: 'cheque', totalCents: 12345, name: 'Jürgen Weiß' });
    const c = await unpaidOrder(pb, { method: 'online_banking', totalCents: 2000 });
    const ref = `E2E${Date.now()}`;
    const csv = [
      '\uFEFFBuchungstag;Wertstellung;Name;Verwendungszweck;Betrag;Bankreferenz',
      `03.03.2025;03.03.2025;Anna Schäfer;"Bestellung ${a.number}, danke";49,90;${ref}-1`,
      `04.03.2025;04.03.2025;Jürgen Weiß;Scheck Best. ${b.number};123,45;${ref}-2`,
      `04.03.2025;04.03.2025;Zofia Wójcik;Order ${c.number};15,00;${ref}-3`,
      `05.03.2025;05.03.2025;Stadtwerke;Abschlag;-80,00;${ref}-4`
    ].join('\r\n');
    const dir = mkdtempSync(join(tmpdir(), 'pb-e2e-'));
    const file = join(dir, 'umsaetze.csv');
    writeFileSync(file, csv);

    const ctx = await browser().newContext();
    const page = await ctx.newPage();
    await signIn(page, demo.manager);
    await page.goto(`${baseUrl}/payments`);
    await page.getByRole('link', { name: 'Import bank statement' }).click();
    await page.getByRole('heading', { name: 'Import bank statement' }).waitFor();
    await page.getByLabel('Statement file (CSV or CAMT.053 XML)').setInputFiles(file);
    await page.getByRole('button', { name: 'Read statement' }).click();
    await page.getByTestId('statement-summary').getByText('CSV statement · 4 bookings read.').waitFor();

    const review = page.getByTestId('statement-review');
    const flag = (line: number) => review.locator(`tr[data-line="${line}"]`).getAttribute('data-flag');
    expect([await flag(2), await flag(3), await flag(4), await flag(5)]).toEqual(['match', 'match', 'partial', 'debit']);
    expect(await page.getByLabel('Apply line 2').isChecked()).toBe(true);
    expect(await page.getByLabel('Apply line 3').isChecked()).toBe(true);
    expect(await page.getByLabel('Apply line 4').isChecked()).toBe(false);
    expect(await page.getByLabel('Apply line 5').isDisabled()).toBe(true);
    expect(await review.locator('tr[data-line="4"]').textContent()).toContain('Less than due');
    // reviewing pays nothing
    expect((await pb.collection('orders').getOne(a.id)).payment_status).toBe('unpaid');

    await page.getByRole('button', { name: 'Apply 2 payments' }).click();
    const results = page.getByTestId('statement-results');
    await results.locator(`li[data-order="${a.number}"][data-outcome="paid"]`).waitFor();
    await results.locator(`li[data-order="${b.number}"][data-outcome="paid"]`).waitFor();

    for (const [o, r] of [[a, `${ref}-1`], [b, `${ref}-2`]] as const) {
      expect((await pb.collection('orders').getOne(o.id)).payment_status).toBe('paid');
      const [p] = await pb.collection('payments').getFullList({ filter: `order = '${o.id}'` });
      expect([p.provider, p.bank_reference, p.amount_cents]).toEqual(['bank_statement', r, o.total_cents]);
    }
    expect((await pb.collection('orders').getOne(c.id)).payment_status).toBe('unpaid');

    // reading the same file again recognises what was applied
    await page.getByRole('button', { name: 'Read statement' }).click();
    await review.locator('tr[data-line="2"][data-flag="already_applied"]').waitFor();
    await ctx.close();
  });

  it('names the line of a broken file and keeps the page usable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-e2e-'));
    const file = join(dir, 'kaputt.csv');
    writeFileSync(file, 'Datum;Betrag;Verwendungszweck\n03.03.2025;49,90;Bestellung 1\n04.03.2025;neunzig;Bestellung 2\n');
    const ctx = await browser().newContext();
    const page = await ctx.newPage();
    await signIn(page, demo.manager);
    await page.goto(`${baseUrl}/payments/import`);
    await page.getByLabel('Statement file (CSV or CAMT.053 XML)').setInputFiles(file);
    await page.getByRole('button', { name: 'Read statement' }).click();
    await page.getByRole('alert').getByText("Line 3: 'neunzig' is not an amount.").waitFor();
    expect(await page.getByRole('button', { name: 'Read statement' }).isEnabled()).toBe(true);
    expect(await page.getByTestId('statement-review').count()).toBe(0);
    await ctx.close();
  });
});

describe('bulk mark-paid from the queue', () => {
  it('selects orders, defaults each reference to the order number, and lists every result', async () => {
    const orders = await Promise.all([1, 2, 3].map(() => unpaidOrder(pb, { method: 'cheque', totalCents: 1500 })));
    // one of them gets paid elsewhere in the meantime
    const ctx = await browser().newContext();
    const page = await ctx.newPage();
    await signIn(page, demo.manager);
    await page.goto(`${baseUrl}/payments?method=cheque`);
    for (const o of orders) await page.getByLabel(`Select order #${o.number}`).check();
    await page.getByTestId('selected-count').getByText('3 selected').waitFor();
    await page.getByRole('button', { name: 'Mark selected as paid…' }).click();
    const dialog = page.getByTestId('bulk-mark-paid');
    expect(await dialog.getByLabel(`Bank reference for order #${orders[0].number}`).inputValue()).toBe(String(orders[0].number));
    await dialog.getByLabel(`Bank reference for order #${orders[1].number}`).fill(`SCHECK-${orders[1].number}`);
    await pb.collection('orders').update(orders[2].id, { payment_status: 'paid' });
    await dialog.getByRole('button', { name: 'Mark 3 as paid' }).click();
    const results = dialog.getByTestId('bulk-results');
    await results.locator(`li[data-order="${orders[0].number}"][data-outcome="paid"]`).waitFor();
    await results.locator(`li[data-order="${orders[1].number}"][data-outcome="paid"]`).waitFor();
    await results.locator(`li[data-order="${orders[2].number}"][data-outcome="already_paid"]`).waitFor();
    await dialog.getByText('Done: 2 paid, 1 already paid, 0 refused.').waitFor();
    expect((await pb.collection('payments').getFullList({ filter: `order = '${orders[1].id}'` }))[0].bank_reference).toBe(`SCHECK-${orders[1].number}`);
    // they leave the queue live
    await page.locator(`[data-testid="payment-queue"] tr[data-order="${orders[0].number}"]`).waitFor({ state: 'detached' });
    await ctx.close();
  });
});

describe('one order from its page', () => {
  it('a manager marks a cheque paid with its number; a bad amount is refused and nothing typed is lost', async () => {
    const o = await unpaidOrder(pb, { method: 'cheque', totalCents: 2590 });
    const ctx = await browser().newContext();
    const page = await ctx.newPage();
    await signIn(page, demo.manager);
    await page.goto(`${baseUrl}/orders/${o.id}`);
    const panel = page.getByTestId('payments-panel');
    await panel.getByRole('button', { name: 'Mark as paid' }).click();
    expect(await panel.getByLabel('Bank reference').inputValue()).toBe(String(o.number));
    await panel.getByLabel('Bank reference').fill('Scheck 004711');
    await panel.getByLabel('Amount received (EUR)').fill('zwanzig');
    await panel.getByRole('button', { name: 'Mark as paid' }).click();
    await panel.getByText('Enter the amount, e.g. 49.90.').waitFor();
    expect(await panel.getByLabel('Bank reference').inputValue()).toBe('Scheck 004711');
    expect((await pb.collection('orders').getOne(o.id)).payment_status).toBe('unpaid');

    await panel.getByLabel('Amount received (EUR)').fill('25,90');
    await panel.getByRole('button', { name: 'Mark as paid' }).click();
    await panel.getByTestId('bank-reference').getByText('Ref. Scheck 004711').waitFor();
    await page.locator('.badges [data-state="paid"]').waitFor();
    await panel.getByRole('button', { name: 'Send receipt' }).waitFor();
    const [p] = await pb.collection('payments').getFullList({ filter: `order = '${o.id}'` });
    expect([p.method, p.provider, p.amount_cents]).toEqual(['cheque', 'manual', 2590]);
    await ctx.close();
  });
});

