// One order's document, made in the browser: the server gives the plain input (issuing the
// invoice number on the first invoice), the lazily loaded module draws the PDF.
import type { Format, Locale } from '$lib/documents';
import { trpc } from '$lib/trpc';
import type { OrderDocumentKind } from './formats';
import { loadDocuments } from './load';
import { downloadPdf, printPdf } from './output';

export interface PrintChoice {
  format?: Format;
  locale?: Locale;
}

export interface MadeDocument {
  pdf: Uint8Array;
  fileName: string;
}

type DocumentsModule = Awaited<ReturnType<typeof loadDocuments>>;

async function make<I>(
  kind: OrderDocumentKind,
  input: Promise<I>,
  render: (docs: DocumentsModule, input: I) => Promise<Uint8Array>
): Promise<MadeDocument> {
  // the data arrives while the module downloads
  const [data, docs] = await Promise.all([input, loadDocuments()]);
  return { pdf: await render(docs, data), fileName: docs.documentFileName(kind, data as never) };
}

export function makeOrderDocument(kind: OrderDocumentKind, orderId: string, choice: PrintChoice = {}): Promise<MadeDocument> {
  const request = { orderId, ...choice };
  switch (kind) {
    case 'invoice':
      return make(kind, trpc.documents.invoice.mutate(request), (d, input) => d.renderInvoice(input));
    case 'receipt':
      return make(kind, trpc.documents.receipt.query(request), (d, input) => d.renderReceipt(input));
    case 'packing-slip':
      return make(kind, trpc.documents.packingSlip.query(request), (d, input) => d.renderPackingSlip(input));
    case 'address-label':
      return make(kind, trpc.documents.addressLabel.query(request), (d, input) => d.renderAddressLabel(input));
  }
}

export type OutputMode = 'print' | 'download';

/** What the documents panel calls; a test gives the panel its own. */
export interface OrderDocumentActions {
  output(kind: OrderDocumentKind, orderId: string, mode: OutputMode, choice: PrintChoice): Promise<{ fileName: string }>;
}

export const orderDocumentActions: OrderDocumentActions = {
  async output(kind, orderId, mode, choice) {
    const { pdf, fileName } = await makeOrderDocument(kind, orderId, choice);
    if (mode === 'print') await printPdf(pdf);
    else downloadPdf(pdf, fileName);
    return { fileName };
  }
};
