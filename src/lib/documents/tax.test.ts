import { describe, expect, it } from 'vitest';
import { computeTotals, netFromGross, shippingRateBp } from './tax';
import { aLine } from '../../../tests/support/documents/factories';

describe('netFromGross', () => {
  it('takes the tax out of a gross amount, rounding half away from zero', () => {
    expect(netFromGross(11900, 1900)).toBe(10000);
    expect(netFromGross(100, 1900)).toBe(84); // 84.03
    expect(netFromGross(107, 700)).toBe(100);
    expect(netFromGross(-11900, 1900)).toBe(-10000);
    expect(netFromGross(5, 0)).toBe(5);
  });
});

describe('computeTotals', () => {
  it('splits tax per rate on the summed gross, so the rows add up to the total', () => {
    // Three lines of 0.99 at 19 %: per-line rounding would give 3 × 0.83 = 2.49 net.
    const lines = [aLine({ unitPriceCents: 99 }), aLine({ unitPriceCents: 99 }), aLine({ unitPriceCents: 99 })];
    const totals = computeTotals(lines, 0);
    expect(totals.taxes).toEqual([{ rateBp: 1900, grossCents: 297, netCents: 250, taxCents: 47 }]);
  });

  it('keeps rates apart, highest first, and adds shipping at the predominant rate', () => {
    const lines = [
      aLine({ qty: 2, unitPriceCents: 1290, taxRateBp: 1900 }),
      aLine({ qty: 3, unitPriceCents: 499, taxRateBp: 700 })
    ];
    const totals = computeTotals(lines, 495);
    expect(totals.itemsCents).toBe(4077);
    expect(totals.totalCents).toBe(4572);
    expect(totals.taxes.map((t) => t.rateBp)).toEqual([1900, 700]);
    expect(totals.taxes[0]).toMatchObject({ grossCents: 3075, netCents: 2584, taxCents: 491 });
    expect(totals.taxes[1]).toMatchObject({ grossCents: 1497, netCents: 1399, taxCents: 98 });
    const sum = totals.taxes.reduce((acc, t) => acc + t.netCents + t.taxCents, 0);
    expect(sum).toBe(totals.totalCents);
  });

  it('gives shipping the rate with the larger gross, the higher one on a tie', () => {
    expect(shippingRateBp([aLine({ unitPriceCents: 100, taxRateBp: 1900 }), aLine({ unitPriceCents: 500, taxRateBp: 700 })])).toBe(700);
    expect(shippingRateBp([aLine({ unitPriceCents: 500, taxRateBp: 1900 }), aLine({ unitPriceCents: 500, taxRateBp: 700 })])).toBe(1900);
    expect(shippingRateBp([])).toBe(0);
  });

  it('works on negative amounts for credit notes', () => {
    const totals = computeTotals([aLine({ qty: -1, unitPriceCents: 1190 })], 0);
    expect(totals.taxes[0]).toMatchObject({ grossCents: -1190, netCents: -1000, taxCents: -190 });
  });
});
