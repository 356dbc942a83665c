// Amounts and dates as banks write them: "1.234,56", "-12,00", "1,234.56 EUR", "31.12.2025".
import { MoneyParseError, parseMoney } from '$lib/money';
import { StatementFormatError } from './types';

/** Signed integer cents; throws StatementFormatError naming the line. */
export function parseAmount(raw: string, line: number): number {
  let s = raw.replace(/[\s\u00a0\u202f']/g, '').replace(/(EUR|€|CHF|USD|GBP|\$|£)/gi, '');
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith('-') || s.startsWith('−')) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.endsWith('-')) {
    negative = !negative;
    s = s.slice(0, -1);
  } else if (s.startsWith('+')) s = s.slice(1);
  if (!/^[\d.,]+$/.test(s)) throw new StatementFormatError(line, 'amount', { value: raw });
  try {
    // the number itself by the app's one rule; bank statements here are in cents
    const cents = parseMoney(s, 'EUR');
    return negative ? -cents : cents;
  } catch (e) {
    if (e instanceof MoneyParseError) throw new StatementFormatError(line, 'amount', { value: raw });
    throw e;
  }
}

function validDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** YYYY-MM-DD, DD.MM.YYYY, DD.MM.YY, DD/MM/YYYY (European order) -> YYYY-MM-DD. */
export function parseBookingDate(raw: string, line: number): string {
  const s = raw.trim();
  let y: number, m: number, d: number;
  let match = s.match(/^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = s.match(/^(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})$/))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (match[3].length === 2) y += 2000;
  } else throw new StatementFormatError(line, 'date', { value: raw });
  if (!validDate(y, m, d)) throw new StatementFormatError(line, 'date', { value: raw });
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
