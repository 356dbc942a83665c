import { describe, expect, it } from 'vitest';
import { displayGtin, isLowStock, normaliseGtin, normaliseGtins, parsePercent, productFields } from './product';

describe('#14 GTIN normalisation', () => {
  it.each([
    ['96385074', '00000096385074'], // EAN-8
    ['036000291452', '00036000291452'], // UPC-A
    ['0036000291452', '00036000291452'], // the same as EAN-13
    ['00036000291452', '00036000291452'], // and as GTIN-14
    ['4006381333931', '04006381333931'],
    [' 4006-381-333931 ', '04006381333931'],
    ['10614141000415', '10614141000415'] // a GTIN-14 with indicator digit
  ])('%s → %s', (raw, gtin) => {
    expect(normaliseGtin(raw)).toEqual({ gtin });
  });

  it('names the check digit expected, and refuses what is no GTIN', () => {
    expect(normaliseGtin('4006381333932')).toEqual({ problem: 'check_digit', expectedCheckDigit: '1' });
    expect(normaliseGtin('12345')).toEqual({ problem: 'format' });
    expect(normaliseGtin('ABC-1')).toEqual({ problem: 'format' });
  });

  it('a list drops duplicates written differently and stops at the first bad one', () => {
    expect(normaliseGtins(['036000291452', '0036000291452', '', '96385074'])).toEqual({ gtins: ['00036000291452', '00000096385074'] });
    expect(normaliseGtins(['96385074', '96385075'])).toMatchObject({ problem: 'check_digit', value: '96385075' });
  });

  it('shows GTIN-14s in their usual short form, and that form reads back the same', () => {
    for (const g of ['00000096385074', '00036000291452', '04006381333931', '10614141000415', '00000123456784']) {
      const shown = displayGtin(g);
      expect(normaliseGtin(shown)).toEqual({ gtin: g });
    }
  });
});

describe('#14 product fields', () => {
  it('checks every field with a message naming it', () => {
    const r = productFields.safeParse({ sku: 'a b', name: '', gtins: ['1'], bin: '', priceCents: -1, taxRateBp: 1.5, weightG: 0, lowStockThreshold: 0, active: true });
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => i.message);
    expect(messages).toEqual(expect.arrayContaining(['SKU: letters, digits and . _ - / only', 'Name: required', '1: not a GTIN (8, 12, 13 or 14 digits)', 'Price: cannot be negative', 'Tax rate: whole numbers only']));
  });

  it('low stock: available at or below a threshold above 0, only for products still sold', () => {
    expect(isLowStock({ on_hand: 8, reserved: 3, low_stock_threshold: 5 })).toBe(true);
    expect(isLowStock({ on_hand: 9, reserved: 3, low_stock_threshold: 5 })).toBe(false);
    expect(isLowStock({ on_hand: 0, reserved: 0, low_stock_threshold: 0 })).toBe(false);
    expect(isLowStock({ on_hand: 0, reserved: 0, low_stock_threshold: 5, active: false })).toBe(false);
  });

  it('tax rates as typed', () => {
    expect([parsePercent('19'), parsePercent('7,5'), parsePercent('0'), parsePercent('19 %'), parsePercent('101'), parsePercent('x')]).toEqual([1900, 750, 0, 1900, null, null]);
  });
});
