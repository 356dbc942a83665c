/**
 * Node side of the scanner: image files -> RGBA with sharp -> decodeFrame.
 * Used by the tests, bench/scanner.ts and the documents' barcode round-trip test.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { decodeFrame, useZXingWasm, type DecodeOptions, type ScanRead } from '../../../src/lib/scanning/decode';

/**
 * Longest side images are shrunk to before decoding: keeps 12 MP phone photos fast, while an
 * A4 page rasterised at 200 dpi (2339 px) keeps its thin printed bars (at 1280 px they blur away).
 */
export const DEFAULT_MAX_SIDE = 2400;

export interface ImageFileOptions extends DecodeOptions {
  maxSide?: number;
}

export interface Frame {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
}

let wasmLoaded = false;

/** zxing-wasm's reader .wasm straight from its npm package, never from the network. */
export function useNodeZXingWasm(): void {
  if (wasmLoaded) return;
  const wasmPath = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  const bytes = readFileSync(wasmPath);
  useZXingWasm({ wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
  wasmLoaded = true;
}

/** Reads a PNG/JPEG (or anything sharp reads) as RGBA, shrinking it when its longest side exceeds maxSide. */
export async function loadFrame(path: string, maxSide = DEFAULT_MAX_SIDE): Promise<Frame> {
  const { data, info } = await sharp(path)
    .rotate() // respect EXIF orientation of phone photos
    .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    rgba: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height
  };
}

export async function decodeImageFile(path: string, opts: ImageFileOptions = {}): Promise<ScanRead | null> {
  useNodeZXingWasm();
  const { rgba, width, height } = await loadFrame(path, opts.maxSide);
  return decodeFrame(rgba, width, height, opts);
}
