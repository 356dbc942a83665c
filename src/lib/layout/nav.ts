// The office navigation, grouped by what each role does: orders, warehouse, money, and the
// shop's own settings (issue #14). Which screens each role may open (the server checks again).
// Packers live in the tablet app (/pack) and come here only for the courier desk.
import { hasRole, type RoleGroup } from '$lib/auth/roles';
import type { Role } from '$lib/auth/roles';

export type NavSection = 'orders' | 'warehouse' | 'money' | 'shop';

export interface NavItem {
  href: string;
  /** i18n key */
  label: string;
  group: RoleGroup;
  section: NavSection;
}

/** the sections in the order the bar shows them; label: i18n key */
export const NAV_SECTIONS: { section: NavSection; label: string }[] = [
  { section: 'orders', label: 'settings.sections.orders' },
  { section: 'warehouse', label: 'settings.sections.warehouse' },
  { section: 'money', label: 'settings.sections.money' },
  { section: 'shop', label: 'settings.sections.shop' }
];

export const NAV: NavItem[] = [
  { href: '/orders', label: 'nav.orders', group: 'office', section: 'orders' },
  { href: '/orders/new', label: 'orderflow.nav', group: 'office', section: 'orders' },
  { href: '/customers', label: 'customers.nav', group: 'office', section: 'orders' },
  { href: '/mail', label: 'mail.nav', group: 'office', section: 'orders' },
  { href: '/stock', label: 'stock.nav', group: 'office', section: 'warehouse' },
  { href: '/products', label: 'catalogue.nav', group: 'office', section: 'warehouse' },
  { href: '/stock/receive', label: 'catalogue.receive.nav', group: 'office', section: 'warehouse' },
  { href: '/shipping', label: 'shipping.nav', group: 'packer', section: 'warehouse' },
  { href: '/pack', label: 'nav.packing', group: 'packer', section: 'warehouse' },
  { href: '/payments', label: 'payments.nav', group: 'office', section: 'money' },
  { href: '/settings', label: 'settings.nav', group: 'manager', section: 'shop' },
  { href: '/staff', label: 'staff.nav', group: 'manager', section: 'shop' },
  { href: '/settings/documents', label: 'documents.settings.nav', group: 'office', section: 'shop' },
  { href: '/pack/setup', label: 'nav.tablets', group: 'manager', section: 'shop' },
  { href: '/settings/integrations', label: 'integrations.nav', group: 'manager', section: 'shop' }
];

export function navFor(role: Role | undefined): NavItem[] {
  return role ? NAV.filter((item) => hasRole(role, item.group)) : [];
}

/** the role's entries by section, empty sections left out */
export function navSections(role: Role | undefined): { section: NavSection; label: string; items: NavItem[] }[] {
  const items = navFor(role);
  return NAV_SECTIONS.map((s) => ({ ...s, items: items.filter((i) => i.section === s.section) })).filter((s) => s.items.length > 0);
}

/** the most specific entry that contains the path, so /orders/new does not also light up /orders */
export function currentHref(path: string, items: NavItem[]): string | undefined {
  return items
    .filter((i) => path === i.href || path.startsWith(`${i.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
}

/** office pages a packer may open (everything else sends them to the tablet app) */
export function packerMayOpen(path: string): boolean {
  return path === '/shipping' || path.startsWith('/shipping/');
}
