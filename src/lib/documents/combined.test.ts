import { describe, expect, it, vi } from 'vitest';
import { DocumentDataError, renderCombined } from './index';
import { pdfPages, qpdfCheck } from '../../../tests/support/documents/pdf';
import { aDocumentInput, anOrder, aShop, manyLines } from '../../../tests/support/documents/factories';

/** How often a PDF name occurs in the (uncompressed) object dictionaries. */
function count(pdf: Uint8Array, token: string): number {
  return new TextDecoder('latin1').decode(pdf).split(token).length - 1;
}

describe('renderCombined', () => {
  it('puts many packing slips in one PDF, fonts embedded once, reporting progress', async () => {
    const inputs = [1042, 1043, 1044].map((number) => aDocumentInput({ order: anOrder({ number }) }));
    const onProgress = vi.fn();
    const pdf = await renderCombined('packing-slip', inputs, onProgress);
    await qpdfCheck(pdf);
    const pages = await pdfPages(pdf);
    expect(pages).toHaveLength(3);
    pages.forEach((page, i) => {
      expect(page).toContain(`Bestellung ${1042 + i}`);
      expect(page).toContain('Seite 1 von 1');
    });
    expect(onProgress.mock.calls).toEqual([[1, 3], [2, 3], [3, 3]]);
    expect(count(pdf, '/FontFile2')).toBe(2);
  });

  it('numbers the pages of each document on its own', async () => {
    const inputs = [aDocumentInput({ lines: manyLines(40) }), aDocumentInput({ order: anOrder({ invoiceNumber: '2024-000124' }) })];
    const pages = await pdfPages(await renderCombined('invoice', inputs));
    expect(pages).toHaveLength(3);
    expect(pages[0]).toContain('Seite 1 von 2');
    expect(pages[1]).toContain('Seite 2 von 2');
    expect(pages[2]).toContain('Seite 1 von 1');
    expect(pages[2]).toContain('2024-000124');
  });

  it('checks every invoice before drawing any', async () => {
    const inputs = [aDocumentInput(), aDocumentInput({ shop: aShop({ address: null }) }), aDocumentInput({ order: anOrder({ invoiceNumber: '' }) })];
    const error = await renderCombined('invoice', inputs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentDataError);
    expect((error as DocumentDataError).missing).toEqual(['shop.address', 'order.invoiceNumber']);
  });
});
