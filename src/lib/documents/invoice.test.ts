import { describe, expect, it } from 'vitest';
import { DocumentDataError, renderInvoice } from './index';
import { MM, pageSizes, pdfPages, pdfText, qpdfCheck } from '../../../tests/support/documents/pdf';
import { aDocumentInput, anAddress, anOrder, aPayment, aShop, manyLines } from '../../../tests/support/documents/factories';

describe('renderInvoice', () => {
  it('prints seller, buyer, lines, tax per rate and totals in German', async () => {
    const pdf = await renderInvoice(aDocumentInput());
    await qpdfCheck(pdf);
    const text = await pdfText(pdf);
    expect(text).toContain('Rechnung');
    expect(text).toContain('2024-000123');
    expect(text).toContain('Lagerstraße 5');
    expect(text).toContain('USt-IdNr. DE123456789');
    // Buyer with Polish letters, the country spelled out because it is abroad.
    expect(text).toContain('Łukasz Żółkiewski');
    expect(text).toContain('ul. Świętokrzyska 7/12');
    expect(text).toContain('POLEN');
    expect(text).toContain('Hrnek Řeřicha – Dvořák');
    expect(text).toContain('Kaffeebecher „Größe XL“');
    // 2 × 12,90 € and the totals from the tax split.
    expect(text).toContain('25,80 €');
    expect(text).toMatch(/Gesamtbetrag\s+79,12 €/);
    expect(text).toMatch(/USt\. 19 %\s+8,82 €/);
    expect(text).toMatch(/Netto 7 %\s+22,31 €/);
    expect(text).toMatch(/USt\. 7 %\s+1,56 €/);
    expect(text).toMatch(/Versand\s+4,95 €/);
  });

  it('dates the invoice in the shop time zone and gives the due date', async () => {
    // Placed 23:30 UTC on 5 March = 00:30 on 6 March in Berlin.
    const text = await pdfText(await renderInvoice(aDocumentInput()));
    expect(text).toContain('06.03.2024');
    expect(text).not.toContain('05.03.2024');
    expect(text).toContain('Zahlbar innerhalb von 14 Tagen bis 20.03.2024');
    expect(text).toContain('Verwendungszweck: 2024-000123');

    const newYork = await pdfText(await renderInvoice(aDocumentInput({ shop: aShop({ timeZone: 'America/New_York' }) })));
    expect(newYork).toContain('05.03.2024');
  });

  it('says paid instead of payment terms when the payments cover the total', async () => {
    const text = await pdfText(await renderInvoice(aDocumentInput({ payments: [aPayment({ amountCents: 7912, method: 'card' })] })));
    expect(text).toContain('Bezahlt am 06.03.2024 per Karte');
    expect(text).not.toContain('Zahlbar');
  });

  it('writes English on US Letter', async () => {
    const pdf = await renderInvoice(aDocumentInput({ locale: 'en', format: 'letter', order: anOrder({ currency: 'USD' }) }));
    const [size] = await pageSizes(pdf);
    expect(size.width).toBeCloseTo(215.9 * MM, 0);
    expect(size.height).toBeCloseTo(279.4 * MM, 0);
    const text = await pdfText(pdf);
    expect(text).toContain('Invoice');
    expect(text).toMatch(/Total\s+\$79\.12/);
    expect(text).toMatch(/VAT 19%\s+\$8\.82/);
    expect(text).toContain('Mar 6, 2024');
    expect(text).toContain('Page 1 of 1');
  });

  it('repeats the header and numbers pages on a long invoice', async () => {
    const pdf = await renderInvoice(aDocumentInput({ lines: manyLines(300) }));
    await qpdfCheck(pdf);
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(4);
    pages.forEach((page, i) => {
      expect(page).toContain(`Seite ${i + 1} von ${pages.length}`);
      expect(page).toContain('Einzelpreis'); // table head on every page
    });
    expect(pages[1]).toContain('Packbench Versand GmbH · Rechnung 2024-000123');
    const all = pages.join('\n');
    expect(all).toMatch(/BULK-1$/m);
    expect(all).toContain('BULK-300');
    expect(pages.at(-1)).toMatch(/Gesamtbetrag\s+6.001,95 €/);
  });

  it('refuses without a shop address or VAT ID, naming the settings', async () => {
    const input = aDocumentInput({ shop: aShop({ address: null, vatId: undefined }) });
    const error = await renderInvoice(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentDataError);
    expect((error as DocumentDataError).missing).toEqual(['shop.address', 'shop.vatId']);

    const noNumber = aDocumentInput({ order: anOrder({ invoiceNumber: undefined }) });
    await expect(renderInvoice(noNumber)).rejects.toMatchObject({ missing: ['order.invoiceNumber'] });
  });

  it('falls back to the shipping address and shows a different ship-to', async () => {
    const order = anOrder({ billingAddress: anAddress({ name: 'Firma Müller', company: 'Müller & Söhne KG' }) });
    const text = await pdfText(await renderInvoice(aDocumentInput({ order })));
    expect(text).toContain('Rechnungsadresse');
    expect(text).toContain('Müller & Söhne KG');
    expect(text).toContain('Lieferadresse');
    expect(text).toContain('Warszawa');
  });
});
