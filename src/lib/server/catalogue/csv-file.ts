// A product CSV as uploaded (#14): gzip-compressed bytes, base64 (a file of 10,000 products is
// larger than one request may be). UTF-8, or Windows-1252/Latin-1 as Excel writes it; ";" or ","
// separated; the header is checked before any row.
import { gunzipSync } from 'node:zlib';
import { CsvError, parse } from 'csv-parse/sync';
import { checkHeader, CSV_COLUMNS, type CsvColumn } from '$lib/catalogue/csv-row';
import { AppError } from '../errors';

export const MAX_CSV_BYTES = 20 * 1024 * 1024;

export function decodeBytes(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  return text.replace(/^\ufeff/, '');
}

export function unzipCsv(base64: string): string {
  try {
    return decodeBytes(gunzipSync(Buffer.from(base64, 'base64'), { maxOutputLength: MAX_CSV_BYTES }));
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new AppError('BAD_REQUEST', 'catalogue.import.errors.too_large', 'The file is larger than 20 MB; split it.', { max: 20 });
    }
    throw new AppError('BAD_REQUEST', 'catalogue.import.errors.unreadable', 'The file could not be read. Is it a CSV file?');
  }
}

function detectSeparator(firstLine: string): ';' | ',' {
  const bare = firstLine.replace(/"[^"]*"/g, '');
  return (bare.match(/;/g)?.length ?? 0) >= (bare.match(/,/g)?.length ?? 0) ? ';' : ',';
}

export interface CsvRows {
  columns: Partial<Record<CsvColumn, number>>;
  rows: { line: number; cells: string[] }[];
  separator: string;
}

const expected = CSV_COLUMNS.join(';');

export function readProductCsv(text: string): CsvRows {
  const normalised = text.replace(/\r\n?/g, '\n');
  const firstLine = normalised.split('\n').find((l) => l.trim() !== '') ?? '';
  if (!firstLine) throw new AppError('BAD_REQUEST', 'catalogue.import.errors.empty', 'The file is empty.');
  const separator = detectSeparator(firstLine);
  const rows: { line: number; cells: string[] }[] = [];
  let line = 1;
  try {
    parse(normalised, {
      delimiter: separator,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      raw: true,
      on_record: (rec: unknown) => {
        const { record, raw } = rec as { record: string[]; raw: string };
        rows.push({ line, cells: record });
        line += raw.split('\n').length - 1;
        return null;
      }
    });
  } catch (e) {
    if (e instanceof CsvError) throw new AppError('BAD_REQUEST', 'catalogue.import.errors.quote', `Line ${line}: a quoted cell is not closed.`, { line });
    throw e;
  }
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = nonEmpty.shift();
  const check = checkHeader(header?.cells ?? []);
  if ('missing' in check) {
    const parts = [check.missing.length ? `missing: ${check.missing.join(', ')}` : '', check.unknown.length ? `not known: ${check.unknown.join(', ')}` : ''].filter(Boolean).join('; ');
    throw new AppError('BAD_REQUEST', 'catalogue.import.errors.header', `The first line must name the columns (${parts}). Expected: ${expected} (sku required, name for new products, the others optional, in any order).`, {
      missing: check.missing.join(', '),
      unknown: check.unknown.join(', '),
      expected
    });
  }
  return { columns: check.columns, rows: nonEmpty, separator };
}
