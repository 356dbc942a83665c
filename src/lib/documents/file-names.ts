/** Download and attachment names: `invoice-2024-000123.pdf`, `packing-slip-1042.pdf`. */
import type { DocumentInputs, DocumentKind } from './types';

function safe(part: string): string {
  return part.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'document';
}

function idOf<K extends DocumentKind>(kind: K, input: DocumentInputs[K]): string {
  if ('creditNoteNumber' in input) return input.creditNoteNumber;
  if ('totes' in input) {
    const orders = input.totes.map((t) => t.orderNumber);
    return orders.length ? `${Math.min(...orders)}-${Math.max(...orders)}` : 'empty';
  }
  if (kind === 'invoice' && input.order.invoiceNumber) return input.order.invoiceNumber;
  return String(input.order.number);
}

/** One name for one document, or a range name for a combined PDF of many. */
export function documentFileName<K extends DocumentKind>(kind: K, input: DocumentInputs[K] | DocumentInputs[K][]): string {
  if (!Array.isArray(input)) return `${kind}-${safe(idOf(kind, input))}.pdf`;
  const ids = input.map((one) => safe(idOf(kind, one)));
  const range = ids.length > 1 ? `${ids[0]}_${ids.at(-1)}` : (ids[0] ?? 'empty');
  return `${kind}s-${range}.pdf`;
}
