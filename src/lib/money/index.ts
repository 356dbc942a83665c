// Money as integer minor units of its currency (cents for EUR, yen for JPY: no fractions), with
// the currency beside it. How many digits a currency has comes from Intl, as does formatting.
// A generic tool: it imports no domain code.

const digitsByCurrency = new Map<string, number>();
const formats = new Map<string, Intl.NumberFormat>();

function currencyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formats.set(key, format);
  }
  return format;
}

/** Digits after the decimal point: EUR 2, JPY 0, KWD 3. Throws a RangeError for a code Intl does not know. */
export function minorDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = currencyFormat('en', currency).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** 1234 EUR -> 12.34; 1234 JPY -> 1234. */
export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}

/** 12.34 EUR -> 1234, rounded to the nearest minor unit. */
export function toMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** minorDigits(currency));
}

/** 1234 EUR in 'de-DE' -> "12,34 €"; 1234 JPY in 'en-GB' -> "JP¥1,234". */
export function formatMoney(minor: number, currency: string, locale: string): string {
  return currencyFormat(locale, currency).format(toMajor(minor, currency));
}

export type MoneyParseProblem = 'empty' | 'format' | 'decimals' | 'too_large';

export class MoneyParseError extends Error {
  constructor(
    public readonly problem: MoneyParseProblem,
    public readonly value: string,
    public readonly digits: number
  ) {
    super(
      problem === 'empty'
        ? 'No amount given'
        : problem === 'decimals'
          ? `"${value}" has more than ${digits} decimal place${digits === 1 ? '' : 's'}`
          : problem === 'too_large'
            ? `"${value}" is too large`
            : `"${value}" is not an amount (e.g. 12,50 or 12.50)`
    );
    this.name = 'MoneyParseError';
  }
}

/**
 * A typed amount -> minor units of `currency`: "12,50", "12.50", "1.234,50", "1,234.50", "-3".
 * With both separators the later one is the decimal point; with one, it is the decimal point
 * when it appears once with at most the currency's digits after it, else it groups thousands
 * ("1.234" = 1234). Throws MoneyParseError saying what is wrong.
 */
export function parseMoney(raw: string, currency: string): number {
  const digits = minorDigits(currency);
  let s = raw.replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') throw new MoneyParseError('empty', raw, digits);
  const negative = s.startsWith('-') || s.startsWith('−');
  if (negative || s.startsWith('+')) s = s.slice(1);
  if (!/^[\d.,]*\d[\d.,]*$/.test(s)) throw new MoneyParseError('format', raw, digits);

  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let int = s;
  let frac = '';
  if (lastDot >= 0 && lastComma >= 0) {
    const dec = Math.max(lastDot, lastComma);
    const grouping = s[dec] === '.' ? ',' : '.';
    if (s.slice(dec + 1).includes(grouping) || !groupedThousands(s.slice(0, dec), grouping)) throw new MoneyParseError('format', raw, digits);
    int = s.slice(0, dec).split(grouping).join('');
    frac = s.slice(dec + 1);
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const parts = s.split(sep);
    const tail = parts[parts.length - 1];
    if (parts.length === 2 && tail.length !== 3) [int, frac] = parts;
    else if (groupedThousands(s, sep)) int = parts.join('');
    else throw new MoneyParseError('format', raw, digits);
  }
  if (int === '' && frac === '') throw new MoneyParseError('format', raw, digits);
  if (frac.length > digits) throw new MoneyParseError('decimals', raw, digits);
  const minor = Number(int || '0') * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) throw new MoneyParseError('too_large', raw, digits);
  return negative ? -minor : minor;
}

/** "1.234.567" with `.`: groups of three after a first group of one to three digits. */
function groupedThousands(s: string, sep: string): boolean {
  const parts = s.split(sep);
  return /^\d{1,3}$/.test(parts[0]) && parts.slice(1).every((p) => /^\d{3}$/.test(p));
}
