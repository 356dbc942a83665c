import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImageFile } from './decode-node';
import {
  judgeRead,
  listReferencePhotos,
  PHOTO_FOLDERS,
  type PhotoFolder,
  type ReferencePhoto,
  type Verdict
} from '../reference-photos';

/** What the shop needs from the scanner on real phone photos; wrong reads are never acceptable. */
const MIN_CORRECT: Record<PhotoFolder, { correct: number; of: number }> = {
  'ean13-1': { correct: 31, of: 34 },
  'code128-1': { correct: 7, of: 7 },
  'ean8-1': { correct: 8, of: 8 },
  'upca-1': { correct: 17, of: 21 }
};

describe('decodeImageFile on real barcode photos', () => {
  const photos = listReferencePhotos();
  const verdicts = new Map<ReferencePhoto, { verdict: Verdict; text?: string }>();

  beforeAll(async () => {
    for (const photo of photos) {
      const read = await decodeImageFile(photo.path);
      verdicts.set(photo, { verdict: judgeRead(photo, read), text: read?.text });
    }
  }, 60_000);

  it.each(PHOTO_FOLDERS)('%s: no wrong reads and enough correct ones', (folder) => {
    const inFolder = photos.filter((p) => p.folder === folder);
    expect(inFolder).toHaveLength(MIN_CORRECT[folder].of);
    const wrong = inFolder
      .filter((p) => verdicts.get(p)?.verdict === 'wrong')
      .map((p) => `${p.file}: read ${JSON.stringify(verdicts.get(p)?.text)}, expected ${p.expected}`);
    expect(wrong).toEqual([]);
    const correct = inFolder.filter((p) => verdicts.get(p)?.verdict === 'correct').length;
    expect(correct).toBeGreaterThanOrEqual(MIN_CORRECT[folder].correct);
  });

  it('gives UPC-A and EAN-13 reads the same GTIN-14', async () => {
    const upca = photos.find((p) => p.folder === 'upca-1' && p.file === '2.png');
    expect(upca?.expected).toBe('036602301467');
    const read = await decodeImageFile(upca!.path);
    expect(read?.gtin14).toBe('00036602301467');
  });
});

describe('conflicting reads in one frame (ean13-1/35.png)', () => {
  // With zxing's default of 2 agreeing scan lines this photo yields two different
  // valid EAN-13s: the real 5030159003930 and 7034759003930 read off the bar tips.
  const photo = () => listReferencePhotos().find((p) => p.folder === 'ean13-1' && p.file === '35.png')!;

  it('is settled by the quagga2 second opinion', async () => {
    const read = await decodeImageFile(photo().path, { minLineCount: 2 });
    expect(read?.gtin14).toBe('05030159003930');
  });

  it('yields nothing rather than guessing when no second opinion is allowed', async () => {
    expect(await decodeImageFile(photo().path, { minLineCount: 2, secondOpinion: false })).toBeNull();
  });

  it('never reaches the tie-break with the default of 4 agreeing scan lines', async () => {
    const read = await decodeImageFile(photo().path, { secondOpinion: false });
    expect(read?.gtin14).toBe('05030159003930');
  });
});
