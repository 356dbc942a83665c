// Texts and blocks most e-mails share: greeting, the lines table with totals, addresses and
// the footer. Each topic keeps its own texts in its own file, English and German side by side.
import type { ShopInfo } from '$lib/documents';
import type { Address, Locale, OrderLineRecord, OrderRecord, PaymentMethod } from '../../pocketbase/records';
import type { Block, FactsBlock } from '../render/compose';
import type { TemplateContext } from './context';

const en = {
  hello: (name: string) => (name.trim() ? `Hello ${name.trim()},` : 'Hello,'),
  questions: 'Questions? Just reply to this e-mail.',
  regards: (shop: string) => `Kind regards,\n${shop}`,
  item: 'Item',
  qty: 'Qty',
  amount: 'Amount',
  subtotal: 'Subtotal',
  shipping: 'Shipping',
  free: 'free',
  total: 'Total',
  inclTax: 'incl. VAT',
  order: 'Order',
  orderDate: 'Order date',
  customer: 'Customer',
  email: 'E-mail',
  phone: 'Phone',
  payment: 'Payment',
  deliveryAddress: 'Delivery address',
  collectAt: 'Collect your order at',
  openingHours: 'Opening hours',
  paymentMethods: { card: 'Card', online_banking: 'Online banking', cheque: 'Cheque', cash: 'Cash' } satisfies Record<PaymentMethod, string>
};
export type CommonStrings = typeof en;

const de: CommonStrings = {
  hello: (name) => (name.trim() ? `Hallo ${name.trim()},` : 'Hallo,'),
  questions: 'Fragen? Antworten Sie einfach auf diese E-Mail.',
  regards: (shop) => `Viele Grüße\n${shop}`,
  item: 'Artikel',
  qty: 'Menge',
  amount: 'Betrag',
  subtotal: 'Zwischensumme',
  shipping: 'Versand',
  free: 'kostenlos',
  total: 'Gesamt',
  inclTax: 'inkl. MwSt.',
  order: 'Bestellung',
  orderDate: 'Bestelldatum',
  customer: 'Kunde',
  email: 'E-Mail',
  phone: 'Telefon',
  payment: 'Zahlung',
  deliveryAddress: 'Lieferadresse',
  collectAt: 'Abholung bei',
  openingHours: 'Öffnungszeiten',
  paymentMethods: { card: 'Karte', online_banking: 'Online-Banking', cheque: 'Scheck', cash: 'Barzahlung' }
};

export const common: Record<Locale, CommonStrings> = { en, de };

/** The order's lines with subtotal, shipping and total; `qty` (line id -> units) shows one parcel. */
export function linesBlock(ctx: TemplateContext, order: OrderRecord, lines: OrderLineRecord[], opts: { totals?: boolean; qty?: Map<string, number> } = {}): Block {
  const c = common[ctx.locale];
  const money = (cents: number) => ctx.money(cents, order.currency);
  const rows = lines
    .map((l) => ({ line: l, qty: opts.qty ? (opts.qty.get(l.id) ?? 0) : l.qty }))
    .filter((r) => r.qty > 0)
    .map(({ line, qty }) => ({ name: line.name, sku: line.sku, qty, amount: money(line.unit_price_cents * qty) }));
  const totals =
    opts.totals === false
      ? []
      : [
          { label: c.subtotal, value: money(order.subtotal_cents) },
          { label: c.shipping, value: order.shipping_cents ? money(order.shipping_cents) : c.free },
          { label: c.total, value: money(order.total_cents), strong: true },
          ...(order.tax_cents ? [{ label: c.inclTax, value: money(order.tax_cents) }] : [])
        ];
  return { kind: 'lines', head: { item: c.item, qty: c.qty, amount: c.amount }, rows, totals };
}

export function addressLines(a: Address | null | undefined): string[] {
  if (!a) return [];
  return [a.name, a.company, a.street, `${a.postcode} ${a.city}`.trim(), a.country].filter((s): s is string => !!s?.trim());
}

/** Where the goods go: the delivery address, or the shop for Click & Collect. */
export function destinationBlock(ctx: TemplateContext, order: OrderRecord): Block | null {
  const c = common[ctx.locale];
  if (order.fulfilment_method === 'collect') {
    return { kind: 'box', title: c.collectAt, lines: [ctx.shop.name, ...addressLines(ctx.shop.address)] };
  }
  const lines = addressLines(order.shipping_address);
  return lines.length ? { kind: 'box', title: c.deliveryAddress, lines } : null;
}

export function orderFacts(ctx: TemplateContext, order: OrderRecord): FactsBlock {
  const c = common[ctx.locale];
  const rows: [string, string][] = [
    [c.order, `#${order.number}`],
    [c.orderDate, ctx.dateTime(order.placed_at || order.created)]
  ];
  if (order.payment_method) rows.push([c.payment, c.paymentMethods[order.payment_method]]);
  return { kind: 'facts', rows };
}

export function closing(ctx: TemplateContext): Block[] {
  const c = common[ctx.locale];
  return [
    { kind: 'p', text: c.questions },
    { kind: 'p', text: c.regards(ctx.shop.name) }
  ];
}

export function footer(shop: ShopInfo): string[] {
  const address = shop.address ? [shop.address.street, `${shop.address.postcode} ${shop.address.city}`].filter(Boolean).join(', ') : '';
  return [shop.name, address, [shop.email, shop.phone].filter(Boolean).join(' · ')].filter(Boolean);
}

export const url = (ctx: TemplateContext, path: string) => `${ctx.appUrl}${path}`;
