import { describe, expect, it } from 'vitest';
import { queueFilter } from './queries';

describe('queueFilter', () => {
  it('combines the axes with AND', () => {
    expect(queueFilter({ status: 'placed', paymentStatus: 'unpaid', paymentMethod: 'cheque' })).toBe(
      'status = "placed" && payment_status = "unpaid" && payment_method = "cheque"'
    );
  });

  it('searches by order number when the text is one, else by name and e-mail', () => {
    expect(queueFilter({ search: '#1042' })).toBe('(number = 1042 || customer_name ~ "#1042")');
    expect(queueFilter({ search: 'Groß' })).toBe('(customer_name ~ "Groß" || email ~ "Groß")');
  });

  it('escapes quotes so a search cannot change the filter', () => {
    expect(queueFilter({ search: 'x" || id != "' })).toBe('(customer_name ~ "x\\" || id != \\"" || email ~ "x\\" || id != \\"")');
  });

  it('is empty without filters', () => {
    expect(queueFilter({ search: '   ' })).toBe('');
  });
});
