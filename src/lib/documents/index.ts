/**
 * Documents as PDF bytes from plain data, the same in the browser (print,
 * download) and in Node (email attachments). Async because barcodes are.
 */
import { checkInvoice, drawInvoice } from './templates/invoice';
import { drawAddressLabel } from './templates/address-label';
import { drawCreditNote } from './templates/credit-note';
import { drawPackingSlip } from './templates/packing-slip';
import { drawPickList } from './templates/pick-list';
import { drawReceipt } from './templates/receipt';
import { DocumentDataError } from './errors';
import { PdfWriter } from './pdf/writer';
import type { AddressLabelInput, CombinedKind, CreditNoteInput, DocumentInput, DocumentInputs, PickListInput } from './types';

export { DocumentDataError } from './errors';
export { documentFileName } from './file-names';
export { computeTotals, type Totals, type TaxRow } from './tax';
export type * from './types';

type Draw<I> = (writer: PdfWriter, input: I) => Promise<void>;

async function render<I>(draw: Draw<I>, input: I): Promise<Uint8Array> {
  const writer = new PdfWriter();
  await draw(writer, input);
  return writer.finish();
}

export const renderInvoice = (input: DocumentInput): Promise<Uint8Array> => render(drawInvoice, input);
export const renderReceipt = (input: DocumentInput): Promise<Uint8Array> => render(drawReceipt, input);
export const renderPackingSlip = (input: DocumentInput): Promise<Uint8Array> => render(drawPackingSlip, input);
export const renderPickList = (input: PickListInput): Promise<Uint8Array> => render(drawPickList, input);
export const renderAddressLabel = (input: AddressLabelInput): Promise<Uint8Array> => render(drawAddressLabel, input);
export const renderCreditNote = (input: CreditNoteInput): Promise<Uint8Array> => render(drawCreditNote, input);

const combinable: { [K in CombinedKind]: { draw: Draw<DocumentInputs[K]>; check?: (input: DocumentInputs[K]) => void } } = {
  invoice: { draw: drawInvoice, check: checkInvoice },
  'packing-slip': { draw: drawPackingSlip },
  'credit-note': { draw: drawCreditNote }
};

/**
 * Many documents in ONE PDF for bulk printing; each keeps its own page numbers.
 * Every input is checked before any is drawn, so a bad order fails the batch
 * at once. Yields to the event loop now and then so a browser can show progress.
 */
export async function renderCombined<K extends CombinedKind>(
  kind: K,
  inputs: DocumentInputs[K][],
  onProgress?: (done: number, total: number) => void
): Promise<Uint8Array> {
  if (!inputs.length) throw new Error('renderCombined: nothing to render');
  const { draw, check } = combinable[kind] as { draw: Draw<DocumentInputs[K]>; check?: (input: DocumentInputs[K]) => void };
  if (check) checkAll(kind, inputs, check);
  const writer = new PdfWriter();
  for (const [i, input] of inputs.entries()) {
    await draw(writer, input);
    onProgress?.(i + 1, inputs.length);
    if ((i + 1) % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return writer.finish();
}

function checkAll<I>(kind: CombinedKind, inputs: I[], check: (input: I) => void): void {
  const missing = new Set<string>();
  for (const input of inputs) {
    try {
      check(input);
    } catch (error) {
      if (!(error instanceof DocumentDataError)) throw error;
      error.missing.forEach((name) => missing.add(name));
    }
  }
  if (missing.size) throw new DocumentDataError(`${kind}s`, [...missing]);
}
