import { describe, expect, it } from 'vitest';
import { decodeImageFile } from '../../../tests/support/scanning/decode-node';
import { ean13Text, renderBarcode } from './pdf/barcode';
import { renderAddressLabel, renderPackingSlip } from './index';
import { rasterise } from '../../../tests/support/documents/pdf';
import { aDocumentInput, aLabelInput, anOrder } from '../../../tests/support/documents/factories';

describe('barcodes', () => {
  it('accepts only GTIN-13 (or UPC-A) with a valid check digit for EAN-13', () => {
    expect(ean13Text('4006381333931')).toBe('4006381333931');
    expect(ean13Text('036000291452')).toBe('0036000291452');
    expect(ean13Text('4006381333932')).toBeNull();
    expect(ean13Text('12345')).toBeNull();
    expect(ean13Text(undefined)).toBeNull();
  });

  it('renders PNG bytes in Node with the quiet zone counted in modules', async () => {
    const image = await renderBarcode('code128', '1042');
    expect(image.data).toBeInstanceOf(Uint8Array);
    expect([...(image.data as Uint8Array).slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"
    // Start C, 10, 42, check, stop (11+11+11+11+13) and 11 quiet modules each side.
    expect(image.modules).toBe(79);
  });

  it.each([
    ['an A4 packing slip', () => renderPackingSlip(aDocumentInput({ order: anOrder({ number: 987654 }) })), '987654'],
    ['a thermal packing slip', () => renderPackingSlip(aDocumentInput({ format: 'thermal80' })), '1042'],
    ['a 4×6 label', () => renderAddressLabel(aLabelInput()), '1042']
  ])('decodes the order number from %s printed at 200 dpi', async (_, render, expected) => {
    const png = await rasterise(await render(), 1, 200);
    expect(await decodeImageFile(png)).toMatchObject({ text: expected, format: 'code128' });
  });
});
