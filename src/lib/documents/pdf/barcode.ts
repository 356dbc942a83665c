/**
 * Barcode images through bwip-js: PNG bytes in Node (toBuffer), a canvas in the
 * browser (toCanvas). Drawn as an image with a white background and a quiet zone
 * so cameras find the edges.
 */
import bwipjs, { type BwipOptions } from 'bwip-js';

export type Symbology = 'code128' | 'ean13';

export interface BarcodeImage {
  symbology: Symbology;
  text: string;
  /** What jsPDF embeds: PNG bytes (Node) or a canvas (browser). */
  data: Uint8Array | HTMLCanvasElement;
  /** Width in bar modules, quiet zones included. */
  modules: number;
  /** Image key; the same barcode is embedded once per document. */
  alias: string;
}

/** bwip-js pixels per module; the PDF scales the image to the module width wanted. */
const SCALE = 3;
/** Quiet zone in modules on each side (Code 128 needs 10, EAN-13 11 on the left). */
const QUIET_ZONE = 11;

export async function renderBarcode(symbology: Symbology, text: string): Promise<BarcodeImage> {
  const options: BwipOptions = {
    bcid: symbology,
    text,
    scale: SCALE,
    // Bars are stretched to their printed height in the PDF; a short image keeps the PNG tiny.
    height: 2,
    includetext: false,
    paddingwidth: QUIET_ZONE,
    paddingheight: 1,
    backgroundcolor: 'FFFFFF'
  };
  const { data, widthPx } = await draw(options);
  return { symbology, text, data, modules: widthPx / SCALE, alias: `barcode-${symbology}-${text}` };
}

async function draw(options: BwipOptions): Promise<{ data: Uint8Array | HTMLCanvasElement; widthPx: number }> {
  if (bwipjs.toBuffer) {
    const png = new Uint8Array(await bwipjs.toBuffer(options));
    return { data: png, widthPx: pngWidth(png) };
  }
  if (bwipjs.toCanvas && typeof document !== 'undefined') {
    const canvas = bwipjs.toCanvas(document.createElement('canvas'), options);
    return { data: canvas, widthPx: canvas.width };
  }
  throw new Error('bwip-js: neither toBuffer nor toCanvas is available here');
}

/** Width from the PNG IHDR chunk (bytes 16-19, big endian). */
function pngWidth(png: Uint8Array): number {
  return new DataView(png.buffer, png.byteOffset, png.byteLength).getUint32(16);
}

/** A GTIN-13 (or a UPC-A padded to 13 digits) with a valid check digit, else null. */
export function ean13Text(gtin: string | undefined): string | null {
  if (!gtin) return null;
  const digits = gtin.length === 12 ? `0${gtin}` : gtin;
  if (!/^\d{13}$/.test(digits)) return null;
  const sum = [...digits.slice(0, 12)].reduce((acc, d, i) => acc + Number(d) * (i % 2 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === Number(digits[12]) ? digits : null;
}
