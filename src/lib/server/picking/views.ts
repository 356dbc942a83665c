// What the packing bench may see (F14): the pick queue and one order's lines with bins,
// ship-to name and packing notes. Built field by field from the records, so a field added to
// orders later never reaches a tablet by accident: no prices, payments, e-mail or phone.
import { AppError } from '../errors';
import { collection, filterValue, isNotFound } from '../pocketbase/client';
import type { OrderLineRecord, OrderRecord, ProductRecord, StaffRecord } from '../pocketbase/records';

/** An order is on the pick queue while it is placed, paid and not yet packed (`of`: 'order.' for its lines). */
export const pickQueueFilter = (of = '') =>
  `${of}status = 'placed' && ${of}payment_status = 'paid' && ${of}hold_released = false && (${of}fulfilment_status = 'unfulfilled' || ${of}fulfilment_status = 'picking')`;

export type Pickability = 'pickable' | 'cancelled' | 'packed' | 'not_ready';

export function pickability(o: Pick<OrderRecord, 'status' | 'payment_status' | 'fulfilment_status' | 'hold_released'>): Pickability {
  if (o.status === 'cancelled') return 'cancelled';
  if (o.status !== 'placed' || o.payment_status !== 'paid' || o.hold_released) return 'not_ready';
  if (o.fulfilment_status === 'unfulfilled' || o.fulfilment_status === 'picking') return 'pickable';
  return 'packed';
}

export const shipToName = (o: Pick<OrderRecord, 'shipping_address' | 'customer_name'>) => o.shipping_address?.name || o.customer_name;

export interface PackOrderSummary {
  id: string;
  number: number;
  shipToName: string;
  fulfilmentMethod: OrderRecord['fulfilment_method'];
  fulfilmentStatus: OrderRecord['fulfilment_status'];
  placedAt: string;
  updated: string;
  units: number;
  picked: number;
}

export interface PackLine {
  id: string;
  updated: string;
  product: string;
  sku: string;
  name: string;
  qty: number;
  picked: number;
  position: number;
  bin: string;
  gtins: string[];
  /** F40: added by an exchange (picked like any other line; the tablet says why it is there) */
  exchange?: boolean;
}

export interface PackNote {
  id: string;
  updated: string;
  body: string;
  author: string;
  created: string;
}

export interface PackActivity {
  id: string;
  updated: string;
  order_line: string;
  qty: number;
  staff: string;
  staff_name: string;
  undoes: string;
  client_scan_id: string;
  created: string;
}

export interface PackOrder {
  order: {
    id: string;
    number: number;
    updated: string;
    shipToName: string;
    fulfilmentMethod: OrderRecord['fulfilment_method'];
    fulfilmentStatus: OrderRecord['fulfilment_status'];
    pickability: Pickability;
  };
  lines: PackLine[];
  notes: PackNote[];
  activity: PackActivity[];
}

type LineWithProduct = OrderLineRecord & { expand?: { product?: ProductRecord } };
/** picks (1764000010, 1764400001): one scan, or the undo of one (`undoes`, a negative qty) */
export interface PickRecord {
  id: string;
  order: string;
  order_line: string;
  qty: number;
  code: string;
  staff: string;
  device: string;
  undoes: string;
  client_scan_id: string;
  created: string;
  expand?: { staff?: StaffRecord };
}
declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    picks: PickRecord;
  }
}

export function packLine(l: LineWithProduct): PackLine {
  const p = l.expand?.product;
  return {
    id: l.id,
    updated: l.updated,
    product: l.product,
    sku: l.sku,
    name: l.name,
    qty: l.qty,
    picked: l.picked,
    position: l.position,
    bin: p?.bin ?? '',
    gtins: Array.isArray(p?.gtins) ? p.gtins : [],
    exchange: Boolean(l.exchange_return)
  };
}

export function packActivity(p: PickRecord): PackActivity {
  return {
    id: p.id,
    updated: p.created,
    order_line: p.order_line,
    qty: p.qty,
    staff: p.staff,
    staff_name: p.expand?.staff?.name ?? '',
    undoes: p.undoes ?? '',
    client_scan_id: p.client_scan_id,
    created: p.created
  };
}

export async function getOrderForPacking(id: string): Promise<OrderRecord> {
  try {
    return await collection('orders').getOne(id);
  } catch (e) {
    if (isNotFound(e)) throw new AppError('NOT_FOUND', 'pack.errors.order_unknown', 'This order does not exist.');
    throw e;
  }
}

export async function packLines(orderId: string): Promise<PackLine[]> {
  const lines = await collection('order_lines').getFullList<LineWithProduct>({ filter: `order = ${filterValue(orderId)}`, sort: 'position,created', expand: 'product' });
  return lines.map(packLine);
}

export async function getPackOrder(id: string): Promise<PackOrder> {
  const byOrder = `order = ${filterValue(id)}`;
  const [order, lines, notes, picks] = await Promise.all([
    getOrderForPacking(id),
    packLines(id),
    collection('order_notes').getFullList({ filter: `${byOrder} && visibility = 'packing'`, sort: 'created', expand: 'author' }),
    collection('picks').getList(1, 30, { filter: byOrder, sort: '-created', expand: 'staff', skipTotal: true })
  ]);
  return {
    order: {
      id: order.id,
      number: order.number,
      updated: order.updated,
      shipToName: shipToName(order),
      fulfilmentMethod: order.fulfilment_method,
      fulfilmentStatus: order.fulfilment_status,
      pickability: pickability(order)
    },
    lines,
    notes: notes.map((n) => ({ id: n.id, updated: n.updated, body: n.body, author: n.expand?.author?.name ?? '', created: n.created })),
    activity: picks.items.map(packActivity).reverse()
  };
}

/** Paid orders waiting to be picked, oldest first, with how far picking has got. */
export async function listPickQueue(): Promise<PackOrderSummary[]> {
  const [orders, lines] = await Promise.all([
    collection('orders').getFullList({ filter: pickQueueFilter(), sort: 'placed_at,number' }),
    collection('order_lines').getFullList({ filter: pickQueueFilter('order.'), fields: 'order,qty,picked' })
  ]);
  const progress = new Map<string, { units: number; picked: number }>();
  for (const l of lines) {
    const p = progress.get(l.order) ?? { units: 0, picked: 0 };
    p.units += l.qty;
    p.picked += l.picked;
    progress.set(l.order, p);
  }
  return orders.map((o) => ({
    id: o.id,
    number: o.number,
    shipToName: shipToName(o),
    fulfilmentMethod: o.fulfilment_method,
    fulfilmentStatus: o.fulfilment_status,
    placedAt: o.placed_at,
    updated: o.updated,
    ...(progress.get(o.id) ?? { units: 0, picked: 0 })
  }));
}

/** The order behind a packing slip's barcode (or a typed number). */
export async function findOrderByNumber(number: number) {
  const found = await collection('orders').getList(1, 1, { filter: `number = ${filterValue(number)}`, skipTotal: true });
  const order = found.items[0];
  if (!order) throw new AppError('NOT_FOUND', 'pack.errors.order_number_unknown', `There is no order ${number}.`, { number });
  // issue #12, finding 2: the bench opens orders that are (or were) on the packing floor only;
  // an unpaid order or a draft is the office's, and a packer learns nothing of it
  const state = pickability(order);
  if (state === 'not_ready') throw new AppError('NOT_FOUND', 'pack.errors.order_not_on_floor', `Order ${number} is not on the packing floor: it is not paid yet.`, { number });
  return { id: order.id, number: order.number, pickability: state };
}
