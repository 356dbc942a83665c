import { describe, expect, it } from 'vitest';
import {
  classifyCode,
  gtinCheckDigit,
  isValidGtin,
  normalizeGtin,
  upcEToUpcA
} from './gtin';

describe('gtinCheckDigit', () => {
  it.each([
    ['03660230146', '7'], // UPC-A 036602301467
    ['503015900393', '0'], // EAN-13 5030159003930
    ['4851234', '3'], // EAN-8 48512343
    ['1234567', '0'], // EAN-8 12345670
    ['1001234567890', '2'], // GTIN-14 10012345678902
    ['978014001399', '3'] // ISBN as EAN-13 9780140013993
  ])('body %s -> %s', (body, digit) => {
    expect(gtinCheckDigit(body)).toBe(digit);
  });

  it('ignores leading zeros', () => {
    expect(gtinCheckDigit('00503015900393')).toBe(gtinCheckDigit('503015900393'));
  });

  it('rejects non-digits', () => {
    expect(() => gtinCheckDigit('12a4')).toThrow(/not a digit string/);
  });
});

describe('normalizeGtin', () => {
  it.each([
    ['48512343', '00000048512343'], // EAN-8
    ['036602301467', '00036602301467'], // UPC-A
    ['0036602301467', '00036602301467'], // same product as EAN-13
    ['5030159003930', '05030159003930'], // EAN-13
    ['10012345678902', '10012345678902'], // GTIN-14
    [' 5030159003930 ', '05030159003930'] // surrounding whitespace from a keyboard wedge
  ])('%s -> %s', (raw, gtin14) => {
    expect(normalizeGtin(raw)).toBe(gtin14);
  });

  it.each([
    ['5030159003931', 'wrong check digit'],
    ['7034759003931', 'wrong check digit'],
    ['036602301468', 'wrong check digit (UPC-A)'],
    ['48512344', 'wrong check digit (EAN-8)'],
    ['1234567', 'length 7'],
    ['50301590039300', 'wrong check digit (GTIN-14)'],
    ['503015900393000', 'length 15'],
    ['50301590O3930', 'letter O'],
    ['', 'empty']
  ])('%s -> null (%s)', (raw) => {
    expect(normalizeGtin(raw)).toBeNull();
  });
});

describe('isValidGtin', () => {
  it('only accepts the four GTIN lengths', () => {
    expect(isValidGtin('12345670')).toBe(true);
    expect(isValidGtin('012345670')).toBe(false);
  });
});

describe('upcEToUpcA', () => {
  it.each([
    ['01234565', '012345000065'], // last digit 5..9: manufacturer 12345
    ['01234531', '012300000451'], // last digit 3: manufacturer 123
    ['01234543', '012340000053'], // last digit 4: manufacturer 1234
    ['01234505', '012000003455'] // last digit 0..2
  ])('%s -> %s', (upcE, upcA) => {
    expect(upcEToUpcA(upcE)).toBe(upcA);
    expect(isValidGtin(upcA)).toBe(true);
  });

  it('rejects number systems other than 0/1, wrong lengths and wrong check digits', () => {
    expect(upcEToUpcA('21234565')).toBeNull();
    expect(upcEToUpcA('0123456')).toBeNull();
    expect(upcEToUpcA('01234566')).toBeNull();
  });
});

describe('classifyCode', () => {
  it.each([
    ['5030159003930', { kind: 'gtin', gtin14: '05030159003930' }],
    ['036602301467', { kind: 'gtin', gtin14: '00036602301467' }],
    ['12345670', { kind: 'gtin', gtin14: '00000012345670' }],
    ['168901', { kind: 'text', text: '168901' }], // Code 128 SKU, not a GTIN length
    ['102030405060708090', { kind: 'text', text: '102030405060708090' }],
    ['Code 128', { kind: 'text', text: 'Code 128' }],
    ['PB-10452', { kind: 'text', text: 'PB-10452' }],
    ['5030159003931', { kind: 'invalid', reason: 'bad-check-digit', expectedCheckDigit: '0' }],
    ['12345678', { kind: 'invalid', reason: 'bad-check-digit', expectedCheckDigit: '0' }],
    ['036602301460', { kind: 'invalid', reason: 'bad-check-digit', expectedCheckDigit: '7' }],
    ['   ', { kind: 'invalid', reason: 'empty' }]
  ])('%s', (raw, expected) => {
    expect(classifyCode(raw)).toEqual(expected);
  });
});
