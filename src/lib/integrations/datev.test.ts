import { describe, expect, it } from 'vitest';
import { datevAmount, datevCsv } from './datev';

describe('F43 DATEV booking batch', () => {
  it('F43 writes the EXTF header, the column names and one row per booking', () => {
    const csv = datevCsv(
      { advisorNumber: 1001, clientNumber: 7, fiscalYearStart: '2026-01-01', accountLength: 4, from: '2026-12-01', to: '2026-12-31', description: 'Packbench 2026-12', currency: 'EUR', createdAt: new Date('2026-12-04T10:11:12.345Z') },
      [{ amountCents: 11900, side: 'S', currency: 'EUR', account: 10000, contraAccount: 8400, date: '2026-12-03', document: 'RE-2026-0001', text: 'Rechnung RE-2026-0001 "Müller"' }]
    );
    const lines = csv.split('\r\n');
    expect(lines[0]).toMatch(/^"EXTF";700;21;"Buchungsstapel";13;20261204101112345;;"PB";"Packbench";"";1001;7;20260101;4;20261201;20261231;"Packbench 2026-12";/);
    expect(lines[1].startsWith('"Umsatz (ohne Soll/Haben-Kz)";"Soll/Haben-Kennzeichen";"WKZ Umsatz"')).toBe(true);
    expect(lines[2]).toBe('119,00;"S";"EUR";;;"";10000;8400;"";0312;"RE-2026-0001";"";;"Rechnung RE-2026-0001 ""Müller"""');
    expect(lines).toHaveLength(4); // trailing CRLF
  });

  it('F43 amounts use a decimal comma and no thousands separator', () => {
    expect(datevAmount(5)).toBe('0,05');
    expect(datevAmount(123456789)).toBe('1234567,89');
  });
});
