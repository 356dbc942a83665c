import { toBuffer } from 'bwip-js/node';
import sharp, { type Sharp } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame } from './decode';
import { useNodeZXingWasm } from '../../../tests/support/scanning/decode-node';

interface Frame {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
}

/** A printed label as PNG, rendered by bwip-js. */
function labelPng(bcid: string, text: string): Promise<Buffer> {
  return toBuffer({ bcid, text, scale: 3, height: 15, paddingwidth: 12, paddingheight: 12, backgroundcolor: 'FFFFFF' });
}

/** The label as the camera would see it head-on. */
async function labelFrame(bcid: string, text: string): Promise<Frame> {
  return rgbaOf(sharp(await labelPng(bcid, text)));
}

async function rgbaOf(image: Sharp): Promise<Frame> {
  const { data, info } = await image.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { rgba: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

const decode = (f: Frame) => decodeFrame(f.rgba, f.width, f.height);

describe('decodeFrame before zxing-wasm is configured', () => {
  it('refuses to run rather than fetch the .wasm from a CDN', async () => {
    await expect(decodeFrame(new Uint8ClampedArray(4), 1, 1)).rejects.toThrow(/useZXingWasm/);
  });
});

describe('decodeFrame', () => {
  beforeAll(() => useNodeZXingWasm());

  it.each([
    ['ean13', '5030159003930', 'ean13', '05030159003930'],
    ['ean8', '12345670', 'ean8', '00000012345670'],
    ['upca', '036602301467', 'ean13', '00036602301467'], // zxing reports UPC-A as EAN-13 with a leading 0
    ['upce', '01234565', 'upce', '00012345000065'] // UPC-E expands to UPC-A 012345000065
  ])('reads a %s label %s as GTIN', async (bcid, text, format, gtin14) => {
    const read = await decode(await labelFrame(bcid, text));
    expect(read).toMatchObject({ format, gtin14 });
  });

  it('reads Code 128 SKUs as text without a GTIN', async () => {
    expect(await decode(await labelFrame('code128', 'PB-10452'))).toEqual({ text: 'PB-10452', format: 'code128' });
  });

  it('drops a Code 128 that carries a GTIN-length number with a wrong check digit', async () => {
    expect(await decode(await labelFrame('code128', '5030159003931'))).toBeNull();
  });

  it('gives a Code 128 carrying a valid GTIN its GTIN-14', async () => {
    const read = await decode(await labelFrame('code128', '5030159003930'));
    expect(read?.gtin14).toBe('05030159003930');
  });

  it('returns null for a frame without a barcode', async () => {
    const blank = sharp({ create: { width: 320, height: 240, channels: 4, background: '#d8d0c0' } });
    expect(await decode(await rgbaOf(blank))).toBeNull();
  });

  it('returns null when two different codes are in view, instead of picking one', async () => {
    const product = await labelPng('ean13', '5030159003930');
    const sku = await labelPng('code128', 'PB-10452');
    const [a, b] = await Promise.all([sharp(product).metadata(), sharp(sku).metadata()]);
    const both = sharp({
      create: { width: a.width! + b.width!, height: Math.max(a.height!, b.height!), channels: 4, background: '#ffffff' }
    }).composite([
      { input: product, left: 0, top: 0 },
      { input: sku, left: a.width!, top: 0 }
    ]);
    expect(await decode(await rgbaOf(sharp(await both.png().toBuffer())))).toBeNull();
  });

  it('rejects a buffer that does not match width x height', async () => {
    await expect(decodeFrame(new Uint8ClampedArray(10), 2, 2)).rejects.toThrow(/RGBA/);
  });
});
