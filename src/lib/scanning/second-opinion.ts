/**
 * quagga2's bar-pattern decoders as an independent second opinion on a region
 * where zxing-wasm already found a barcode. It only ever confirms or fails to
 * confirm a candidate; it never produces a read of its own, so it cannot add a
 * misread. Scan lines are sampled here (not by quagga's locator), which keeps
 * this environment-neutral: plain RGBA in, no canvas, no file decoding.
 */
import type { ScanFormat } from './formats';
import { normalizeGtin, upcEToUpcA } from './gtin';

export interface Point {
  x: number;
  y: number;
}

/** Corners as zxing reports them: the top edge runs along the reading direction. */
export interface Quad {
  topLeft: Point;
  topRight: Point;
  bottomRight: Point;
  bottomLeft: Point;
}

interface PatternReader {
  decodePattern(pattern: number[]): { code: string } | null;
}
type PatternReaderClass = new (config?: object, supplements?: unknown[]) => PatternReader;
interface QuaggaReaders {
  EANReader: PatternReaderClass;
  EAN8Reader: PatternReaderClass;
  UPCEReader: PatternReaderClass;
  Code128Reader: PatternReaderClass;
}

let readersPromise: Promise<QuaggaReaders> | null = null;

function loadReaders(): Promise<QuaggaReaders> {
  // quagga2 is large; load it only when a second opinion is actually needed.
  readersPromise ??= import('@ericblade/quagga2').then((mod) => {
    const quagga = (mod.default ?? mod) as unknown as { Readers: QuaggaReaders };
    return quagga.Readers;
  });
  return readersPromise;
}

function readerFor(readers: QuaggaReaders, format: ScanFormat): PatternReader {
  switch (format) {
    case 'ean8':
      return new readers.EAN8Reader();
    case 'upce':
      return new readers.UPCEReader();
    case 'code128':
      return new readers.Code128Reader();
    default:
      return new readers.EANReader(); // EAN-13 and UPC-A (read as EAN-13 with a leading 0)
  }
}

/** What quagga's reader output means, in the same terms as the candidate (GTIN-14 or raw text). */
function identityOf(format: ScanFormat, code: string): string | null {
  // quagga2 keeps a leading FNC1 as GS (\x1D); zxing-wasm drops it.
  if (format === 'code128') return code.replace(/^\x1D/, '');
  if (format === 'upce') {
    const upcA = upcEToUpcA(code);
    return upcA ? normalizeGtin(upcA) : null;
  }
  return normalizeGtin(code);
}

const lerp = (a: Point, b: Point, t: number): Point => ({
  x: a.x + (b.x - a.x) * t,
  y: a.y + (b.y - a.y) * t
});

function greyAt(rgba: Uint8ClampedArray, width: number, x: number, y: number): number {
  const p = (y * width + x) * 4;
  return (rgba[p] * 306 + rgba[p + 1] * 601 + rgba[p + 2] * 117) / 1024;
}

/**
 * Grey levels along a line, bilinear, two samples per pixel: at phone-photo
 * resolutions a bar is 2-3 pixels wide, too coarse for quagga's width matching.
 * Points outside the frame count as white, standing in for a cropped quiet zone.
 */
function sampleLine(rgba: Uint8ClampedArray, width: number, height: number, from: Point, to: Point): number[] {
  const steps = Math.max(2, Math.round(Math.hypot(to.x - from.x, to.y - from.y) * 2));
  const line: number[] = [];
  let white = 0;
  for (let i = 0; i <= steps; i++) {
    const x = from.x + ((to.x - from.x) * i) / steps;
    const y = from.y + ((to.y - from.y) * i) / steps;
    if (x < 0 || y < 0 || x > width - 1 || y > height - 1) {
      line.push(-1);
      continue;
    }
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    const x1 = Math.min(x0 + 1, width - 1);
    const y1 = Math.min(y0 + 1, height - 1);
    const fx = x - x0;
    const fy = y - y0;
    const top = greyAt(rgba, width, x0, y0) * (1 - fx) + greyAt(rgba, width, x1, y0) * fx;
    const bottom = greyAt(rgba, width, x0, y1) * (1 - fx) + greyAt(rgba, width, x1, y1) * fx;
    const grey = top * (1 - fy) + bottom * fy;
    white = Math.max(white, grey);
    line.push(grey);
  }
  return line.map((g) => (g < 0 ? white : g));
}

/**
 * Grey line -> 1 for bar, 0 for space, following quagga2's own Bresenham.toBinaryLine
 * (threshold between neighbouring extrema) so its readers see what they were tuned on.
 */
export function toBarPattern(grey: readonly number[]): number[] {
  const line = [...grey];
  if (line.length < 3) return line.map(() => 0);
  const min = Math.min(...line);
  const max = Math.max(...line);
  const center = min + (max - min) / 2;
  const slopeThreshold = (max - min) / 12;
  const extrema: { pos: number; val: number }[] = [{ pos: 0, val: line[0] }];
  let currentUp = line[0] > center;
  for (let i = 0; i < line.length - 2; i++) {
    const slope = line[i + 2] - line[i];
    let up = currentUp;
    if (slope < -slopeThreshold && line[i + 1] < center * 1.5) up = false;
    else if (slope > slopeThreshold && line[i + 1] > center * 0.5) up = true;
    if (up !== currentUp) {
      extrema.push({ pos: i, val: line[i] });
      currentUp = up;
    }
  }
  extrema.push({ pos: line.length, val: line[line.length - 1] });
  const out = new Array<number>(line.length).fill(0);
  for (let j = extrema[0].pos; j < extrema[1].pos; j++) out[j] = line[j] > center ? 0 : 1;
  for (let i = 1; i < extrema.length - 1; i++) {
    const a = extrema[i].val;
    const b = extrema[i + 1].val;
    const threshold = b > a ? a + ((b - a) / 3) * 2 : b + (a - b) / 3;
    for (let j = extrema[i].pos; j < extrema[i + 1].pos; j++) out[j] = line[j] > threshold ? 0 : 1;
  }
  return out;
}

export interface SecondOpinionRequest {
  format: ScanFormat;
  /** GTIN-14 for product codes, raw text for Code 128. */
  identity: string;
  position: Quad;
}

/** Number of scan lines across the candidate region that quagga2 decodes to exactly this code. */
export async function countAgreeingLines(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
  request: SecondOpinionRequest,
  lines = 9
): Promise<number> {
  const reader = readerFor(await loadReaders(), request.format);
  const { topLeft, topRight, bottomRight, bottomLeft } = request.position;
  let agreeing = 0;
  for (let i = 0; i < lines; i++) {
    const t = (i + 1) / (lines + 1);
    const start = lerp(topLeft, bottomLeft, t);
    const end = lerp(topRight, bottomRight, t);
    // Widen by 15% each side so the quiet zones and guard bars are on the line.
    const from = lerp(start, end, -0.15);
    const to = lerp(start, end, 1.15);
    const pattern = toBarPattern(sampleLine(rgba, width, height, from, to));
    const result = reader.decodePattern(pattern);
    if (result && identityOf(request.format, result.code) === request.identity) agreeing++;
  }
  return agreeing;
}
