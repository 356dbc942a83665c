// Printing at the bench, one tap each: the open order's packing slip and a batch's pick list.
// The documents module loads on the first print only (documents/load.ts).
import type { DocumentInput, PickListInput } from '$lib/documents';
import { loadDocuments } from '$lib/documents/load';
import { printPdf } from '$lib/documents/output';

export async function printPackingSlip(input: DocumentInput) {
  const docs = await loadDocuments();
  await printPdf(await docs.renderPackingSlip(input));
}

export async function printPickList(input: PickListInput) {
  const docs = await loadDocuments();
  await printPdf(await docs.renderPickList(input));
}
