import { describe, expect, it } from 'vitest';
import { ledgerViolations } from './ledger-check';

const p = (id: string, on_hand: number, reserved: number) => ({ id, sku: id.toUpperCase(), on_hand, reserved });
const m = (product: string, delta_on_hand: number, delta_reserved: number) => ({ product, delta_on_hand, delta_reserved });

describe('ledgerViolations', () => {
  it('finds nothing when the figures equal the movements and nothing is oversold', () => {
    expect(ledgerViolations([p('a', 5, 2), p('b', 0, 0)], [m('a', 5, 0), m('a', 0, 3), m('a', 0, -1)])).toEqual({ oversold: [], mismatched: [] });
  });

  it('names a product whose figures differ from its ledger', () => {
    expect(ledgerViolations([p('a', 5, 2)], [m('a', 5, 0), m('a', 0, 1)]).mismatched).toEqual(['A: record 5/2, ledger 5/1']);
  });

  it('names a product reserved beyond its shelf or below zero', () => {
    const { oversold } = ledgerViolations([p('a', 2, 3), p('b', 1, -1)], [m('a', 2, 3), m('b', 1, -1)]);
    expect(oversold).toEqual(['A: on_hand 2, reserved 3', 'B: on_hand 1, reserved -1']);
  });
});
