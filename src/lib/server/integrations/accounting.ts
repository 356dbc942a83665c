// The accounting export (F43): a month's invoices, credit notes, payments and refunds as a
// DATEV booking batch ($lib/integrations/datev.ts), from the settings page and
// GET /api/v1/accounting/datev. Accounts (SKR03 by default) and the advisor/client numbers
// are the `datev` setting, edited on the integrations page.
// Invoices (and surcharge invoices): debtor account (debit) against the revenue account of
// each tax rate, gross; credit notes (F41) the other way round; payments: bank account
// (debit) against the debtor account; refunds that went out: the other way round.
import { z } from 'zod';
import type { DocLine } from '$lib/documents';
import { computeTotals } from '$lib/documents/tax';
import { datevCsv, type DatevBooking } from '$lib/integrations/datev';
import { DEFAULT_DATEV, datevSettingsSchema } from '$lib/integrations/datev-settings';
import { AppError } from '../errors';
import { docLine } from '../mail/document-input';
import { collection, pb } from '../pocketbase/client';
import type { OrderLineRecord, OrderRecord, PaymentRecordFull } from '../pocketbase/records';
import type { CreditNoteRecord, RefundRecord, SurchargeRecord } from '../refunds/records';
import { anyOf, inSlices } from '../pocketbase/where-in';
import { defineSetting } from '../settings/define';
import { localDate, startOfLocalDay } from '../payments/business-days';
import { shopSettings, shopTimeZone } from '../shop/settings';

export const datevSetting = defineSetting('datev', datevSettingsSchema, DEFAULT_DATEV);

type SurchargeRow = Pick<SurchargeRecord, 'kind' | 'amount_cents' | 'tax_rate_bp' | 'currency' | 'invoice_number' | 'issued_at'>;

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
  type WithOrder<T> = T & { expand?: { order?: OrderRecord } };
  const [invoices, payments, creditNotes, refunds, surcharges] = await Promise.all([
    collection('orders').getFullList<OrderRecord & { invoice_issued_at: string }>({ filter: `invoice_number != '' && ${range('invoice_issued_at')}`, sort: 'invoice_issued_at,invoice_number' }),
    collection('payments').getFullList({ filter: `status = 'succeeded' && ${range('created')}`, sort: 'created', expand: 'order' }),
    collection('credit_notes').getFullList<WithOrder<CreditNoteRecord>>({ filter: range('issued_at'), sort: 'issued_at,number', expand: 'order' }),
    // a refund is booked when it went out: its record's last change made it succeeded
    collection('refunds').getFullList<WithOrder<RefundRecord & { updated: string }>>({ filter: `status = 'succeeded' && ${range('updated')}`, sort: 'updated', expand: 'order' }),
    collection('surcharges').getFullList<WithOrder<SurchargeRow>>({ filter: range('issued_at'), sort: 'issued_at,invoice_number', expand: 'order' })
  ]);
  const lines = await inSlices(invoices.map((o) => o.id), 4, (slice) => collection('order_lines').getFullList({ filter: anyOf('order', slice) }));
  const byOrder = new Map<string, OrderLineRecord[]>();
  for (const l of lines) byOrder.set(l.order, [...(byOrder.get(l.order) ?? []), l]);
  const bookings: DatevBooking[] = [];
  const day = (at: string) => localDate(new Date(at.replace(' ', 'T')), tz);
  /** the gross of each tax rate against its revenue account; `credit` books it back (a credit note) */
  const revenue = (doc: { lines: DocLine[]; shippingCents: number; currency: string; at: string; document: string; text: string; credit?: boolean }) => {
    for (const row of computeTotals(doc.lines, doc.shippingCents).taxes) {
      if (!row.grossCents) continue;
      const account = cfg.revenueAccounts[String(row.rateBp)];
      if (!account) throw new AppError('CONFLICT', 'integrations.errors.no_revenue_account', `No revenue account for the tax rate ${row.rateBp / 100} % (DATEV settings).`, { rate: row.rateBp });
      const debit = row.grossCents >= 0 !== !!doc.credit;
      bookings.push({ amountCents: Math.abs(row.grossCents), side: debit ? 'S' : 'H', currency: doc.currency, account: cfg.debtorAccount, contraAccount: account, date: day(doc.at), document: doc.document, text: doc.text });
    }
  };
  for (const o of invoices) {
    revenue({ lines: (byOrder.get(o.id) ?? []).map(docLine), shippingCents: o.shipping_cents, currency: o.currency, at: o.invoice_issued_at, document: o.invoice_number, text: `Rechnung ${o.invoice_number} ${o.customer_name}` });
  }
  for (const s of surcharges) {
    revenue({ lines: [docLine({ sku: '', name: s.kind, qty: 1, unit_price_cents: s.amount_cents, tax_rate_bp: s.tax_rate_bp })], shippingCents: 0, currency: s.currency, at: s.issued_at, document: s.invoice_number, text: `Rechnung ${s.invoice_number} Zuschlag ${s.expand?.order?.customer_name ?? ''}`.trim() });
  }
  for (const cn of creditNotes) {
    revenue({ lines: (cn.lines ?? []).map(docLine), shippingCents: cn.shipping_cents, currency: cn.currency, at: cn.issued_at, document: cn.number, text: `Gutschrift ${cn.number} ${cn.expand?.order?.customer_name ?? ''}`.trim(), credit: true });
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
  for (const r of refunds) {
    const order = r.expand?.order;
    bookings.push({
      amountCents: r.amount_cents,
      side: 'H',
      currency: r.currency,
      account: cfg.bankAccount,
      contraAccount: cfg.debtorAccount,
      date: day(r.updated),
      document: order?.invoice_number || (order ? String(order.number) : r.order),
      text: `Erstattung ${order ? `#${order.number}` : ''} ${r.reference || r.method}`.trim()
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
