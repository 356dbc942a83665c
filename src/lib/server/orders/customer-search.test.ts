// #14 bench: the phone-order customer search reads only the columns a query can be in, and picks
// the order SQLite can serve cheapest (F27).
import { describe, expect, it, vi } from 'vitest';

vi.mock('../pocketbase/client', () => ({ pb: () => ({}), filterValue: (v: string) => `'${v}'` }));
const { customerFilter, customerSort } = await import('./phone');

describe('F27 customer search at 50,000 customers (#14)', () => {
  it('an e-mail searches e-mails, a number phone numbers, several words names, one word names and e-mails', () => {
    expect(customerFilter('greta@example')).toBe("email ~ 'greta@example'");
    expect(customerFilter('+49 30 555-123')).toBe("phone ~ '+49 30 555-123' || phone ~ '555123'");
    expect(customerFilter('hoffm')).toBe("name ~ 'hoffm' || email ~ 'hoffm'");
    expect(customerFilter('Anna Müller 12')).toBe("name ~ 'Anna Müller 12'");
  });

  it('one word of a name in name order (the index stops at 20), the rest newest first', () => {
    expect(customerSort('Gruber')).toBe('name');
    expect(customerSort('Anna Gruber')).toBe('-created');
    expect(customerSort('kunde1@')).toBe('-created');
    expect(customerSort('555123')).toBe('-created');
  });
});
