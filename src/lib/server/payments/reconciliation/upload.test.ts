// Issue #12, finding 9: a statement file has a size cap, and going over it says which file and what limit.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { MAX_STATEMENT_BYTES, unzipStatement } from './upload';

const packed = (text: string) => gzipSync(Buffer.from(text)).toString('base64');

describe('statement size cap (issue #12 finding 9, F09)', () => {
  it('unpacks a statement up to the limit', () => {
    expect(unzipStatement(packed('Datum;Betrag\n'), 'march.csv')).toBe('Datum;Betrag\n');
    expect(unzipStatement(packed('x'.repeat(MAX_STATEMENT_BYTES)), 'march.csv')).toHaveLength(MAX_STATEMENT_BYTES);
  });

  it('refuses a larger file, naming the file and the limit', () => {
    const error = (() => {
      try {
        unzipStatement(packed('x'.repeat(MAX_STATEMENT_BYTES + 1)), 'year-2025.csv');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'BAD_REQUEST', key: 'payments.import.errors.too_large', params: { file: 'year-2025.csv', max: 20 } });
    expect((error as Error).message).toBe('year-2025.csv is larger than 20 MB, the most a statement may have; split the file.');
  });

  it('tells an unreadable file apart from a large one', () => {
    expect(() => unzipStatement('bm90IGd6aXA=', 'march.csv')).toThrow(expect.objectContaining({ key: 'payments.import.errors.unreadable' }));
  });
});
