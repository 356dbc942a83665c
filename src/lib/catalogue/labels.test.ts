import { describe, expect, it } from 'vitest';
import { labelBarcode, productLabels, shelfLabels } from './labels';

const tea = { sku: 'TEA-1', name: 'Grüner Tee, 250 g', bin: 'A-01', gtins: ['04006381333931'], priceCents: 1250 };
const noGtin = { ...tea, sku: 'BOX-7', gtins: [] };
const pages = (pdf: Uint8Array) => (Buffer.from(pdf).toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

describe('#14 labels', () => {
  it('encode the EAN-13 when there is one, else the SKU as Code 128', () => {
    expect(labelBarcode(tea)).toEqual({ symbology: 'ean13', text: '4006381333931' });
    expect(labelBarcode(noGtin)).toEqual({ symbology: 'code128', text: 'BOX-7' });
  });

  it('a shelf label per product and the copies asked for, as PDF pages', async () => {
    const shelf = await shelfLabels([tea, noGtin], 'EUR', 'de-DE');
    expect(Buffer.from(shelf.slice(0, 5)).toString()).toBe('%PDF-');
    expect(pages(shelf)).toBe(2);
    expect(pages(await productLabels([tea, noGtin], 3))).toBe(6);
  });
});
