// Money as people type it into a form field, in the currency's minor units.
import { minorDigits, parseMoney } from '$lib/money';

export function parseMoneyOrNull(text: string, currency: string): number | null {
  try {
    return parseMoney(text, currency);
  } catch {
    return null;
  }
}

/** minor units → "12.50" (a plain decimal point: parseMoney reads it back the same) */
export function formatMoneyInput(minor: number, currency: string): string {
  const d = minorDigits(currency);
  if (d === 0) return String(minor);
  const s = String(Math.abs(minor)).padStart(d + 1, '0');
  return `${minor < 0 ? '-' : ''}${s.slice(0, -d)}.${s.slice(-d)}`;
}
