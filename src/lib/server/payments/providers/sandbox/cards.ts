// The sandbox gateway's card checks: the same rules a real gateway applies to what the
// customer typed (Luhn check digit, expiry not in the past, CVC length), then a fixed set
// of test cards decides the outcome, like Stripe's test mode.
export type CardField = 'number' | 'expiry' | 'cvc' | 'name';
export type CardFieldError = 'required' | 'digits' | 'luhn' | 'not_test_card' | 'expiry_format' | 'expired' | 'cvc';
export type DeclineCode = 'card_declined' | 'insufficient_funds' | 'expired_card';

export interface CardInput {
  number: string;
  /** MM/YY or MM/YYYY */
  expiry: string;
  cvc: string;
  name: string;
}

export interface CheckedCard {
  brand: 'visa' | 'mastercard' | 'amex';
  last4: string;
  outcome: { ok: true } | { ok: false; decline: DeclineCode };
}

/** Test cards and what happens when they are used. Any other valid number is refused. */
export const TEST_CARDS: Record<string, CheckedCard['outcome']> = {
  '4242424242424242': { ok: true },
  '5555555555554444': { ok: true },
  '378282246310005': { ok: true },
  '4000000000000002': { ok: false, decline: 'card_declined' },
  '4000000000009995': { ok: false, decline: 'insufficient_funds' },
  '4000000000000069': { ok: false, decline: 'expired_card' },
  // pays; a refund of it is first accepted, then fails (as Stripe's 4000 0000 0000 5126)
  '4000000000005126': { ok: true }
};

/** The last four digits of the test card whose refunds fail after they were accepted. */
export const REFUND_FAILS_LAST4 = '5126';

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function brandOf(digits: string): CheckedCard['brand'] | null {
  if (/^4/.test(digits)) return 'visa';
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  return null;
}

/** Per-field problems, or the card with its test outcome. */
export function checkCard(input: CardInput, now = new Date()): { errors: Partial<Record<CardField, CardFieldError>> } | { card: CheckedCard } {
  const errors: Partial<Record<CardField, CardFieldError>> = {};
  const digits = input.number.replace(/[\s-]/g, '');
  const brand = brandOf(digits);
  if (!digits) errors.number = 'required';
  else if (!/^\d{12,19}$/.test(digits) || !brand) errors.number = 'digits';
  else if (!luhnValid(digits)) errors.number = 'luhn';
  else if (!TEST_CARDS[digits]) errors.number = 'not_test_card';

  const m = input.expiry.trim().match(/^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/);
  if (!input.expiry.trim()) errors.expiry = 'required';
  else if (!m || Number(m[1]) < 1 || Number(m[1]) > 12) errors.expiry = 'expiry_format';
  else {
    const year = m[2].length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
    // a card is valid through the last day of its expiry month
    const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
    if (year * 12 + Number(m[1]) - 1 < current) errors.expiry = 'expired';
  }

  const cvcLength = brand === 'amex' ? 4 : 3;
  if (!input.cvc.trim()) errors.cvc = 'required';
  else if (!new RegExp(`^\\d{${cvcLength}}$`).test(input.cvc.trim())) errors.cvc = 'cvc';

  if (!input.name.trim()) errors.name = 'required';

  if (Object.keys(errors).length) return { errors };
  return { card: { brand: brand!, last4: digits.slice(-4), outcome: TEST_CARDS[digits] } };
}
