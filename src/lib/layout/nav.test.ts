import { describe, expect, it } from 'vitest';
import { currentHref, navFor, packerMayOpen } from './nav';

describe('office navigation', () => {
  it('shows packers only the courier desk and their tablet app, managers also the tablet setup', () => {
    expect(navFor('packer').map((i) => i.href)).toEqual(['/shipping', '/pack']);
    expect(packerMayOpen('/shipping/collect')).toBe(true);
    expect(packerMayOpen('/payments')).toBe(false);
    expect(packerMayOpen('/shippingx')).toBe(false);
    expect(navFor('office').map((i) => i.href)).not.toContain('/pack/setup');
    expect(navFor('manager').map((i) => i.href)).toContain('/pack/setup');
    expect(navFor('owner')).toHaveLength(navFor('manager').length);
    expect(navFor(undefined)).toEqual([]);
  });

  it('marks the most specific entry as current', () => {
    const items = navFor('owner');
    expect(currentHref('/orders/new', items)).toBe('/orders/new');
    expect(currentHref('/orders/abcdefghijklmno', items)).toBe('/orders');
    expect(currentHref('/settings/documents', items)).toBe('/settings/documents');
    expect(currentHref('/ordersx', items)).toBeUndefined();
  });
});
