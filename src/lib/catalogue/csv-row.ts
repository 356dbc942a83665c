// One line of a product CSV (#14) → product fields, or what is wrong with it, named by line and
// column. The header decides which fields a file sets: a column left out is left as it is.
// Shared by the server (import) and tests; the format is in docs/catalogue.md.
import { parseMoneyOrNull } from './money-input';
import { normaliseGtins, parsePercent, SKU_PATTERN, splitGtins, type ProductFields } from './product';

export const CSV_COLUMNS = ['sku', 'name', 'gtins', 'bin', 'price', 'tax_rate', 'weight_g', 'low_stock_threshold', 'active'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly CsvColumn[] = ['sku'];

export interface RowError {
  line: number;
  column: CsvColumn | '';
  /** i18n key under catalogue.import.errors */
  key: string;
  params: Record<string, unknown>;
  message: string;
}

export type HeaderCheck = { columns: Partial<Record<CsvColumn, number>> } | { missing: string[]; unknown: string[] };

const norm = (s: string) => s.trim().toLowerCase().replace(/^\ufeff/, '').replace(/[\s-]+/g, '_');

export function checkHeader(cells: string[]): HeaderCheck {
  const columns: Partial<Record<CsvColumn, number>> = {};
  const unknown: string[] = [];
  cells.forEach((c, i) => {
    const n = norm(c) as CsvColumn;
    if ((CSV_COLUMNS as readonly string[]).includes(n) && columns[n] === undefined) columns[n] = i;
    else if (c.trim() !== '') unknown.push(c.trim());
  });
  const missing = REQUIRED_COLUMNS.filter((c) => columns[c] === undefined);
  return missing.length || unknown.length ? { missing, unknown } : { columns };
}

const YES = ['1', 'yes', 'y', 'true', 'ja', 'j', 'x'];
const NO = ['0', 'no', 'n', 'false', 'nein', ''];

/** the fields this line sets (only its file's columns), or every problem it has */
export function readRow(cells: string[], columns: Partial<Record<CsvColumn, number>>, line: number, currency: string): { fields: Partial<ProductFields> } | { errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (column: CsvColumn | '', key: string, message: string, params: Record<string, unknown> = {}) => errors.push({ line, column, key, params: { line, column, ...params }, message: `Line ${line}, column ${column}: ${message}` });
  const cell = (c: CsvColumn) => (columns[c] === undefined ? undefined : (cells[columns[c]!] ?? '').trim());
  const f: Partial<ProductFields> = {};

  const sku = cell('sku') ?? '';
  if (!sku) fail('sku', 'required', 'required');
  else if (sku.length > 64) fail('sku', 'too_long', 'at most 64 characters', { max: 64 });
  else if (!SKU_PATTERN.test(sku)) fail('sku', 'sku_format', 'letters, digits and . _ - / only', { value: sku });
  else f.sku = sku;

  const name = cell('name');
  if (name !== undefined) {
    if (!name) fail('name', 'required', 'required');
    else if (name.length > 200) fail('name', 'too_long', 'at most 200 characters', { max: 200 });
    else f.name = name;
  }
  const gtins = cell('gtins');
  if (gtins !== undefined) {
    const r = normaliseGtins(splitGtins(gtins));
    if ('gtins' in r) {
      if (r.gtins.length > 10) fail('gtins', 'too_many', 'at most 10 GTINs', { max: 10 });
      else f.gtins = r.gtins;
    } else if (r.problem === 'check_digit') fail('gtins', 'gtin_check_digit', `${r.value}: wrong check digit (expected ${r.expectedCheckDigit})`, { value: r.value, expected: r.expectedCheckDigit });
    else fail('gtins', 'gtin_format', `${r.value}: not a GTIN (8, 12, 13 or 14 digits)`, { value: r.value });
  }
  const bin = cell('bin');
  if (bin !== undefined) {
    if (bin.length > 32) fail('bin', 'too_long', 'at most 32 characters', { max: 32 });
    else f.bin = bin;
  }
  const price = cell('price');
  if (price !== undefined) {
    const cents = price === '' ? 0 : parseMoneyOrNull(price, currency);
    if (cents === null || cents < 0 || cents > 100_000_000) fail('price', 'price', `"${price}" is not a price (e.g. 12.50 or 12,50)`, { value: price });
    else f.priceCents = cents;
  }
  const tax = cell('tax_rate');
  if (tax !== undefined) {
    const bp = parsePercent(tax || '0');
    if (bp === null) fail('tax_rate', 'tax_rate', `"${tax}" is not a percentage (e.g. 19 or 7)`, { value: tax });
    else f.taxRateBp = bp;
  }
  for (const [col, key] of [['weight_g', 'weightG'], ['low_stock_threshold', 'lowStockThreshold']] as const) {
    const v = cell(col);
    if (v === undefined) continue;
    if (!/^\d{0,7}$/.test(v)) fail(col, 'whole', `"${v}" is not a whole number of at least 0`, { value: v });
    else f[key] = Number(v || '0');
  }
  const active = cell('active');
  if (active !== undefined) {
    const a = active.toLowerCase();
    if (YES.includes(a)) f.active = true;
    else if (NO.includes(a)) f.active = false;
    else fail('active', 'active', `"${active}" is not yes or no`, { value: active });
  }
  return errors.length ? { errors } : { fields: f };
}

const quote = (s: string, sep: string) => (/[",;\n\r]/.test(s) || s.includes(sep) ? `"${s.replace(/"/g, '""')}"` : s);

/** the CSV the export writes (and the import reads back unchanged) */
export function toCsvLine(cells: string[], sep = ';'): string {
  return cells.map((c) => quote(c, sep)).join(sep);
}
