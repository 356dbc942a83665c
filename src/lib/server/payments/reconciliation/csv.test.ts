import { describe, expect, it } from 'vitest';
import { parseAmount, parseBookingDate } from './amounts';
import { parseStatement } from './statement';
import { refusal as problem } from './types';

describe('amounts as banks write them', () => {
  it.each([
    ['49,90', 4990],
    ['1.234,56', 123456],
    ['1,234.56', 123456],
    ['1234.5', 123450],
    ['-12,00', -1200],
    ['12,00-', -1200],
    ['+7', 700],
    ['1.234', 123400],
    ['1 234,56 €', 123456],
    ['EUR 10,10', 1010],
    ['(5,00)', -500],
    ['0,01', 1]
  ])('%s -> %i cents', (raw, cents) => expect(parseAmount(raw, 1)).toBe(cents));

  it.each(['', 'abc', '1,2,3', '12,345,67', '1.23.4', '-', '12,3456', '--5'])('refuses %j', (raw) => {
    expect(problem(() => parseAmount(raw, 7))).toMatchObject({ line: 7, problem: 'amount' });
  });
});

describe('booking dates', () => {
  it.each([
    ['2025-03-04', '2025-03-04'],
    ['04.03.2025', '2025-03-04'],
    ['4.3.25', '2025-03-04'],
    ['04/03/2025', '2025-03-04'],
    ['2025-03-04T10:00:00', '2025-03-04']
  ])('%s -> %s', (raw, iso) => expect(parseBookingDate(raw, 1)).toBe(iso));

  it.each(['31.02.2025', '2025-13-01', 'yesterday', ''])('refuses %j', (raw) => {
    expect(problem(() => parseBookingDate(raw, 3))).toMatchObject({ line: 3, problem: 'date' });
  });
});

describe('CSV statements', () => {
  it('reads a German export: BOM, ";", decimal commas, quotes, a preamble and a closing balance', () => {
    const csv =
      '\uFEFF"Kontonummer:";"DE89 3704 0044 0532 0130 00"\r\n' +
      '"Zeitraum:";"01.03.2025 - 31.03.2025"\r\n' +
      '\r\n' +
      '"Buchungstag";"Valutadatum";"Auftraggeber / Empfänger";"Verwendungszweck";"Betrag (EUR)"\r\n' +
      '"03.03.2025";"03.03.2025";"Anna Schäfer";"Bestellung 1005";"49,90"\r\n' +
      '"04.03.2025";"04.03.2025";"Jürgen Weiß";"Rechnung ""1006"" danke";"1.234,56"\r\n' +
      '"05.03.2025";"05.03.2025";"Stadtwerke";"Strom März";"-80,00"\r\n' +
      '"Kontostand";"";"";"";""\r\n';
    const { format, lines } = parseStatement(csv);
    expect(format).toBe('csv');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ line: 5, bookingDate: '2025-03-03', amountCents: 4990, credit: true, currency: 'EUR', text: 'Bestellung 1005', counterparty: 'Anna Schäfer', booked: true });
    expect(lines[1]).toMatchObject({ amountCents: 123456, text: 'Rechnung "1006" danke' });
    expect(lines[2]).toMatchObject({ amountCents: 8000, credit: false });
    // a stable derived reference: the same line imported twice is recognised
    expect(lines[0].bankReference).toMatch(/^CSV-2025-03-03-[0-9a-f]{12}$/);
    expect(parseStatement(csv).lines[0].bankReference).toBe(lines[0].bankReference);
  });

  it('reads an English export with "," separators, a currency and a bank reference column', () => {
    const csv = 'Date,Amount,Currency,Reference,Bank reference\n2025-03-03,49.90,EUR,"Order 1005, thanks",TX-1\n2025-03-04,"1,234.56",EUR,Order 1006,TX-2\n';
    const { lines } = parseStatement(csv);
    expect(lines.map((l) => [l.amountCents, l.text, l.bankReference])).toEqual([
      [4990, 'Order 1005, thanks', 'TX-1'],
      [123456, 'Order 1006', 'TX-2']
    ]);
  });

  it('accepts a file without header as date, amount, reference; and line breaks inside quotes', () => {
    const csv = '03.03.2025;49,90;"Bestellung\n1005"\n04.03.2025;10,00;Nr 1006\n';
    const { lines } = parseStatement(csv);
    expect(lines.map((l) => [l.line, l.text])).toEqual([
      [1, 'Bestellung 1005'],
      [3, 'Nr 1006']
    ]);
  });

  it('counts lines across CRLF endings, blank lines and quoted line breaks (issue #11: csv-parse keeps the line numbers)', () => {
    const csv = 'Konto;DE00 1234\r\n\r\nDatum;Betrag;Verwendungszweck\r\n03.03.2025;49,90;"Bestellung\r\n1005"\r\n\r\n04.03.2025;viel;B\r\n';
    expect(problem(() => parseStatement(csv))).toMatchObject({ line: 7, problem: 'amount' });
    const ok = parseStatement(csv.replace('viel', '1,00')).lines;
    expect(ok.map((l) => [l.line, l.text])).toEqual([
      [4, 'Bestellung 1005'],
      [7, 'B']
    ]);
  });

  it.each([
    ['a bad amount', 'Datum;Betrag;Verwendungszweck\n03.03.2025;49,90;A\n04.03.2025;viel;B\n', { line: 3, problem: 'amount', message: "Line 3: 'viel' is not an amount." }],
    ['a bad date', 'Datum;Betrag;Verwendungszweck\n31.02.2025;49,90;A\n', { line: 2, problem: 'date' }],
    ['a short line', 'Datum;Betrag;Verwendungszweck\n03.03.2025;49,90;A\n04.03.2025;10,00\n', { line: 3, problem: 'columns', message: 'Line 3: expected 3 fields, found 2.' }],
    ['an unclosed quote', 'Datum;Betrag;Verwendungszweck\n03.03.2025;49,90;"A\n04.03.2025;1;B\n', { line: 2, problem: 'quote' }],
    ['no recognisable header', 'foo;bar;baz\n1;2;3\n', { line: 1, problem: 'header' }],
    ['an empty file', '\uFEFF\n\n', { line: 1, problem: 'empty' }],
    ['only a header', 'Datum;Betrag;Verwendungszweck\n', { line: 1, problem: 'empty' }]
  ])('names the line of %s', (_name, csv, expected) => {
    expect(problem(() => parseStatement(csv))).toMatchObject(expected);
  });
});
