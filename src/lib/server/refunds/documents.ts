// The plain inputs the browser (print, download) and the refund e-mail (attachment) draw a
// credit note or a surcharge's invoice from (F41, F42), like ../documents/inputs.ts.
import { documentFileName, renderCreditNote, type CreditNoteInput, type DocumentInput, type Format, type Locale } from '$lib/documents';
import { DocumentDataError } from '$lib/documents/errors';
import { requireTaxDocumentData } from '$lib/documents/requirements';
import { docLine, isoDate, loadShop, toDocumentInput } from '../mail/document-input';
import { missingData } from '../documents/inputs';
import { loadDocumentSettings } from '../documents/settings';
import { registerMailDocument } from '../mail/templates/attachments';
import type { OrderLineRecord } from '../pocketbase/records';
import { collection, filterValue } from '../pocketbase/client';
import { anyOf, inSlices } from '../pocketbase/where-in';
import { AppError } from '../errors';
import { getCreditNote } from './credit-notes';
import { loadMoneyOrder } from './orders';
import { getSurcharge } from './surcharges';

export interface DocOptions {
  format?: Format;
  locale?: Locale;
  fallbackLocale: Locale;
}

function check(document: string, requirement: () => void): void {
  try {
    requirement();
  } catch (e) {
    throw e instanceof DocumentDataError ? missingData(e, document) : e;
  }
}

export async function creditNoteInput(creditNoteId: string, opts: DocOptions): Promise<CreditNoteInput> {
  const cn = await getCreditNote(creditNoteId);
  const [order, shop, settings] = await Promise.all([loadMoneyOrder(cn.order), loadShop(), loadDocumentSettings()]);
  const locale = opts.locale ?? (order.locale || opts.fallbackLocale);
  const format = opts.format ?? settings.formats['credit-note'];
  const base = toDocumentInput({ shop, order, lines: [], locale, format });
  const input: CreditNoteInput = {
    shop,
    order: base.order,
    lines: (cn.lines ?? []).map(docLine),
    reason: cn.reason,
    creditNoteNumber: cn.number,
    shippingCents: cn.shipping_cents,
    issuedAt: isoDate(cn.issued_at),
    locale,
    format
  };
  check('credit-note', () => requireTaxDocumentData('credit note', shop, input.order, false));
  return input;
}

/** The surcharge's own invoice: one line, its number from the invoice sequence. */
export async function surchargeInvoiceInput(surchargeId: string, opts: DocOptions): Promise<DocumentInput> {
  const s = await getSurcharge(surchargeId);
  const [order, shop, settings] = await Promise.all([loadMoneyOrder(s.order), loadShop(), loadDocumentSettings()]);
  const locale = opts.locale ?? (order.locale || opts.fallbackLocale);
  const format = opts.format ?? settings.formats.invoice;
  const payments = s.status === 'paid' ? [{ id: s.id, order: order.id, method: order.payment_method || 'online_banking', amount_cents: s.amount_cents, currency: s.currency, status: 'succeeded' as const, bank_reference: s.payment_reference, provider_event_at: s.paid_at, created: s.paid_at }] : [];
  const base = toDocumentInput({ shop, order: { ...order, invoice_number: s.invoice_number, shipping_cents: 0 }, lines: [], payments, locale, format });
  const name = s.reason || (locale === 'de' ? { extra_work: 'Zusätzliche Arbeit', shipping_change: 'Änderung der Versandart', other: 'Zuschlag' } : { extra_work: 'Extra work', shipping_change: 'Change of shipping method', other: 'Surcharge' })[s.kind];
  const input: DocumentInput = { ...base, lines: [{ sku: '', name, qty: 1, unitPriceCents: s.amount_cents, taxRateBp: s.tax_rate_bp }], issuedAt: isoDate(s.issued_at) };
  check('invoice', () => requireTaxDocumentData('invoice', shop, input.order, true));
  return input;
}

export async function orderLinesOf(orderId: string): Promise<(OrderLineRecord & { credited?: number })[]> {
  return collection('order_lines').getFullList({ filter: `order = ${filterValue(orderId)}`, sort: 'position,created' });
}

/** Bulk printing (F35, F41): of the orders planned, those that have credit notes, in that order. */
export async function withCreditNotes(orderIds: string[]): Promise<{ orderIds: string[] }> {
  const notes = await inSlices(orderIds, 4, (slice) => collection('credit_notes').getFullList<{ order: string }>({ filter: anyOf('order', slice), fields: 'order' }));
  const having = new Set(notes.map((n) => n.order));
  if (!having.size) throw new AppError('BAD_REQUEST', 'documents.errors.no_credit_notes', 'None of the selected orders has a credit note.');
  return { orderIds: orderIds.filter((id) => having.has(id)) };
}

/** The credit notes of a chunk of planned orders: order by order, each order's oldest first. */
export async function creditNoteBulkInputs(orderIds: string[], opts: DocOptions): Promise<CreditNoteInput[]> {
  const notes = await inSlices(orderIds, 4, (slice) => collection('credit_notes').getFullList<{ id: string; order: string; number: string }>({ filter: anyOf('order', slice), fields: 'id,order,number', sort: 'number' }));
  const position = new Map(orderIds.map((id, i) => [id, i]));
  notes.sort((a, b) => position.get(a.order)! - position.get(b.order)! || a.number.localeCompare(b.number));
  const inputs: CreditNoteInput[] = [];
  for (const n of notes) inputs.push(await creditNoteInput(n.id, opts));
  return inputs;
}

/** The credit note a refund_issued e-mail attaches (registered at start-up: src/hooks.server.ts). */
export function registerCreditNoteMail(): void {
  registerMailDocument('credit_note', async (id, locale) => {
    const input = await creditNoteInput(id, { locale, format: 'a4', fallbackLocale: locale });
    return { attachment: { filename: documentFileName('credit-note', input), content: await renderCreditNote(input), contentType: 'application/pdf' }, number: input.creditNoteNumber };
  });
}
