// Orders -> the plain input the documents are drawn from, for one order or a chunk of many:
// one query per collection however many orders, so a bulk print of 200 stays fast (F35).
// The order -> DocumentInput mapping itself is shared with the receipt e-mail
// (../mail/document-input.ts); this adds bins, GTINs, packing notes and the invoice date,
// and trims each document's input to what that document shows.
import type { AddressLabelInput, DocLine, DocumentInput, Format, Locale, ShopInfo } from '$lib/documents';
import { DocumentDataError } from '$lib/documents/errors';
import { requireShippingAddress, requireTaxDocumentData } from '$lib/documents/requirements';
import type { OrderDocumentKind } from '$lib/documents/formats';
import { AppError } from '../errors';
import { isoDate, toDocumentInput, type PaymentRecord } from '../mail/document-input';
import type { OrderInvoiceFields, OrderLineRecord, OrderRecord, ProductRecord } from '../pocketbase/records';
import { listWhereIn } from '../pocketbase/where-in';
import type { DocumentSettings } from './settings';

type LineWithProduct = OrderLineRecord & { expand?: { product?: Pick<ProductRecord, 'bin' | 'gtins'> } };

export interface OrderBundle {
  order: OrderRecord & OrderInvoiceFields;
  lines: LineWithProduct[];
  payments: PaymentRecord[];
  packingNotes: string[];
}

export interface InputOptions {
  /** overrides the setting for this print */
  format?: Format;
  /** overrides the order's language */
  locale?: Locale;
  /** when the order has no language: the staff member's */
  fallbackLocale: Locale;
}

export type OrderDocumentInputs = {
  invoice: DocumentInput;
  receipt: DocumentInput;
  'packing-slip': DocumentInput;
  'address-label': AddressLabelInput;
};

/** Orders with their lines (and products), payments and packing notes, in the order of `orderIds`. */
export async function loadBundles(orderIds: string[]): Promise<OrderBundle[]> {
  const [orders, lines, payments, notes] = await Promise.all([
    listWhereIn<'orders', OrderRecord & OrderInvoiceFields>('orders', 'id', orderIds),
    listWhereIn<'order_lines', LineWithProduct>('order_lines', 'order', orderIds, { sort: 'position,created', expand: 'product' }),
    listWhereIn<'payments', PaymentRecord>('payments', 'order', orderIds, { sort: 'created' }),
    listWhereIn('order_notes', 'order', orderIds, { filter: "visibility = 'packing'", sort: 'created', fields: 'order,body' })
  ]);
  const byId = new Map(orders.map((o) => [o.id, o]));
  const missing = orderIds.filter((id) => !byId.has(id));
  if (missing.length) throw new AppError('NOT_FOUND', 'orders.not_found', 'This order does not exist.', { ids: missing });
  const of = <T extends { order: string }>(rows: T[], id: string) => rows.filter((r) => r.order === id);
  return orderIds.map((id) => ({
    order: byId.get(id)!,
    lines: of(lines, id),
    payments: of(payments, id),
    packingNotes: of(notes, id).map((n) => n.body)
  }));
}

/** Products store GTIN-14; a leading zero makes it an EAN-13, which the documents print as a barcode. */
function printableGtin(gtins: string[] | null | undefined): string | undefined {
  const gtin = gtins?.[0];
  if (!gtin) return undefined;
  return gtin.length === 14 && gtin.startsWith('0') ? gtin.slice(1) : gtin;
}

/** Document data errors name the settings to fix; the UI shows them and links to the settings. */
export function missingData(error: DocumentDataError, document: string): AppError {
  return new AppError('PRECONDITION_FAILED', 'documents.errors.missing', `${error.message}.`, { document, missing: error.missing });
}

function check(document: string, requirement: () => void): void {
  try {
    requirement();
  } catch (e) {
    throw e instanceof DocumentDataError ? missingData(e, document) : e;
  }
}

/** The seller details an invoice cannot be made without; checked before a number is issued. */
export function requireSellerDetails(shop: ShopInfo, document: 'invoice' | 'credit-note' = 'invoice'): void {
  // without the invoice-number check the order is not looked at
  check(document, () => requireTaxDocumentData(document, shop, {} as DocumentInput['order'], false));
}

const PAID: OrderRecord['payment_status'][] = ['paid', 'partially_refunded', 'refunded'];

function baseInput(bundle: OrderBundle, shop: ShopInfo, format: Format, locale: Locale): DocumentInput {
  const lines = [...bundle.lines].sort((a, b) => a.position - b.position);
  const input = toDocumentInput({ shop, order: bundle.order, lines, payments: bundle.payments, locale, format });
  input.lines = input.lines.map((line, i): DocLine => {
    const product = lines[i].sku === line.sku ? lines[i].expand?.product : undefined;
    return { ...line, bin: product?.bin || undefined, gtin: printableGtin(product?.gtins) };
  });
  return input;
}

/** One order's input for one document; refuses (with what is missing) instead of a broken document. */
export function documentInput<K extends OrderDocumentKind>(
  kind: K,
  bundle: OrderBundle,
  shop: ShopInfo,
  settings: DocumentSettings,
  opts: InputOptions
): OrderDocumentInputs[K] {
  const { order } = bundle;
  const format = opts.format ?? settings.formats[kind];
  const locale = opts.locale ?? (order.locale || opts.fallbackLocale);
  const input = baseInput(bundle, shop, format, locale);
  switch (kind) {
    case 'invoice': {
      const issuedAt = isoDate(order.invoice_issued_at) || undefined;
      check('invoice', () => requireTaxDocumentData('invoice', shop, input.order, true));
      return { ...input, issuedAt } as OrderDocumentInputs[K];
    }
    case 'receipt':
      if (!PAID.includes(order.payment_status)) {
        throw new AppError('PRECONDITION_FAILED', 'documents.errors.not_paid', `Order ${order.number} is not paid yet, so it has no receipt.`, {
          number: order.number
        });
      }
      return input as OrderDocumentInputs[K];
    case 'packing-slip':
      // shows no prices, payments or contact details, and its input carries none, so
      // the packers' own procedures can hand it out as it is
      return {
        ...input,
        order: { ...input.order, email: undefined, paymentMethod: undefined, shippingCents: 0, notes: bundle.packingNotes },
        lines: input.lines.map((l) => ({ ...l, unitPriceCents: 0 })),
        payments: undefined
      } as OrderDocumentInputs[K];
    case 'address-label': {
      const label: AddressLabelInput = { shop, order: { ...input.order, email: undefined, paymentMethod: undefined }, locale, format };
      check('address-label', () => requireShippingAddress('address label', label.order));
      return label as OrderDocumentInputs[K];
    }
  }
  throw new Error(`unknown document ${kind satisfies never}`);
}
