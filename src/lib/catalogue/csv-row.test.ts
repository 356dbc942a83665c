import { describe, expect, it } from 'vitest';
import { checkHeader, readRow, toCsvLine } from './csv-row';

const header = ['sku', 'name', 'gtins', 'bin', 'price', 'tax_rate', 'weight_g', 'low_stock_threshold', 'active'];
const cols = (checkHeader(header) as { columns: Record<string, number> }).columns;

describe('#14 CSV rows', () => {
  it('reads a full line: money as typed in either notation, tax in percent, GTINs normalised', () => {
    expect(readRow(['TEA-1', 'Assam', '4006381333931 96385074', 'A-01', '12,50', '7', '250', '5', 'yes'], cols, 2, 'EUR')).toEqual({
      fields: { sku: 'TEA-1', name: 'Assam', gtins: ['04006381333931', '00000096385074'], bin: 'A-01', priceCents: 1250, taxRateBp: 700, weightG: 250, lowStockThreshold: 5, active: true }
    });
    expect(readRow(['TEA-1', 'Assam', '', '', '1,234.50', '19', '', '', 'nein'], cols, 2, 'EUR')).toMatchObject({ fields: { priceCents: 123450, gtins: [], weightG: 0, active: false } });
  });

  it('names every bad cell by line and column', () => {
    const r = readRow(['', 'Assam', '4006381333932', '', '12,5x', '200', '-1', 'x', 'vielleicht'], cols, 7, 'EUR');
    expect('errors' in r && r.errors.map((e) => [e.line, e.column, e.key])).toEqual([
      [7, 'sku', 'required'],
      [7, 'gtins', 'gtin_check_digit'],
      [7, 'price', 'price'],
      [7, 'tax_rate', 'tax_rate'],
      [7, 'weight_g', 'whole'],
      [7, 'low_stock_threshold', 'whole'],
      [7, 'active', 'active']
    ]);
    expect('errors' in r && r.errors[1].message).toBe('Line 7, column gtins: 4006381333932: wrong check digit (expected 1)');
  });

  it('a file with only some columns sets only those', () => {
    const some = (checkHeader(['SKU', 'Bin ']) as { columns: Record<string, number> }).columns;
    expect(readRow(['TEA-1', 'B-2'], some, 2, 'EUR')).toEqual({ fields: { sku: 'TEA-1', bin: 'B-2' } });
  });

  it('a changed or missing header says what is missing and what is unknown', () => {
    expect(checkHeader(['artikel', 'name', 'preis'])).toEqual({ missing: ['sku'], unknown: ['artikel', 'preis'] });
    expect(checkHeader(['\ufeffsku', 'name'])).toEqual({ columns: { sku: 0, name: 1 } });
  });

  it('quotes what needs quoting', () => {
    expect(toCsvLine(['a;b', 'say "hi"', 'plain'])).toBe('"a;b";"say ""hi""";plain');
  });
});
