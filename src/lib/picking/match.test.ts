import { describe, expect, it } from 'vitest';
import { matchScan, orderNumberOf } from './match';

const line = (id: string, sku: string, gtins: string[], qty = 2, picked = 0) => ({ id, sku, name: sku, qty, picked, gtins });
const lines = [line('a', 'TEA-EARL-200', ['04006381331005']), line('b', 'UPC-MUG', ['00036602301467'], 1)];

describe('matchScan', () => {
  it('matches products on the normalised GTIN, whatever length was scanned', () => {
    expect(matchScan('4006381331005', lines)).toMatchObject({ kind: 'line', line: { id: 'a' } });
    expect(matchScan('036602301467', lines)).toMatchObject({ kind: 'line', line: { id: 'b' } }); // UPC-A
    expect(matchScan('0036602301467', lines)).toMatchObject({ kind: 'line', line: { id: 'b' } }); // the same as EAN-13
    expect(matchScan('4 006381 331005', lines)).toMatchObject({ kind: 'line', line: { id: 'a' } }); // typed with the printed groups
  });

  it('matches Code 128 text against the SKU, ignoring case', () => {
    expect(matchScan('tea-earl-200', lines)).toMatchObject({ kind: 'line', line: { id: 'a' } });
  });

  it('refuses misreads, strangers and over-picks (counting what is still waiting to be sent)', () => {
    expect(matchScan('4006381331006', lines)).toEqual({ kind: 'bad-check-digit', code: '4006381331006', expected: '5' });
    expect(matchScan('4006381331012', lines)).toEqual({ kind: 'not-on-order', code: '04006381331012' });
    expect(matchScan('TEA-EARL-200', lines, 3)).toMatchObject({ kind: 'over-pick' });
    expect(matchScan('TEA-EARL-200', lines, 1, (l) => (l.id === 'a' ? 2 : 0))).toMatchObject({ kind: 'over-pick' });
  });

  it('fills two lines of the same product one after the other', () => {
    const twice = [line('x', 'A', ['04006381331005'], 1, 1), line('y', 'A', ['04006381331005'], 1)];
    expect(matchScan('4006381331005', twice)).toMatchObject({ kind: 'line', line: { id: 'y' } });
  });

  it('knows the packing slip barcode: an order number', () => {
    expect(matchScan('1042', lines)).toEqual({ kind: 'order-number', number: 1042, code: '1042' });
    expect(orderNumberOf('#1042')).toBe(1042);
    expect(orderNumberOf('TEA-1042')).toBeNull();
  });
});
