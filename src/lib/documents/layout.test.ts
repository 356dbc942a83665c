import { describe, expect, it } from 'vitest';
import { renderAddressLabel, renderCreditNote, renderInvoice, renderPackingSlip, renderPickList, renderReceipt } from './index';
import { pageGeometry } from './pdf/formats';
import { MM, pdfText, wordBoxes } from '../../../tests/support/documents/pdf';
import { aCreditNoteInput, aDocumentInput, aLabelInput, aLine, anAddress, anOrder, aPaidInput, aPickItem, aPickListInput } from '../../../tests/support/documents/factories';
import type { Format } from './types';

const LONG_NAME = 'Maximilian-Alexander Wolfgang Schwarzenberg-Hohenlohe-Langenburg von und zu Oberunterfranken';
const LONG_WORD = 'Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenauszahlungsstelle';
const address = anAddress({ name: LONG_NAME, company: `${LONG_WORD} GmbH & Co. KG`, street: `${LONG_WORD}straße 1234a, Hinterhaus` });
const order = anOrder({ customerName: LONG_NAME, shippingAddress: address, billingAddress: address, notes: [`${LONG_WORD} ${LONG_NAME}`] });
const lines = [aLine({ name: `${LONG_NAME} – ${LONG_WORD}`, sku: LONG_WORD, bin: 'A-01-LONG-BIN-NAME' }), aLine()];

/** Each document with the text it ends on: pdftotext drops what falls off the page, so it must be there. */
const documents: [string, (format: Format) => Promise<Uint8Array>, string][] = [
  ['invoice', (format) => renderInvoice(aDocumentInput({ order, lines, format })), 'Verwendungszweck'],
  ['receipt', (format) => renderReceipt(aPaidInput({ order, lines, format })), 'Vielen Dank'],
  ['packing slip', (format) => renderPackingSlip(aDocumentInput({ order, lines, format })), 'Oberunterfranken'],
  ['credit note', (format) => renderCreditNote(aCreditNoteInput({ order, lines, format, reason: LONG_WORD })), 'inkl. USt.'],
  ['label', (format) => renderAddressLabel(aLabelInput({ order, format })), 'Bestellung 1042'],
  [
    'pick list',
    (format) => renderPickList(aPickListInput({ format, items: [aPickItem({ name: LONG_NAME, sku: LONG_WORD, bin: 'A-01-LONG-BIN-NAME' })] })),
    'Oberunterfranken'
  ]
];

describe.each(['a4', 'letter', 'thermal80', 'label4x6'] as const)('on %s', (format) => {
  it.each(documents)('the %s keeps long names and words inside the margins', async (_, render, lastWords) => {
    const { margin } = pageGeometry(format);
    const pdf = await render(format);
    expect(await pdfText(pdf)).toContain(lastWords);
    const pages = await wordBoxes(pdf);
    const tolerance = 1; // pt
    for (const page of pages) {
      for (const word of page.words) {
        expect(word.xMin, word.word).toBeGreaterThanOrEqual(margin.left * MM - tolerance);
        expect(word.xMax, word.word).toBeLessThanOrEqual(page.width - margin.right * MM + tolerance);
        expect(word.yMin, word.word).toBeGreaterThanOrEqual(0);
        expect(word.yMax, word.word).toBeLessThanOrEqual(page.height - margin.bottom * MM + tolerance);
      }
    }
  });
});
