import { describe, expect, it } from 'vitest';
import { DocumentDataError, renderCreditNote } from './index';
import { pdfText, qpdfCheck } from '../../../tests/support/documents/pdf';
import { aCreditNoteInput, aShop } from '../../../tests/support/documents/factories';

describe('renderCreditNote', () => {
  it('credits the lines as negative amounts with their tax, citing invoice and reason', async () => {
    const pdf = await renderCreditNote(aCreditNoteInput({ shippingCents: 495 }));
    await qpdfCheck(pdf);
    const text = await pdfText(pdf);
    expect(text).toContain('Gutschrift');
    expect(text).toMatch(/Gutschriftnr\.\s+GS-2024-0007/);
    expect(text).toContain('Korrektur zur Rechnung 2024-000123');
    expect(text).toContain('Grund: Ware beschädigt angekommen');
    expect(text).toMatch(/Versand\s+-4,95 €/);
    expect(text).toMatch(/Gutschriftbetrag\s+-17,85 €/);
    expect(text).toMatch(/USt\. 19 %\s+-2,85 €/);
    expect(text).toMatch(/Datum\s+12\.03\.2024/);
  });

  it('needs the same seller details as an invoice', async () => {
    const error = await renderCreditNote(aCreditNoteInput({ shop: aShop({ vatId: ' ' }) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentDataError);
    expect((error as DocumentDataError).missing).toEqual(['shop.vatId']);
  });
});
