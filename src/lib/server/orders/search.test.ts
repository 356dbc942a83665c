import { describe, expect, it } from 'vitest';
import { numberPrefixFilter, numberPrefixRanges, textFilter } from './search';

describe('F26 search text to filter', () => {
  it('reads 1–7 digits as an order number and #digits as a prefix in index ranges', () => {
    expect(textFilter('150123')).toBe('number = 150123');
    // highest range first: the queue asks each one on its own, newest first
    expect(numberPrefixRanges('10')).toEqual([
      '(number >= 100000000 && number <= 109999999)',
      '(number >= 10000000 && number <= 10999999)',
      '(number >= 1000000 && number <= 1099999)',
      '(number >= 100000 && number <= 109999)',
      '(number >= 10000 && number <= 10999)',
      '(number >= 1000 && number <= 1099)',
      '(number >= 100 && number <= 109)',
      'number = 10'
    ]);
    expect(numberPrefixFilter('10')).toBe(`(${numberPrefixRanges('10').join(' || ')})`);
    expect(textFilter('#10')).toBe(numberPrefixFilter('10'));
  });

  it('turns words into folded word prefixes and digits into a digit substring', () => {
    expect(textFilter('Müller  Hans')).toBe('search_text ~ " muller" && search_text ~ " hans"');
    expect(textFilter('+49 171 555-0199')).toBe('search_text ~ "491715550199"');
    expect(textFilter('0171 5550199')).toBe('search_text ~ "1715550199"');
  });

  it('never lets typed filter syntax through', () => {
    expect(textFilter(`' || 1=1`)).toBe('search_text ~ " 1"');
    expect(textFilter('x" || id != "')).toBe('search_text ~ " x" && search_text ~ " id"');
    expect(textFilter('%_\\')).toBe('');
    expect(textFilter('   ')).toBe('');
  });
});
