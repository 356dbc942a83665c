/**
 * Environment-neutral barcode decoding: RGBA frame in, at most one trusted read out.
 *
 * A wrong read is worse than no read, so a read is returned only when:
 *  1. zxing-wasm decoded it with the symbology's own check (EAN/UPC check digit,
 *     Code 128 mod-103 checksum) on at least `minLineCount` separate scan lines
 *     that all agree (zxing's default is 2; we ask for 4);
 *  2. our own GTIN check digit holds again (UPC-E after expansion to UPC-A), and a
 *     Code 128 digit string of GTIN length has a valid check digit;
 *  3. it is the only distinct code in the frame. When zxing sees two different
 *     codes, quagga2's decoders are asked on each code's region; a code is kept
 *     only if quagga2 confirms it and confirms none of the others. Otherwise the
 *     frame yields nothing and the packer simply scans again.
 * quagga2 never reads on its own here: on the reference photos it finds nothing
 * that zxing-wasm misses and misreads 4 of 70 (see bench/scanner.ts).
 */
import { prepareZXingModule, readBarcodes, type ReaderOptions, type ReadResult } from 'zxing-wasm/reader';
import { classifyCode, normalizeGtin, upcEToUpcA } from './gtin';
import { countAgreeingLines, type Quad } from './second-opinion';

export type { ScanFormat } from './formats';
import type { ScanFormat } from './formats';

export interface ScanRead {
  text: string;
  format: ScanFormat | (string & {});
  /** Set for EAN/UPC reads (and Code 128 that carries a valid GTIN); match products on this. */
  gtin14?: string;
}

export interface DecodeOptions {
  formats?: readonly ScanFormat[];
  /** Scan lines that must decode to the same value; default 4. */
  minLineCount?: number;
  /** Ask quagga2 to settle frames where zxing sees two different codes; default true. */
  secondOpinion?: boolean;
}

export const ALL_SCAN_FORMATS: readonly ScanFormat[] = ['ean13', 'ean8', 'upca', 'upce', 'code128'];
export const DEFAULT_MIN_LINE_COUNT = 4;

const ZXING_FORMAT: Record<ScanFormat, NonNullable<ReaderOptions['formats']>[number]> = {
  ean13: 'EAN13',
  ean8: 'EAN8',
  upca: 'UPCA',
  upce: 'UPCE',
  code128: 'Code128'
};

const FROM_ZXING: Partial<Record<string, ScanFormat>> = {
  EAN13: 'ean13',
  EAN8: 'ean8',
  UPCA: 'upca',
  UPCE: 'upce',
  Code128: 'code128'
};

/** Where zxing-wasm gets its .wasm: bytes (Node) or a URL on our own origin (browser). */
export type ZXingWasmSource = { wasmBinary: ArrayBuffer } | { wasmUrl: string };

let wasmConfigured = false;

/**
 * Must be called before decoding. Without it zxing-wasm would fetch its .wasm
 * from a CDN, which the packing tablet must never depend on.
 */
export function useZXingWasm(source: ZXingWasmSource): void {
  const overrides =
    'wasmBinary' in source
      ? { wasmBinary: source.wasmBinary }
      : { locateFile: (file: string) => (file.endsWith('.wasm') ? source.wasmUrl : file) };
  prepareZXingModule({ overrides });
  wasmConfigured = true;
}

interface Candidate {
  format: ScanFormat;
  read: ScanRead;
  /** GTIN-14 for product codes, raw text otherwise: what "the same code" means. */
  identity: string;
  lineCount: number;
  position: Quad;
}

function toCandidate(result: ReadResult): Candidate | null {
  const format = FROM_ZXING[result.format];
  if (!format || !result.isValid || result.text === '') return null;
  const { text } = result;
  const base = { format, lineCount: result.lineCount, position: result.position };
  if (format === 'code128') {
    const kind = classifyCode(text);
    if (kind.kind === 'invalid') return null;
    const gtin14 = kind.kind === 'gtin' ? kind.gtin14 : undefined;
    return { ...base, identity: gtin14 ?? text, read: gtin14 ? { text, format, gtin14 } : { text, format } };
  }
  // zxing-wasm reports UPC-E already expanded (13 digits); expand it ourselves if not.
  const productCode = format === 'upce' && text.length === 8 ? (upcEToUpcA(text) ?? '') : text;
  const gtin14 = normalizeGtin(productCode);
  if (!gtin14) return null;
  return { ...base, identity: gtin14, read: { text, format, gtin14 } };
}

/** One candidate per distinct code, keeping the one seen on the most scan lines. */
function distinctCodes(candidates: Candidate[]): Candidate[] {
  const best = new Map<string, Candidate>();
  for (const c of candidates) {
    const seen = best.get(c.identity);
    if (!seen || c.lineCount > seen.lineCount) best.set(c.identity, c);
  }
  return [...best.values()];
}

export async function decodeFrame(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
  opts: DecodeOptions = {}
): Promise<ScanRead | null> {
  if (!wasmConfigured) {
    throw new Error('decodeFrame: call useZXingWasm() first (zxing-wasm must not load from a CDN)');
  }
  if (rgba.length !== width * height * 4) {
    throw new Error(`decodeFrame: expected ${width}x${height} RGBA (${width * height * 4} bytes), got ${rgba.length}`);
  }
  const results = await readBarcodes(
    // Shaped like DOM ImageData for the types; zxing-wasm only reads data/width/height, so Node works too.
    { data: rgba as Uint8ClampedArray<ArrayBuffer>, width, height, colorSpace: 'srgb' },
    {
      formats: (opts.formats ?? ALL_SCAN_FORMATS).map((f) => ZXING_FORMAT[f]),
      tryHarder: true,
      minLineCount: opts.minLineCount ?? DEFAULT_MIN_LINE_COUNT,
      maxNumberOfSymbols: 4, // more than one, so that conflicting reads are seen
      returnErrors: false
    }
  );
  const codes = distinctCodes(results.map(toCandidate).filter((c) => c !== null));
  if (codes.length === 0) return null;
  if (codes.length === 1) return codes[0].read;
  if (opts.secondOpinion === false) return null;

  const confirmed: Candidate[] = [];
  for (const code of codes) {
    const { format, identity, position } = code;
    const agreeing = await countAgreeingLines(rgba, width, height, { format, identity, position });
    if (agreeing > 0) confirmed.push(code);
  }
  return confirmed.length === 1 ? confirmed[0].read : null;
}
