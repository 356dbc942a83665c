// What the documents procedures do: the input for one order's document (issuing its invoice
// number first when needed), and bulk printing in two steps: a plan (order of printing,
// invoice numbers for all at once), then the inputs in chunks the browser asks for one by one.
import type { Format, Locale } from '$lib/documents';
import type { BulkDocumentKind, BulkSort, OrderDocumentKind } from '$lib/documents/formats';
import { byBin } from '$lib/documents/templates/bins';
import { AppError } from '../errors';
import { loadShop } from '../mail/document-input';
import type { OrderLineRecord, OrderRecord } from '../pocketbase/records';
import { listWhereIn } from '../pocketbase/where-in';
import { documentInput, loadBundles, requireSellerDetails, type OrderDocumentInputs } from './inputs';
import { issueInvoiceNumbers } from './invoice-number';
import { loadDocumentSettings } from './settings';

export interface Requester {
  staffId: string;
  /** the language documents fall back to when an order has none */
  locale: Locale;
}

export interface PrintOptions {
  format?: Format;
  locale?: Locale;
}

async function context() {
  const [shop, settings] = await Promise.all([loadShop(), loadDocumentSettings()]);
  return { shop, settings };
}

export async function orderDocumentInput<K extends OrderDocumentKind>(
  kind: K,
  orderId: string,
  opts: PrintOptions,
  who: Requester
): Promise<OrderDocumentInputs[K]> {
  const { shop, settings } = await context();
  if (kind === 'invoice') {
    // a number is only issued for an invoice that can actually be made
    requireSellerDetails(shop);
    await issueInvoiceNumbers([orderId], { actorId: who.staffId, timeZone: shop.timeZone });
  }
  const [bundle] = await loadBundles([orderId]);
  return documentInput(kind, bundle, shop, settings, { ...opts, fallbackLocale: who.locale });
}

type SortableOrder = Pick<OrderRecord, 'id' | 'number'> & { firstBin?: string };

async function sortable(orderIds: string[]): Promise<SortableOrder[]> {
  const [orders, lines] = await Promise.all([
    listWhereIn<'orders', SortableOrder>('orders', 'id', orderIds, { fields: 'id,number' }),
    listWhereIn<'order_lines', Pick<OrderLineRecord, 'order' | 'sku'> & { expand?: { product?: { bin: string } } }>('order_lines', 'order', orderIds, {
      expand: 'product',
      fields: 'order,sku,expand.product.bin'
    })
  ]);
  for (const o of orders) {
    const bins = lines.filter((l) => l.order === o.id).map((l) => ({ sku: l.sku, bin: l.expand?.product?.bin || undefined }));
    o.firstBin = bins.sort(byBin)[0]?.bin;
  }
  return orders;
}

/** The walk through the warehouse: orders by their first bin (unbinned last), then by number. */
export function compareForPrinting(sort: BulkSort) {
  return (a: SortableOrder, b: SortableOrder): number =>
    (sort === 'bin' ? byBin({ sku: '', bin: a.firstBin }, { sku: '', bin: b.firstBin }) : 0) || a.number - b.number;
}

/**
 * Step 1 of a bulk print: checks the orders, issues the missing invoice numbers in order-number
 * order (one transaction; nothing is issued if any order cannot have an invoice or the seller
 * details are missing) and returns the order ids in printing order.
 */
export async function planBulkPrint(kind: BulkDocumentKind, orderIds: string[], sort: BulkSort, who: Requester): Promise<{ orderIds: string[] }> {
  const orders = await sortable([...new Set(orderIds)]);
  if (orders.length < new Set(orderIds).size) {
    const found = new Set(orders.map((o) => o.id));
    throw new AppError('NOT_FOUND', 'orders.not_found', 'This order does not exist.', { ids: orderIds.filter((id) => !found.has(id)) });
  }
  if (kind === 'invoice') {
    const shop = await loadShop();
    requireSellerDetails(shop);
    const byNumber = [...orders].sort(compareForPrinting('number')).map((o) => o.id);
    await issueInvoiceNumbers(byNumber, { actorId: who.staffId, timeZone: shop.timeZone });
  }
  return { orderIds: orders.sort(compareForPrinting(sort)).map((o) => o.id) };
}

/** Step 2: the inputs for one chunk of the plan, in the order asked for. */
/** Step 2 for the order documents; credit notes come from ../refunds/documents.ts. */
export async function bulkInputs(kind: Exclude<BulkDocumentKind, 'credit-note'>, orderIds: string[], opts: PrintOptions, who: Requester) {
  const { shop, settings } = await context();
  const bundles = await loadBundles(orderIds);
  return bundles.map((bundle) => documentInput(kind, bundle, shop, settings, { ...opts, fallbackLocale: who.locale }));
}
