/**
 * Renders every document from the test factories to PDF and PNG in
 * docs/documents/, for docs/documents.md and for eyeballing layout changes.
 *
 *   npx tsx scripts/render-document-samples.ts
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import {
  renderAddressLabel,
  renderCreditNote,
  renderInvoice,
  renderPackingSlip,
  renderPickList,
  renderReceipt
} from '../src/lib/documents/index';
import {
  aCreditNoteInput,
  aDocumentInput,
  aLabelInput,
  aPaidInput,
  aPickListInput,
  anOrder,
  aShop,
  manyLines
} from '../tests/support/documents/factories';

const run = promisify(execFile);
const OUT = join(import.meta.dirname, '..', 'docs', 'documents');

/** A stand-in shop logo so the samples show where one goes. */
async function sampleLogo(): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="360" height="100">
    <rect x="4" y="14" width="72" height="72" rx="10" fill="#1f6feb"/>
    <path d="M22 40 L40 30 L58 40 L58 62 L40 72 L22 62 Z" fill="none" stroke="#fff" stroke-width="5"/>
    <text x="92" y="66" font-family="DejaVu Sans" font-size="40" font-weight="bold" fill="#1f2937">packbench</text>
  </svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const pdfs = await mkdtemp(join(tmpdir(), 'document-samples-'));
  const shop = aShop({ logoPng: await sampleLogo() });
  const samples: [string, () => Promise<Uint8Array>][] = [
    ['invoice-a4', () => renderInvoice(aDocumentInput({ shop }))],
    [
      'invoice-letter-en',
      () => renderInvoice(aDocumentInput({ shop, order: anOrder({ currency: 'USD' }), locale: 'en', format: 'letter' }))
    ],
    ['invoice-multipage-a4', () => renderInvoice(aDocumentInput({ shop, lines: manyLines(60) }))],
    ['receipt-thermal80', () => renderReceipt(aPaidInput({ shop }))],
    ['receipt-a4', () => renderReceipt(aPaidInput({ shop, format: 'a4', locale: 'en' }))],
    ['packing-slip-a4', () => renderPackingSlip(aDocumentInput({ shop }))],
    ['packing-slip-thermal80', () => renderPackingSlip(aDocumentInput({ shop, format: 'thermal80' }))],
    ['pick-list-a4', () => renderPickList(aPickListInput({ shop }))],
    ['pick-list-thermal80', () => renderPickList(aPickListInput({ shop, format: 'thermal80' }))],
    ['label-4x6', () => renderAddressLabel(aLabelInput({ shop }))],
    ['label-thermal80', () => renderAddressLabel(aLabelInput({ shop, format: 'thermal80' }))],
    ['credit-note-a4', () => renderCreditNote(aCreditNoteInput({ shop, creditNoteNumber: 'GS-2024-000007', shippingCents: 495 }))],
    ['credit-note-thermal80', () => renderCreditNote(aCreditNoteInput({ shop, creditNoteNumber: 'GS-2024-000007', shippingCents: 495, format: 'thermal80' }))]
  ];
  for (const [name, render] of samples) {
    const pdf = join(pdfs, `${name}.pdf`);
    await writeFile(pdf, await render());
    // Page 1 only: enough to judge a layout; 110 dpi keeps the PNGs small for the docs.
    await run('pdftoppm', ['-r', '110', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, join(OUT, name)]);
    console.log(`docs/documents/${name}.png`);
  }
  await rm(pdfs, { recursive: true });
}

await main();
