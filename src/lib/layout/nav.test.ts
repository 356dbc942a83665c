import { describe, expect, it } from 'vitest';
import { currentHref, navFor, navSections, packerMayOpen } from './nav';

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

  it('#14 groups entries by what each role does; Staff and Settings only for managers and owners', () => {
    const sections = (role: Parameters<typeof navSections>[0]) => navSections(role).map((s) => [s.section, s.items.map((i) => i.href)]);
    expect(sections('packer')).toEqual([['warehouse', ['/shipping', '/pack']]]);
    expect(sections('office')).toEqual([
      ['orders', ['/orders', '/orders/new', '/customers', '/mail']],
      ['warehouse', ['/stock', '/products', '/stock/receive', '/shipping', '/pack']],
      ['money', ['/payments']],
      ['shop', ['/settings/documents']]
    ]);
    for (const role of ['manager', 'owner'] as const) {
      expect(navSections(role).find((s) => s.section === 'shop')?.items.map((i) => i.href)).toEqual(['/settings', '/staff', '/settings/documents', '/pack/setup', '/settings/integrations']);
    }
    expect(navSections(undefined)).toEqual([]);
  });

  it('marks the most specific entry as current', () => {
    const items = navFor('owner');
    expect(currentHref('/orders/new', items)).toBe('/orders/new');
    expect(currentHref('/orders/abcdefghijklmno', items)).toBe('/orders');
    expect(currentHref('/settings/documents', items)).toBe('/settings/documents');
    expect(currentHref('/settings', items)).toBe('/settings');
    expect(currentHref('/staff', items)).toBe('/staff');
    expect(currentHref('/ordersx', items)).toBeUndefined();
  });
});
