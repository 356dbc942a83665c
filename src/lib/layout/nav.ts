// The office navigation: which screens each role may open (the server checks again).
// Packers live in the tablet app (/pack) and come here only for the courier desk.
import { hasRole, type RoleGroup } from '$lib/auth/roles';
import type { Role } from '$lib/auth/roles';

export interface NavItem {
  href: string;
  /** i18n key */
  label: string;
  group: RoleGroup;
}

export const NAV: NavItem[] = [
  { href: '/orders', label: 'nav.orders', group: 'office' },
  { href: '/orders/new', label: 'orderflow.nav', group: 'office' },
  { href: '/payments', label: 'payments.nav', group: 'office' },
  { href: '/stock', label: 'stock.nav', group: 'office' },
  { href: '/shipping', label: 'shipping.nav', group: 'packer' },
  { href: '/mail', label: 'mail.nav', group: 'office' },
  { href: '/settings/documents', label: 'documents.settings.nav', group: 'office' },
  { href: '/pack', label: 'nav.packing', group: 'packer' },
  { href: '/pack/setup', label: 'nav.tablets', group: 'manager' },
  { href: '/settings/integrations', label: 'integrations.nav', group: 'manager' }
];

export function navFor(role: Role | undefined): NavItem[] {
  return role ? NAV.filter((item) => hasRole(role, item.group)) : [];
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
