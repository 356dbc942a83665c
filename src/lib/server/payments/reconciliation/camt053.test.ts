import { describe, expect, it } from 'vitest';
import { camt053Sample } from '../../../../../tests/support/statements/camt053-sample';
import { parseStatement } from './statement';
import { refusal as problem } from './types';

describe('CAMT.053 statements', () => {
  it.each(['02', '08'] as const)('reads credits, debits, references and payers (version .001.%s)', (version) => {
    const xml = camt053Sample({
      version,
      entries: [
        { amountCents: 4990, bookingDate: '2025-03-03', text: 'Bestellung 1005', payer: 'Anna Schäfer', bankReference: 'REF-1' },
        { amountCents: 8000, credit: false, bookingDate: '2025-03-04', text: 'Strom März & Gas <Q1>', bankReference: 'REF-2' },
        { amountCents: 1000, bookingDate: '2025-03-05', text: 'Order 1007', status: 'PDNG', bankReference: 'REF-3' }
      ]
    });
    const { format, lines } = parseStatement('\uFEFF' + xml);
    expect(format).toBe('camt053');
    expect(lines.map((l) => [l.bookingDate, l.amountCents, l.credit, l.currency, l.text, l.bankReference, l.counterparty, l.booked])).toEqual([
      ['2025-03-03', 4990, true, 'EUR', 'Bestellung 1005', 'REF-1', 'Anna Schäfer', true],
      ['2025-03-04', 8000, false, 'EUR', 'Strom März & Gas <Q1>', 'REF-2', '', true],
      ['2025-03-05', 1000, true, 'EUR', 'Order 1007', 'REF-3', '', false]
    ]);
    expect(xml.split('\n')[lines[0].line - 1]).toContain('<TxDtls>');
  });

  it('splits a batch booking into its transactions', () => {
    const xml = camt053Sample({
      entries: [{ amountCents: 0, bookingDate: '2025-03-03', text: '', bankReference: 'BATCH', parts: [
        { amountCents: 4990, text: 'Best. 1005', bankReference: 'B-1' },
        { amountCents: 1290, text: 'Best. 1006', bankReference: 'B-2' }
      ] }]
    });
    expect(parseStatement(xml).lines.map((l) => [l.amountCents, l.text, l.bankReference])).toEqual([
      [4990, 'Best. 1005', 'B-1'],
      [1290, 'Best. 1006', 'B-2']
    ]);
  });

  it('reads several <Ustrd> lines and structured creditor references', () => {
    const xml = camt053Sample({ entries: [{ amountCents: 100, bookingDate: '2025-03-03', text: 'X' }] }).replace(
      '<RmtInf><Ustrd>X</Ustrd></RmtInf>',
      '<RmtInf><Ustrd>Bestellung</Ustrd><Ustrd>1005</Ustrd><Strd><CdtrRefInf><Ref>RF18 1005</Ref></CdtrRefInf></Strd></RmtInf>'
    );
    expect(parseStatement(xml).lines[0].text).toBe('Bestellung 1005 RF18 1005');
  });

  it('names the line of malformed XML', () => {
    const xml = camt053Sample({ entries: [{ amountCents: 100, bookingDate: '2025-03-03', text: 'X' }] }).replace('</BookgDt>', '</BookingDt>');
    const line = xml.split('\n').findIndex((l) => l.includes('</BookingDt>')) + 1;
    expect(problem(() => parseStatement(xml))).toMatchObject({ line, problem: 'xml' });
  });

  it.each([
    ['a missing amount', (x: string) => x.replace(/<Amt Ccy="EUR">49.90<\/Amt>/, ''), 'missing', 'Line 5: <Amt> is missing in this entry.'],
    ['a bad amount', (x: string) => x.replace('49.90', '49,90'), 'amount', null],
    ['a bad direction', (x: string) => x.replace('CRDT', 'CREDIT'), 'direction', null],
    ['a missing booking date', (x: string) => x.replace(/<BookgDt>.*<\/BookgDt>/, '').replace(/<ValDt>.*<\/ValDt>/, ''), 'missing', null]
  ])('names the entry with %s', (_name, change, expected, message) => {
    const xml = change(camt053Sample({ entries: [{ amountCents: 4990, bookingDate: '2025-03-03', text: 'X' }] }).replace(/\n\s*\n/g, '\n'));
    const ntryLine = xml.split('\n').findIndex((l) => l.includes('<Ntry>')) + 1;
    const p = problem(() => parseStatement(xml));
    expect(p?.problem).toBe(expected);
    expect(p!.line).toBeGreaterThanOrEqual(ntryLine);
    expect(p!.line).toBeLessThanOrEqual(ntryLine + 3);
    if (message) expect(p!.message).toBe(message.replace('Line 5', `Line ${ntryLine}`));
  });

  it('refuses other XML, naming what it found', () => {
    expect(problem(() => parseStatement('<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>'))).toMatchObject({
      line: 2,
      problem: 'not_camt',
      message: 'Line 2: this is not a CAMT.053 bank statement (it starts with <CstmrCdtTrfInitn>).'
    });
  });
});
