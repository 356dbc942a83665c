// F26 CSV export of any filtered queue view: the orders (optionally one row per line),
// streamed page by page along the same keyset as the queue, for Excel as German users open it:
// UTF-8 with BOM, ';' between fields, decimal comma, dates in the shop's time zone.
import { stringify } from 'csv-stringify/sync';
import { minorDigits } from '$lib/money';
import type { QueueView } from '$lib/orders/view';
import { collection } from '../pocketbase/client';
import type { OrderLineRecord, OrderRecord } from '../pocketbase/records';
import { anyOf, inSlices } from '../pocketbase/where-in';
import { shopSetting, shopTimeZone } from '../shop/settings';
import { keyset, viewFilter } from './search';

export const BOM = '\uFEFF';
const PAGE = 500;
const FIELDS = 'id,number,placed_at,created,status,payment_status,payment_method,fulfilment_status,fulfilment_method,customer_name,email,phone,invoice_number,total_cents,currency';
type ExportOrder = Pick<OrderRecord, 'id' | 'number' | 'placed_at' | 'created' | 'status' | 'payment_status' | 'payment_method' | 'fulfilment_status' | 'fulfilment_method' | 'customer_name' | 'email' | 'phone' | 'invoice_number' | 'total_cents' | 'currency'>;

const ORDER_HEADER = ['number', 'placed', 'status', 'payment_status', 'payment_method', 'fulfilment_status', 'fulfilment_method', 'customer', 'email', 'phone', 'invoice_number', 'total', 'currency'];
const LINE_HEADER = ['sku', 'product', 'qty', 'unit_price'];

function amount(minor: number, currency: string): string {
  const d = minorDigits(currency);
  return new Intl.NumberFormat('de-DE', { minimumFractionDigits: d, maximumFractionDigits: d, useGrouping: false }).format(minor / 10 ** d);
}

function localTime(iso: string, timeZone: string): string {
  if (!iso) return '';
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return f.format(new Date(iso.replace(' ', 'T')));
}

/** how many orders an export of the view holds (its progress bar's end) */
export async function exportCount(view: QueueView): Promise<number> {
  const { filter, empty } = await viewFilter({ ...view, after: undefined });
  if (empty) return 0;
  return (await collection('orders').getList(1, 1, { filter, fields: 'id' })).totalItems;
}

/** the CSV text, chunk by chunk (BOM and header first); one chunk per page of orders */
export async function* exportCsv(view: QueueView, opts: { lines: boolean; pageSize?: number }): AsyncGenerator<string> {
  const size = opts.pageSize ?? PAGE;
  const tz = shopTimeZone(await shopSetting.get());
  const { filter, empty, byPlaced } = await viewFilter({ ...view, after: undefined });
  const csv = (rows: (string | number)[][]) => stringify(rows, { delimiter: ';', record_delimiter: 'windows' });
  yield BOM + csv([opts.lines ? [...ORDER_HEADER, ...LINE_HEADER] : ORDER_HEADER]);
  if (empty) return;
  let after: number | null = null;
  for (;;) {
    const next = await keyset(byPlaced, after === null ? undefined : String(after));
    const page: { items: ExportOrder[] } = await collection('orders').getList<ExportOrder>(1, size, {
        filter: [filter, next.filter].filter(Boolean).join(' && '),
        sort: next.sort,
        fields: FIELDS,
        skipTotal: true
      });
    if (!page.items.length) return;
    const byOrder = new Map<string, Pick<OrderLineRecord, 'order' | 'sku' | 'name' | 'qty' | 'unit_price_cents'>[]>();
    if (opts.lines) {
      const lines = await inSlices(
        page.items.map((o: ExportOrder) => o.id),
        2,
        (ids) => collection('order_lines').getFullList({ filter: anyOf('order', ids), sort: 'position,created', fields: 'order,sku,name,qty,unit_price_cents' })
      );
      for (const l of lines) byOrder.set(l.order, [...(byOrder.get(l.order) ?? []), l]);
    }
    const rows: (string | number)[][] = [];
    for (const o of page.items) {
      const row = [
        o.number,
        localTime(o.placed_at || o.created, tz),
        o.status,
        o.payment_status,
        o.payment_method,
        o.fulfilment_status,
        o.fulfilment_method,
        o.customer_name,
        o.email,
        o.phone,
        o.invoice_number,
        amount(o.total_cents, o.currency),
        o.currency
      ];
      if (!opts.lines) rows.push(row);
      else {
        const lines = byOrder.get(o.id) ?? [];
        if (!lines.length) rows.push([...row, '', '', '', '']);
        for (const l of lines) rows.push([...row, l.sku, l.name, l.qty, amount(l.unit_price_cents, o.currency)]);
      }
    }
    yield csv(rows);
    if (page.items.length < size) return;
    after = page.items[page.items.length - 1].number;
  }
}
