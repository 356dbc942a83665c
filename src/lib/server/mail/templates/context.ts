// What a template gets besides its data: the locale, the shop, formatting in the shop's time
// zone, and loaders for the records it names by id (read at send time, so a retried mail
// shows the order as it is now).
import type { ShopInfo } from '$lib/documents';
import { formatDate, formatDateTime } from '$lib/documents/pdf/format';
import { formatMoney } from '$lib/money';
import { PermanentDeliveryError } from '../../outbox/errors';
import { collection, filterValue, isNotFound } from '../../pocketbase/client';
import type { CollectionName, Collections } from '../../pocketbase/collections';
import type { Locale, OrderLineRecord, OrderRecord } from '../../pocketbase/records';
import { loadShop, type PaymentRecord } from '../document-input';
import { mailConfig } from '../config';

export interface ShipmentRecord {
  id: string;
  order: string;
  courier: string;
  carrier: string;
  tracking_number: string;
  tracking_url: string;
  status: string;
  shipped_at: string;
}

export interface ShipmentLineRecord {
  id: string;
  shipment: string;
  order_line: string;
  qty: number;
}

export interface TemplateContext {
  locale: Locale;
  /** BCP 47 tag for Intl */
  lang: string;
  shop: ShopInfo;
  /** public base URL without a trailing slash */
  appUrl: string;
  /** integer minor units -> "12,34 €" */
  money(cents: number, currency: string): string;
  /** in the shop's time zone */
  dateTime(iso: string): string;
  date(iso: string): string;
  order(id: string): Promise<OrderRecord>;
  lines(orderId: string): Promise<OrderLineRecord[]>;
  payments(orderId: string): Promise<PaymentRecord[]>;
  shipment(id: string): Promise<ShipmentRecord>;
  shipmentLines(shipmentId: string): Promise<ShipmentLineRecord[]>;
}

const LANG: Record<Locale, string> = { en: 'en-GB', de: 'de-DE' };

async function getOne<K extends CollectionName>(name: K, id: string): Promise<Collections[K]> {
  try {
    return await collection(name).getOne(id);
  } catch (e) {
    if (isNotFound(e)) throw new PermanentDeliveryError(`${name} ${id} does not exist`, { cause: e });
    throw e;
  }
}

const byField = (field: string, id: string) => ({ filter: `${field} = ${filterValue(id)}` });
const pbDate = (iso: string) => iso.replace(' ', 'T');

export async function templateContext(locale: Locale, shop?: ShopInfo): Promise<TemplateContext> {
  const theShop = shop ?? (await loadShop());
  const lang = LANG[locale];
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    if (!memo.has(key)) memo.set(key, load());
    return memo.get(key) as Promise<T>;
  };
  return {
    locale,
    lang,
    shop: theShop,
    appUrl: mailConfig().appUrl,
    money: (cents, currency) => formatMoney(cents, currency, lang),
    dateTime: (iso) => formatDateTime(pbDate(iso), lang, theShop.timeZone),
    date: (iso) => formatDate(pbDate(iso), lang, theShop.timeZone),
    order: (id) => once(`order:${id}`, () => getOne('orders', id)),
    lines: (orderId) =>
      once(`lines:${orderId}`, () =>
        collection('order_lines').getFullList({ ...byField('order', orderId), sort: 'position,created' })
      ),
    payments: (orderId) =>
      once(`payments:${orderId}`, () => collection('payments').getFullList<PaymentRecord>({ ...byField('order', orderId), sort: 'created' })),
    shipment: (id) => once(`shipment:${id}`, () => getOne('shipments', id)),
    shipmentLines: (shipmentId) =>
      once(`shipment_lines:${shipmentId}`, () => collection('shipment_lines').getFullList(byField('shipment', shipmentId)))
  };
}
