/**
 * GTIN arithmetic for product barcodes (EAN-8, UPC-A, EAN-13, GTIN-14, UPC-E).
 * Products are matched on the 14-digit GTIN, never on the raw scanned string:
 * UPC-A `036602301467` and EAN-13 `0036602301467` are the same product.
 */

/** Lengths of the digit strings that are GTINs (EAN-8, UPC-A, EAN-13, GTIN-14). */
export const GTIN_LENGTHS: readonly number[] = [8, 12, 13, 14];

export type ClassifiedCode =
  | { kind: 'gtin'; gtin14: string }
  | { kind: 'text'; text: string }
  | { kind: 'invalid'; reason: InvalidCodeReason; expectedCheckDigit?: string };

export type InvalidCodeReason = 'empty' | 'bad-check-digit';

const DIGITS = /^\d+$/;

/**
 * GS1 mod-10 check digit for the digits before it: weights 3,1,3,1... counted
 * from the right, so leading zeros never change the result.
 */
export function gtinCheckDigit(body: string): string {
  if (!DIGITS.test(body)) throw new Error(`gtinCheckDigit: not a digit string: ${body}`);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** True for an 8, 12, 13 or 14 digit string whose last digit is the right check digit. */
export function isValidGtin(code: string): boolean {
  if (!DIGITS.test(code) || !GTIN_LENGTHS.includes(code.length)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === code.slice(-1);
}

/** 14-digit GTIN with leading zeros, or null when the length or the check digit is wrong. */
export function normalizeGtin(raw: string): string | null {
  const code = raw.trim();
  return isValidGtin(code) ? code.padStart(14, '0') : null;
}

/**
 * Expands an 8-digit UPC-E (number system 0/1, six digits, check digit) to its
 * 12-digit UPC-A. The UPC-E check digit is the UPC-A one, so an 8-digit UPC-E
 * must never be validated or normalised as if it were an EAN-8.
 */
export function upcEToUpcA(upcE: string): string | null {
  const code = upcE.trim();
  if (!/^[01]\d{7}$/.test(code)) return null;
  const [ns, d1, d2, d3, d4, d5, d6, check] = code;
  let body: string;
  if (d6 === '0' || d6 === '1' || d6 === '2') body = `${d1}${d2}${d6}0000${d3}${d4}${d5}`;
  else if (d6 === '3') body = `${d1}${d2}${d3}00000${d4}${d5}`;
  else if (d6 === '4') body = `${d1}${d2}${d3}${d4}00000${d5}`;
  else body = `${d1}${d2}${d3}${d4}${d5}0000${d6}`;
  const upcA = `${ns}${body}${check}`;
  return isValidGtin(upcA) ? upcA : null;
}

/**
 * What a scanned or typed code is: a product GTIN, free text (Code 128 SKUs,
 * order numbers), or invalid. A digit string of GTIN length with a wrong check
 * digit is always invalid, never text: it is most likely a misread product code.
 */
export function classifyCode(raw: string): ClassifiedCode {
  const code = raw.trim();
  if (code === '') return { kind: 'invalid', reason: 'empty' };
  if (DIGITS.test(code) && GTIN_LENGTHS.includes(code.length)) {
    const gtin14 = normalizeGtin(code);
    if (gtin14) return { kind: 'gtin', gtin14 };
    return {
      kind: 'invalid',
      reason: 'bad-check-digit',
      expectedCheckDigit: gtinCheckDigit(code.slice(0, -1))
    };
  }
  return { kind: 'text', text: code };
}
