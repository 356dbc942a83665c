import { describe, expect, it } from 'vitest';
import { renderReceipt } from './index';
import { MM, pageSizes, pdfText, qpdfCheck } from '../../../tests/support/documents/pdf';
import { aLine, anOrder, aPaidInput, aShop } from '../../../tests/support/documents/factories';

describe('renderReceipt', () => {
  it('shows what was paid, how, and the bank reference', async () => {
    const pdf = await renderReceipt(aPaidInput());
    await qpdfCheck(pdf);
    const text = await pdfText(pdf);
    expect(text).toContain('Quittung');
    expect(text).toMatch(/Bezahlt \(Online-Banking\)\s+79,12 €/);
    expect(text).toMatch(/Buchungsreferenz\s+TRX-88412-ZX/);
    expect(text).toMatch(/Datum\s+06\.03\.2024, 09:15/);
    expect(text).toMatch(/USt\. 19 %\s+8,82 €/);
    expect(text).toContain('Öffnungszeiten');
  });

  it('prints Turkish names and lira on an English receipt', async () => {
    const input = aPaidInput({
      locale: 'en',
      shop: aShop({ currency: 'TRY', timeZone: 'Europe/Istanbul' }),
      order: anOrder({ customerName: 'Şükrü Yılmaz Ağaoğlu', currency: 'TRY' }),
      lines: [aLine({ name: 'Çay bardağı – İznik', qty: 2, unitPriceCents: 15000, taxRateBp: 2000 })]
    });
    const text = await pdfText(await renderReceipt(input));
    expect(text).toContain('Şükrü Yılmaz Ağaoğlu');
    expect(text).toContain('Çay bardağı – İznik');
    expect(text).toMatch(/Total\s+TRY\s?304\.95/);
    expect(text).toMatch(/Paid \(online banking\)/);
  });

  it('is 80 mm wide on a thermal roll and grows with its content', async () => {
    const short = await renderReceipt(aPaidInput({ lines: [aLine()] }));
    const long = await renderReceipt(aPaidInput({ lines: Array.from({ length: 40 }, () => aLine()) }));
    await qpdfCheck(long);
    const [shortPage] = await pageSizes(short);
    const [longPage] = await pageSizes(long);
    expect(shortPage.width).toBeCloseTo(80 * MM, 0);
    expect(longPage.width).toBeCloseTo(80 * MM, 0);
    expect(shortPage.height).toBeGreaterThan(60 * MM);
    // Forty lines need well over 100 mm more roll than one.
    expect(longPage.height - shortPage.height).toBeGreaterThan(100 * MM);
    expect((await pageSizes(long)).length).toBe(1);
  });
});
