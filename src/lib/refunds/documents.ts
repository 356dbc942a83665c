// A credit note (F41) or a surcharge's invoice (F42) as PDF in the browser: the server gives
// the plain input, the lazily loaded documents module draws it, then print or download.
import type { Format } from '$lib/documents';
import { loadDocuments } from '$lib/documents/load';
import { downloadPdf, printPdf } from '$lib/documents/output';
import { trpc } from '$lib/trpc';

export type AfterSalesDocument = { kind: 'credit-note'; id: string } | { kind: 'surcharge-invoice'; id: string };

export async function outputAfterSalesDocument(doc: AfterSalesDocument, format: Format, mode: 'print' | 'download'): Promise<{ fileName: string }> {
  const docs = loadDocuments();
  let pdf: Uint8Array;
  let fileName: string;
  if (doc.kind === 'credit-note') {
    const [input, d] = await Promise.all([trpc.refunds.creditNoteDocument.query({ creditNoteId: doc.id, format }), docs]);
    pdf = await d.renderCreditNote(input);
    fileName = d.documentFileName('credit-note', input);
  } else {
    const [input, d] = await Promise.all([trpc.refunds.surchargeInvoice.query({ surchargeId: doc.id, format }), docs]);
    pdf = await d.renderInvoice(input);
    fileName = d.documentFileName('invoice', input);
  }
  if (mode === 'print') await printPdf(pdf);
  else downloadPdf(pdf, fileName);
  return { fileName };
}
