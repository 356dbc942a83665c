/**
 * Scanner benchmark on the real barcode photos: the production decoding path
 * (decodeFrame: zxing-wasm + check digits + quagga2 tie-break) against quagga2 alone.
 *   npx tsx bench/scanner.ts        -> table on stdout, bench-results/scanner.json
 */
import { writeResult } from './_lib';
import Quagga, { type QuaggaJSCodeReader } from '@ericblade/quagga2';
import { decodeFrame, DEFAULT_MIN_LINE_COUNT } from '../src/lib/scanning/decode';
import { loadFrame, useNodeZXingWasm, DEFAULT_MAX_SIDE } from '../tests/support/scanning/decode-node';
import {
  judgeRead,
  listReferencePhotos,
  photosRoot,
  PHOTO_FOLDERS,
  type PhotoFolder,
  type ReferencePhoto,
  type Verdict
} from '../tests/support/reference-photos';

const QUAGGA_READERS: QuaggaJSCodeReader[] = ['ean_reader', 'ean_8_reader', 'upc_reader', 'upc_e_reader', 'code_128_reader'];

interface FolderScore {
  images: number;
  correct: number;
  wrong: number;
  none: number;
  median_ms: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

function score(photos: ReferencePhoto[], verdicts: Verdict[], ms: number[]): FolderScore {
  return {
    images: photos.length,
    correct: verdicts.filter((v) => v === 'correct').length,
    wrong: verdicts.filter((v) => v === 'wrong').length,
    none: verdicts.filter((v) => v === 'none').length,
    median_ms: Math.round(median(ms) * 10) / 10
  };
}

/** quagga2 as the README baseline ran it: whole image, locator on, 800 px. */
async function quaggaAlone(photo: ReferencePhoto): Promise<{ text: string } | null> {
  const result = await Quagga.decodeSingle({
    src: photo.path,
    numOfWorkers: 0,
    locate: true,
    inputStream: { size: 800 },
    decoder: { readers: QUAGGA_READERS }
  });
  const code = result?.codeResult?.code;
  return code ? { text: code } : null;
}

async function main(): Promise<void> {
  useNodeZXingWasm();
  const photos = listReferencePhotos(photosRoot());
  const pipeline: Record<string, FolderScore & { median_total_ms: number; not_read: string[] }> = {};
  const quaggaOnly: Record<string, FolderScore> = {};
  const wrongReads: string[] = [];

  // Warm-up: instantiating the wasm module is a one-off cost, not a per-image one.
  const warm = await loadFrame(photos[0].path);
  await decodeFrame(warm.rgba, warm.width, warm.height);

  for (const folder of PHOTO_FOLDERS) {
    const inFolder = photos.filter((p) => p.folder === (folder as PhotoFolder));
    const verdicts: Verdict[] = [];
    const decodeMs: number[] = [];
    const totalMs: number[] = [];
    for (const photo of inFolder) {
      const t0 = performance.now();
      const frame = await loadFrame(photo.path, DEFAULT_MAX_SIDE);
      const t1 = performance.now();
      const read = await decodeFrame(frame.rgba, frame.width, frame.height);
      const t2 = performance.now();
      decodeMs.push(t2 - t1);
      totalMs.push(t2 - t0);
      const verdict = judgeRead(photo, read);
      verdicts.push(verdict);
      if (verdict === 'wrong') wrongReads.push(`${folder}/${photo.file}: ${read?.text} (expected ${photo.expected})`);
    }
    pipeline[folder] = {
      ...score(inFolder, verdicts, decodeMs),
      median_total_ms: Math.round(median(totalMs) * 10) / 10,
      not_read: inFolder.filter((_, i) => verdicts[i] === 'none').map((p) => p.file)
    };

    const qVerdicts: Verdict[] = [];
    const qMs: number[] = [];
    for (const photo of inFolder) {
      const t0 = performance.now();
      const read = await quaggaAlone(photo);
      qMs.push(performance.now() - t0);
      qVerdicts.push(judgeRead(photo, read));
    }
    quaggaOnly[folder] = score(inFolder, qVerdicts, qMs);
  }

  console.log('\nScanner: decodeFrame (zxing-wasm, check digits, >= %d agreeing lines, quagga2 tie-break)', DEFAULT_MIN_LINE_COUNT);
  console.table(Object.fromEntries(Object.entries(pipeline).map(([k, { not_read, ...row }]) => [k, { ...row, not_read: not_read.join(' ') }])));
  console.log('quagga2 alone (locate on, 800 px, readers: %s)', QUAGGA_READERS.join(', '));
  console.table(quaggaOnly);
  if (wrongReads.length) console.log('WRONG READS:\n  ' + wrongReads.join('\n  '));

  writeResult('scanner', {
    photos: photosRoot(),
    goal: { wrong: 0, median_ms_below: 25 },
    pipeline: { description: 'decodeFrame: zxing-wasm primary, quagga2 only to settle conflicting reads', min_line_count: DEFAULT_MIN_LINE_COUNT, max_side: DEFAULT_MAX_SIDE, folders: pipeline },
    quagga_only: { description: 'Quagga.decodeSingle, locate on, size 800', readers: QUAGGA_READERS, folders: quaggaOnly }
  });
  const failed = Object.values(pipeline).some((f) => f.wrong > 0 || f.median_ms >= 25);
  process.exitCode = failed ? 1 : 0;
}

await main();
