// A credit note (F41) or a surcharge's invoice (F42) as PDF in the browser: the server gives
// the plain input, the lazily loaded documents module draws it, then print or download.
import type { Format } from '$lib/documents';
import { loadDocuments } from '$lib/documents/load';
import { downloadPdf, printPdf } from '$lib/documents/output';
import { trpc } from '$lib/trpc';

export type AfterSalesDocument = { kind: 'credit-note'; id: string } | { kind: 'surcharge-invoice'; id: string };

type AfterSalesView = Awaited<ReturnType<typeof trpc.refunds.forOrder.query>>;

/** The order's credit notes and surcharge invoices as the documents panel lists them, oldest first. */
export function afterSalesEntries(view: AfterSalesView) {
  return [
    ...view.creditNotes.map((c) => ({ doc: { kind: 'credit-note' as const, id: c.id }, number: c.number, issuedAt: c.issuedAt, amountCents: c.totalCents, currency: view.currency })),
    ...view.surcharges.map((s) => ({ doc: { kind: 'surcharge-invoice' as const, id: s.id }, number: s.invoiceNumber, issuedAt: s.issuedAt, amountCents: s.amountCents, currency: view.currency }))
  ].sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
}

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
