import { describe, expect, it } from 'vitest';
import { decodeImageFile } from '../../../tests/support/scanning/decode-node';
import { renderShippingLabels, type ShippingLabel } from './shipping-labels';
import { MM, pageSizes, pdfPages, qpdfCheck, rasterise, wordBoxes } from '../../../tests/support/documents/pdf';
import { aShop, anAddress } from '../../../tests/support/documents/factories';

const label = (n: number, overrides: Partial<ShippingLabel> = {}): ShippingLabel => ({
  courier: 'Packbench Sandbox',
  trackingNumber: `PB${String(100000000 + n)}DE`,
  orderNumber: 1040 + n,
  shipTo: anAddress({ name: `Empfänger ${n}`, street: `Hauptstraße ${n}` }),
  ...overrides
});

describe('renderShippingLabels', () => {
  it('prints one 4x6 label per page with the courier, tracking number and address', async () => {
    const pdf = await renderShippingLabels({ shop: aShop(), locale: 'de', layout: 'label4x6', labels: [label(1, { parcel: { index: 1, count: 2 } }), label(2)] });
    await qpdfCheck(pdf);
    expect(await pageSizes(pdf)).toEqual([{ width: 288, height: 432 }, { width: 288, height: 432 }]);
    const [first, second] = await pdfPages(pdf);
    expect(first).toContain('Packbench Sandbox');
    expect(first).toContain('Paket 1 von 2');
    expect(first).toContain('Sendungsnr. PB100000001DE');
    expect(first).toContain('Empfänger 1');
    expect(first).toContain('Bestellung 1041');
    expect(first).toContain('Absender: Packbench Versand GmbH');
    expect(second).toContain('Empfänger 2');
    expect(second).not.toContain('Paket');
  });

  it('puts four labels on each A4 sheet, each inside its own quarter', async () => {
    const labels = [1, 2, 3, 4, 5].map((n) => label(n));
    const pdf = await renderShippingLabels({ shop: aShop(), locale: 'en', layout: 'a4', labels });
    await qpdfCheck(pdf);
    const sizes = await pageSizes(pdf);
    expect(sizes).toHaveLength(2);
    expect(sizes[0].width).toBeCloseTo(210 * MM, 0);
    const pages = await wordBoxes(pdf);
    const quarter = (name: string, page: number) => {
      const w = pages[page].words.find((x) => x.word === name);
      if (!w) throw new Error(`${name} not on page ${page + 1}`);
      return [w.xMin < pages[page].width / 2 ? 'left' : 'right', w.yMin < pages[page].height / 2 ? 'top' : 'bottom'];
    };
    // "Empfänger 1..4" -> the number after the name lies in its own quarter
    const numberOf = (n: number, page: number) => {
      const words = pages[page].words;
      const i = words.findIndex((w, j) => w.word === 'Empfänger' && words[j + 1]?.word === String(n));
      return i === -1 ? null : quarter(words[i + 1].word, page);
    };
    expect(numberOf(1, 0)).toEqual(['left', 'top']);
    expect(numberOf(2, 0)).toEqual(['right', 'top']);
    expect(numberOf(3, 0)).toEqual(['left', 'bottom']);
    expect(numberOf(4, 0)).toEqual(['right', 'bottom']);
    expect(numberOf(5, 1)).toEqual(['left', 'top']);
    // nothing crosses the middle of the sheet
    for (const w of pages[0].words) {
      const crossesX = w.xMin < pages[0].width / 2 && w.xMax > pages[0].width / 2;
      const crossesY = w.yMin < pages[0].height / 2 && w.yMax > pages[0].height / 2;
      expect([w.word, crossesX || crossesY]).toEqual([w.word, false]);
    }
  });

  it('the tracking barcode scans back to the tracking number', async () => {
    const pdf = await renderShippingLabels({ shop: aShop(), locale: 'en', layout: 'label4x6', labels: [label(7)] });
    const png = await rasterise(pdf, 1, 200);
    expect(await decodeImageFile(png)).toMatchObject({ text: 'PB100000007DE', format: 'code128' });
  });
});
