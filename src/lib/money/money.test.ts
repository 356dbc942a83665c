// The money tool (issue #11, point 5): minor units per currency from Intl, formatting, parsing.
import { describe, expect, it } from 'vitest';
import { formatMoney, minorDigits, MoneyParseError, parseMoney, toMajor, toMinor } from '.';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('minor units per currency (issue #11)', () => {
  it('takes the digits from Intl: EUR 2, JPY 0, KWD 3', () => {
    expect([minorDigits('EUR'), minorDigits('JPY'), minorDigits('KWD')]).toEqual([2, 0, 3]);
    expect(toMajor(1234, 'EUR')).toBe(12.34);
    expect(toMajor(1234, 'JPY')).toBe(1234);
    expect(toMinor(12.34, 'EUR')).toBe(1234);
    expect(toMinor(0.1 + 0.2, 'EUR')).toBe(30);
    expect(toMinor(1234, 'JPY')).toBe(1234);
  });

  it('refuses a currency code Intl does not know', () => {
    expect(() => minorDigits('EURO')).toThrow(RangeError);
  });
});

describe('formatMoney (issue #11)', () => {
  it('formats minor units in the locale, with the currency’s own digits', () => {
    expect(nbsp(formatMoney(1234, 'EUR', 'de-DE'))).toBe('12,34 €');
    expect(formatMoney(1234, 'EUR', 'en-GB')).toBe('€12.34');
    expect(formatMoney(1234, 'JPY', 'en-GB')).toBe('JP¥1,234');
    expect(nbsp(formatMoney(-99, 'EUR', 'de-DE'))).toBe('-0,99 €');
  });
});

describe('parseMoney (issue #11)', () => {
  it('reads decimal commas and points, thousands groups and a sign', () => {
    expect(parseMoney('12,50', 'EUR')).toBe(1250);
    expect(parseMoney('12.50', 'EUR')).toBe(1250);
    expect(parseMoney(' 12,5 ', 'EUR')).toBe(1250);
    expect(parseMoney('1.234,50', 'EUR')).toBe(123450);
    expect(parseMoney('1,234.50', 'EUR')).toBe(123450);
    expect(parseMoney('1.234', 'EUR')).toBe(123400);
    expect(parseMoney(',99', 'EUR')).toBe(99);
    expect(parseMoney('-3', 'EUR')).toBe(-300);
    expect(parseMoney('1.234', 'JPY')).toBe(1234);
    expect(parseMoney('12,345', 'KWD')).toBe(12345000); // one group of three: thousands, in every currency
    expect(parseMoney('12,5', 'KWD')).toBe(12500);
  });

  it.each([
    ['', 'empty'],
    ['abc', 'format'],
    ['12,50 €', 'format'],
    ['1.2.3', 'format'],
    ['1,234,50', 'format'],
    ['12.345,6.7', 'format'],
    ['12,3456', 'decimals'],
    ['12,5', 'decimals', 'JPY'],
    ['99999999999999999999', 'too_large']
  ])('refuses %j with a clear error (%s)', (raw, problem, currency = 'EUR') => {
    let error: unknown;
    try {
      parseMoney(raw, currency);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MoneyParseError);
    expect((error as MoneyParseError).problem).toBe(problem);
    expect((error as MoneyParseError).message).toMatch(problem === 'empty' ? /No amount/ : new RegExp(raw.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });
});
