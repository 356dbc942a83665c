/**
 * The ZXing black-box photos in tests/fixtures/barcodes (Node only): where they are,
 * what each should read, and how a read is scored. Shared by the real-photo test
 * and bench/scanner.ts so both judge reads the same way.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeGtin, upcEToUpcA } from '../../src/lib/scanning/gtin';

export const PHOTO_FOLDERS = ['ean13-1', 'code128-1', 'ean8-1', 'upca-1'] as const;
export type PhotoFolder = (typeof PHOTO_FOLDERS)[number];

export interface ReferencePhoto {
  folder: PhotoFolder;
  file: string;
  path: string;
  expected: string;
}

export type Verdict = 'correct' | 'wrong' | 'none';

const FIXTURES = fileURLToPath(new URL('../fixtures/barcodes/zxing-blackbox', import.meta.url));

/** The photos kept in the repository (`tests/fixtures/barcodes/zxing-blackbox`), or SCANNER_PHOTOS when set. */
export function photosRoot(): string {
  return process.env.SCANNER_PHOTOS ?? FIXTURES;
}

export function listReferencePhotos(root = photosRoot()): ReferencePhoto[] {
  if (!existsSync(root)) {
    throw new Error(
      `Reference barcode photos not found at ${root}. They belong in tests/fixtures/barcodes/zxing-blackbox ` +
        '(set SCANNER_PHOTOS to point elsewhere).'
    );
  }
  return PHOTO_FOLDERS.flatMap((folder) =>
    readdirSync(path.join(root, folder))
      .filter((file) => /\.(png|jpe?g)$/i.test(file))
      .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10))
      .map((file) => {
        const photoPath = path.join(root, folder, file);
        const expected = readFileSync(photoPath.replace(/\.\w+$/, '.txt'), 'utf8').replace(/\r?\n$/, '');
        return { folder, file, path: photoPath, expected };
      })
  );
}

/** GTIN-14 of a product code as any decoder may print it (UPC-E as 8 digits included). */
function productGtin(code: string): string | null {
  return normalizeGtin(code) ?? (code.length === 8 ? normalizeGtin(upcEToUpcA(code) ?? '') : null);
}

/**
 * Product codes are compared on the normalised GTIN-14 (UPC-A vs EAN-13 with a
 * leading 0 are the same product), Code 128 on the raw text.
 */
export function judgeRead(photo: ReferencePhoto, read: { text: string; gtin14?: string } | null): Verdict {
  if (!read) return 'none';
  if (photo.folder === 'code128-1') return read.text === photo.expected ? 'correct' : 'wrong';
  const expected = normalizeGtin(photo.expected);
  const got = read.gtin14 ?? productGtin(read.text);
  return expected !== null && got === expected ? 'correct' : 'wrong';
}
