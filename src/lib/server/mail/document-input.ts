// Order records -> the plain DocumentInput the jsPDF documents are drawn from. Used for mail
// attachments (the receipt) and by anyone who renders a document on the server.
import { dictionary } from '$lib/documents/i18n';
import type { Address as DocAddress, DocLine, DocPayment, DocumentInput, Format, Locale, ShopInfo } from '$lib/documents';
import { collection, filterValue } from '../pocketbase/client';
import { DEFAULT_SHOP, shopSetting, shopTimeZone } from '../shop/settings';
import type { Address, OrderLineRecord, OrderRecord, PaymentMethod } from '../pocketbase/records';


/** an order line, a credit-note line (a price and tax snapshot) as a document line */
export const docLine = (l: { sku: string; name: string; qty: number; unit_price_cents: number; tax_rate_bp: number }): DocLine => ({
  sku: l.sku,
  name: l.name,
  qty: l.qty,
  unitPriceCents: l.unit_price_cents,
  taxRateBp: l.tax_rate_bp
});

export interface PaymentRecord {
  id: string;
  order: string;
  method: PaymentMethod;
  amount_cents: number;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed' | 'refunded';
  bank_reference: string;
  provider_event_at: string;
  created: string;
}

/** PocketBase dates ("2026-01-02 10:00:00.000Z") as ISO strings. */
export function isoDate(value: string | undefined | null): string {
  return value ? value.replace(' ', 'T') : '';
}

/** The 'shop' setting as the documents print it. */
export async function loadShop(): Promise<ShopInfo> {
  const shop = await shopSetting.get();
  return {
    name: shop.name.trim() || DEFAULT_SHOP.name,
    address: shop.address,
    email: shop.email || undefined,
    phone: shop.phone || undefined,
    vatId: shop.vatId || undefined,
    bankDetails: shop.bankDetails || undefined,
    paymentTermsDays: shop.paymentTermsDays ?? undefined,
    timeZone: shopTimeZone(shop),
    currency: shop.currency,
    openingHours: shop.openingHours || undefined
  };
}

const address = (a: Address | null | undefined): DocAddress | null =>
  a && a.street ? { name: a.name, company: a.company || undefined, street: a.street, postcode: a.postcode, city: a.city, country: a.country } : null;

export interface DocumentSource {
  shop: ShopInfo;
  order: OrderRecord;
  lines: OrderLineRecord[];
  payments?: PaymentRecord[];
  locale: Locale;
  format?: Format;
}

/** Pure mapping; payments that did not succeed are left out. */
export function toDocumentInput({ shop, order, lines, payments = [], locale, format = 'a4' }: DocumentSource): DocumentInput {
  const method = order.payment_method || undefined;
  return {
    shop,
    locale,
    format,
    order: {
      number: order.number,
      placedAt: isoDate(order.placed_at || order.created),
      customerName: order.customer_name,
      email: order.email || undefined,
      shippingAddress: address(order.shipping_address),
      billingAddress: address(order.billing_address),
      fulfilmentMethod: order.fulfilment_method,
      paymentMethod: method ? dictionary(locale).paymentMethods[method] : undefined,
      invoiceNumber: order.invoice_number || undefined,
      currency: order.currency,
      shippingCents: order.shipping_cents
    },
    lines: [...lines]
      .sort((a, b) => a.position - b.position)
      .map(docLine),
    payments: payments
      .filter((p) => p.status === 'succeeded')
      .map(
        (p): DocPayment => ({
          method: p.method,
          amountCents: p.amount_cents,
          paidAt: isoDate(p.provider_event_at || p.created),
          bankReference: p.bank_reference || undefined
        })
      )
  };
}

/** Loads an order with its lines, payments and the shop settings. */
export async function loadDocumentInput(orderId: string, opts: { locale: Locale; format?: Format }): Promise<DocumentInput> {
  const byOrder = { filter: `order = ${filterValue(orderId)}` };
  const [shop, order, lines, payments] = await Promise.all([
    loadShop(),
    collection('orders').getOne(orderId),
    collection('order_lines').getFullList({ ...byOrder, sort: 'position,created' }),
    collection('payments').getFullList<PaymentRecord>({ ...byOrder, sort: 'created' })
  ]);
  return toDocumentInput({ shop, order, lines, payments, ...opts });
}
