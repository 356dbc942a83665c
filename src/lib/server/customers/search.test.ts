// F27 (#14): what a customer search looks for, before PocketBase is asked (the index itself:
// tests/integration/customer-words.test.ts).
import { describe, expect, it, vi } from 'vitest';

vi.mock('../pocketbase/client', () => ({ pb: () => ({}), filterValue: (v: string) => `'${v}'`, idPrefixRange: () => '' }));
vi.mock('./word-index', () => ({ pendingCustomers: async () => [] }));
const { customerTerms, textFilter } = await import('./search');

describe('F27 customer search terms (#14)', () => {
  it('folds words, drops a leading @ (a domain is a word), keeps six words at most', () => {
    expect(customerTerms('  Jürgen  MÜLLER-Lüdenscheidt ')).toEqual({ kind: 'words', terms: ['jurgen', 'muller', 'ludenscheidt'] });
    expect(customerTerms('@example.de')).toEqual({ kind: 'words', terms: ['example.de'] });
    expect(customerTerms('a b c d e f g h')).toEqual({ kind: 'words', terms: ['a', 'b', 'c', 'd', 'e', 'f'] });
    expect(customerTerms(' ,; ')).toBeNull();
  });

  it('reads a number as phone digits without the leading zeros', () => {
    expect(customerTerms('0421 / 555-123')).toEqual({ kind: 'phone', digits: '421555123' });
    expect(customerTerms('+49 (421) 555123')).toEqual({ kind: 'phone', digits: '49421555123' });
    // three digits are a word (a house number, a customer's number in the name)
    expect(customerTerms('123')).toEqual({ kind: 'words', terms: ['123'] });
  });

  it('every word starts a word of search_text; digits are anywhere in the phone', () => {
    expect(textFilter({ kind: 'words', terms: ['anna', 'mull'] })).toBe("search_text ~ ' anna' && search_text ~ ' mull'");
    expect(textFilter({ kind: 'phone', digits: '421555' })).toBe("search_text ~ '421555'");
  });
});
