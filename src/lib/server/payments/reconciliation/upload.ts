// Statement files travel gzip-compressed and base64-encoded: bank files of 1,000 bookings are
// larger than a request may be. Unpacking stops at a fixed size, so a small gzip bomb cannot
// fill the server's memory, and the manager is told which file is too large and what the limit is.
import { gunzipSync } from 'node:zlib';
import { AppError } from '../../errors';

export const MAX_STATEMENT_BYTES = 20 * 1024 * 1024;
export const MAX_STATEMENT_MB = MAX_STATEMENT_BYTES / 1024 / 1024;

export function unzipStatement(base64: string, fileName: string): string {
  let bytes: Buffer;
  try {
    bytes = gunzipSync(Buffer.from(base64, 'base64'), { maxOutputLength: MAX_STATEMENT_BYTES });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new AppError('BAD_REQUEST', 'payments.import.errors.too_large', `${fileName} is larger than ${MAX_STATEMENT_MB} MB, the most a statement may have; split the file.`, {
        file: fileName,
        max: MAX_STATEMENT_MB
      });
    }
    throw new AppError('BAD_REQUEST', 'payments.import.errors.unreadable', 'The file could not be read. Is it a CSV or CAMT.053 bank statement of at most 20 MB?');
  }
  return bytes.toString('utf8');
}
