import { describe, expect, it } from 'vitest';
import { renderPackingSlip } from './index';
import { pdfText, qpdfCheck } from '../../../tests/support/documents/pdf';
import { aDocumentInput, aLine, anOrder, aShop } from '../../../tests/support/documents/factories';

describe('renderPackingSlip', () => {
  it('lists items in bin order with quantities and notes, and no prices', async () => {
    const pdf = await renderPackingSlip(aDocumentInput());
    await qpdfCheck(pdf);
    const text = await pdfText(pdf);
    expect(text).toContain('Lieferschein');
    expect(text).not.toMatch(/€|\d,\d\d/);
    const bins = ['A-03', 'A-10', 'B-12', 'C-01'].map((bin) => text.indexOf(bin));
    expect(bins.every((at) => at > 0)).toBe(true);
    expect(bins).toEqual([...bins].sort((a, b) => a - b));
    expect(text).toMatch(/A-03\s+Grüner Tee – 250 g\s+3/);
    expect(text).toContain('Packhinweise');
    expect(text).toContain('Zerbrechlich – extra Polster');
    expect(text).toContain('4 Artikel · 7 Stück');
    expect(text).toContain('Bestellung 1042');
  });

  it('sorts bins naturally and puts unbinned items last', async () => {
    const lines = [aLine({ name: 'Ohne Platz', bin: undefined }), aLine({ name: 'Regal zehn', bin: 'R10' }), aLine({ name: 'Regal zwei', bin: 'R2' })];
    const text = await pdfText(await renderPackingSlip(aDocumentInput({ lines })));
    const order = ['Regal zwei', 'Regal zehn', 'Ohne Platz'].map((name) => text.indexOf(name));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('shows a split shipment as "shipped of ordered"', async () => {
    const lines = [aLine({ name: 'Teilmenge', qty: 3, shipped: 1 })];
    const text = await pdfText(await renderPackingSlip(aDocumentInput({ lines, locale: 'en' })));
    expect(text).toMatch(/Teilmenge\s+1 of 3/);
    expect(text).toContain('separate shipment');
  });

  it('marks collection orders and prints the opening hours', async () => {
    const order = anOrder({ fulfilmentMethod: 'collect', shippingAddress: null });
    const text = await pdfText(await renderPackingSlip(aDocumentInput({ order, shop: aShop(), format: 'thermal80' })));
    expect(text).toContain('Abholung im Laden');
    expect(text).toContain('Mo–Fr 9–18 Uhr');
  });
});
