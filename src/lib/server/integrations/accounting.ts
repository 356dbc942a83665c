// The accounting export (F43): a month's invoices and payments as a DATEV booking batch
// ($lib/integrations/datev.ts), from the settings page and GET /api/v1/accounting/datev.
// Accounts (SKR03 by default) and the advisor/client numbers are the `datev` setting.
// Invoices: debtor account (debit) against the revenue account of each tax rate, gross;
// payments: bank account (debit) against the debtor account. Credit notes come with F41.
import { z } from 'zod';
import { computeTotals } from '$lib/documents/tax';
import { datevCsv, type DatevBooking } from '$lib/integrations/datev';
import { AppError } from '../errors';
import { pb } from '../pocketbase/client';
import type { OrderLineRecord, OrderRecord, PaymentRecordFull } from '../pocketbase/records';
import { anyOf, inSlices } from '../pocketbase/where-in';
import { defineSetting } from '../settings/define';
import { localDate, startOfLocalDay } from '../payments/business-days';
import { shopSettings, shopTimeZone } from '../shop/settings';

export const datevSettingsSchema = z.object({
  advisorNumber: z.number().int().min(1000).max(9_999_999),
  clientNumber: z.number().int().min(1).max(99_999),
  fiscalYearStartMonth: z.number().int().min(1).max(12),
  accountLength: z.number().int().min(4).max(8),
  debtorAccount: z.number().int().min(1),
  bankAccount: z.number().int().min(1),
  /** tax rate in basis points → revenue account */
  revenueAccounts: z.record(z.string(), z.number().int().min(1))
});
export type DatevSettings = z.infer<typeof datevSettingsSchema>;
const DEFAULT_DATEV: DatevSettings = {
  advisorNumber: 1001,
  clientNumber: 1,
  fiscalYearStartMonth: 1,
  accountLength: 4,
  debtorAccount: 10000,
  bankAccount: 1200,
  revenueAccounts: { '1900': 8400, '700': 8300, '0': 8200 }
};
export const datevSetting = defineSetting('datev', datevSettingsSchema, DEFAULT_DATEV);

export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month as YYYY-MM');

const nextMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};
const pbDate = (d: Date) => d.toISOString().replace('T', ' ');

export async function datevExport(month: string): Promise<{ filename: string; bytes: Buffer; bookings: number }> {
  if (!Month.safeParse(month).success) throw new AppError('BAD_REQUEST', 'integrations.errors.month', 'A month as YYYY-MM.', { field: 'month' });
  const [{ shop }, cfg] = await Promise.all([shopSettings(), datevSetting.get()]);
  const tz = shopTimeZone(shop);
  const from = startOfLocalDay(`${month}-01`, tz);
  const to = startOfLocalDay(`${nextMonth(month)}-01`, tz);
  const range = (field: string) => `${field} >= ${pb().filter('{:a}', { a: pbDate(from) })} && ${field} < ${pb().filter('{:b}', { b: pbDate(to) })}`;
  const [invoices, payments] = await Promise.all([
    pb().collection('orders').getFullList<OrderRecord & { invoice_issued_at: string }>({ filter: `invoice_number != '' && ${range('invoice_issued_at')}`, sort: 'invoice_issued_at,invoice_number' }),
    pb().collection('payments').getFullList<PaymentRecordFull>({ filter: `status = 'succeeded' && ${range('created')}`, sort: 'created', expand: 'order' })
  ]);
  const lines = await inSlices(invoices.map((o) => o.id), 4, (slice) => pb().collection('order_lines').getFullList<OrderLineRecord>({ filter: anyOf('order', slice) }));
  const byOrder = new Map<string, OrderLineRecord[]>();
  for (const l of lines) byOrder.set(l.order, [...(byOrder.get(l.order) ?? []), l]);
  const bookings: DatevBooking[] = [];
  for (const o of invoices) {
    const docLines = (byOrder.get(o.id) ?? []).map((l) => ({ sku: l.sku, name: l.name, qty: l.qty, unitPriceCents: l.unit_price_cents, taxRateBp: l.tax_rate_bp }));
    const totals = computeTotals(docLines, o.shipping_cents);
    for (const row of totals.taxes) {
      if (!row.grossCents) continue;
      const revenue = cfg.revenueAccounts[String(row.rateBp)];
      if (!revenue) throw new AppError('CONFLICT', 'integrations.errors.no_revenue_account', `No revenue account for the tax rate ${row.rateBp / 100} % (DATEV settings).`, { rate: row.rateBp });
      bookings.push({
        amountCents: Math.abs(row.grossCents),
        side: row.grossCents >= 0 ? 'S' : 'H',
        currency: o.currency,
        account: cfg.debtorAccount,
        contraAccount: revenue,
        date: localDate(new Date(o.invoice_issued_at.replace(' ', 'T')), tz),
        document: o.invoice_number,
        text: `Rechnung ${o.invoice_number} ${o.customer_name}`
      });
    }
  }
  for (const p of payments) {
    const order = (p as PaymentRecordFull & { expand?: { order?: OrderRecord } }).expand?.order;
    bookings.push({
      amountCents: p.amount_cents,
      side: 'S',
      currency: p.currency,
      account: cfg.bankAccount,
      contraAccount: cfg.debtorAccount,
      date: localDate(new Date((p.provider_event_at || p.created).replace(' ', 'T')), tz),
      document: order?.invoice_number || (order ? String(order.number) : p.order),
      text: `Zahlung ${order ? `#${order.number}` : ''} ${p.bank_reference || p.method}`.trim()
    });
  }
  const [y, m] = month.split('-').map(Number);
  const fyYear = m >= cfg.fiscalYearStartMonth ? y : y - 1;
  const lastDay = localDate(new Date(to.getTime() - 1), tz);
  const csv = datevCsv(
    {
      advisorNumber: cfg.advisorNumber,
      clientNumber: cfg.clientNumber,
      fiscalYearStart: `${fyYear}-${String(cfg.fiscalYearStartMonth).padStart(2, '0')}-01`,
      accountLength: cfg.accountLength,
      from: `${month}-01`,
      to: lastDay,
      description: `Packbench ${month}`,
      currency: shop.currency,
      createdAt: new Date()
    },
    bookings
  );
  // Windows-1252 as DATEV expects: Latin-1 covers German text; anything else becomes "?"
  const bytes = Buffer.from(csv.replace(/[^\x00-\xff]/g, '?'), 'latin1');
  return { filename: `EXTF_Buchungsstapel_${month}.csv`, bytes, bookings: bookings.length };
}
