/** What a document cannot be made without; reported as DocumentDataError. */
import { DocumentDataError } from './errors';
import type { DocOrder, ShopInfo } from './types';

/** A tax invoice (and its correction) must name the seller's address and VAT ID. */
export function requireTaxDocumentData(document: string, shop: ShopInfo, order: DocOrder, needsInvoiceNumber: boolean): void {
  const missing: string[] = [];
  if (!shop.address) missing.push('shop.address');
  if (!shop.vatId?.trim()) missing.push('shop.vatId');
  if (needsInvoiceNumber && !order.invoiceNumber?.trim()) missing.push('order.invoiceNumber');
  if (missing.length) throw new DocumentDataError(document, missing);
}

export function requireShippingAddress(document: string, order: DocOrder): void {
  if (order.fulfilmentMethod === 'ship' && !order.shippingAddress) {
    throw new DocumentDataError(document, ['order.shippingAddress']);
  }
}
