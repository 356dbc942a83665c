// The customer's tracking page (F24): what the holder of the order's tracking link may see.
// Built field by field from the records, so nothing is shown by accident: no internal
// notes, staff names, payment details, e-mail, phone or the customer's address.
import type { ShopInfo } from '$lib/documents';
import { AppError } from '../errors';
import { loadShop } from '../mail/document-input';
import { filterValue, pb } from '../pocketbase/client';
import type { OrderLineRecord } from '../pocketbase/records';
import { lineStates, type LineStates } from './line-states';
import { carrierName, deliveredByLine, ORDER_FIELDS } from './queries';
import type { ShipmentLineRecord, ShipmentRecord, ShipmentStatus, ShippableOrder } from './records';
import { courierSettings } from './settings';

/** base64url, at least 128 bits: anything else is not a token and costs no database read */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

export type CustomerState = 'received' | 'processing' | 'partially_shipped' | 'shipped' | 'delivered' | 'ready_for_pickup' | 'collected' | 'returned' | 'cancelled';

export interface TrackingView {
  order: { number: number; placedAt: string; state: CustomerState; method: 'ship' | 'collect'; locale: 'en' | 'de' };
  lines: { name: string; qty: number; states: LineStates }[];
  parcels: {
    number: number;
    carrier: string;
    trackingNumber: string;
    trackingUrl: string;
    status: ShipmentStatus;
    shippedAt: string;
    items: { name: string; qty: number }[];
    events: { status: ShipmentStatus | null; at: string; location: string; description: string }[];
  }[];
  pickup: {
    state: 'preparing' | 'ready' | 'collected';
    shopName: string;
    address: { name: string; street: string; postcode: string; city: string; country: string } | null;
    openingHours: string;
    readyAt: string;
    collectedAt: string;
  } | null;
  /** newest change behind this view: live updates older than what is shown are dropped */
  updated: string;
}

/** The same answer for a wrong, malformed or expired link. */
export const notFound = () => new AppError('NOT_FOUND', 'track.not_found', 'We could not find this order. Please check the link in your e-mail.');

let shopCache: { at: number; value: Promise<ShopInfo> } | null = null;
function shop(): Promise<ShopInfo> {
  if (!shopCache || Date.now() - shopCache.at > 30_000) {
    const value = loadShop();
    shopCache = { at: Date.now(), value };
    value.catch(() => (shopCache = null));
  }
  return shopCache.value;
}

/** The order behind a tracking token, or null when the link is wrong or has expired. */
export async function orderForToken(token: string, now = Date.now()): Promise<ShippableOrder | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const [found, settings] = await Promise.all([
    pb().collection('orders').getList<ShippableOrder>(1, 1, { filter: `tracking_token = ${filterValue(token)}`, fields: ORDER_FIELDS }),
    courierSettings()
  ]);
  const order = found.items[0];
  if (!order || order.status === 'draft') return null;
  const placed = Date.parse((order.placed_at || order.created).replace(' ', 'T'));
  if (Number.isFinite(placed) && now - placed > settings.trackingLinkDays * 86_400_000) return null;
  return order;
}

function customerState(order: ShippableOrder, shipments: ShipmentRecord[]): CustomerState {
  if (order.status === 'cancelled') return 'cancelled';
  switch (order.fulfilment_status) {
    case 'unfulfilled':
      return 'received';
    case 'picking':
    case 'packed':
      return 'processing';
    case 'shipped':
      return shipments.length > 0 && shipments.every((s) => s.status === 'delivered' || s.status === 'cancelled') ? 'delivered' : 'shipped';
    default:
      return order.fulfilment_status;
  }
}

const iso = (v: string) => (v ? v.replace(' ', 'T') : '');
const newest = (values: string[]) => values.reduce((a, b) => (b > a ? b : a), '');

/** Pure: records in, the customer's view out. */
export function projectTracking(
  order: ShippableOrder,
  lines: OrderLineRecord[],
  allShipments: ShipmentRecord[],
  shipmentLines: ShipmentLineRecord[],
  shopInfo: ShopInfo,
  pickupEvents: { type: string; created: string }[]
): TrackingView {
  const shipments = allShipments.filter((s) => s.status !== 'cancelled');
  const delivered = deliveredByLine(shipments, shipmentLines);
  const names = new Map(lines.map((l) => [l.id, l.name]));
  const eventAt = (type: string) => iso(pickupEvents.filter((e) => e.type === type).map((e) => e.created).sort().at(-1) ?? '');
  const collect = order.fulfilment_method === 'collect';
  return {
    order: { number: order.number, placedAt: iso(order.placed_at || order.created), state: customerState(order, shipments), method: order.fulfilment_method, locale: order.locale || 'en' },
    lines: lines.map((l) => ({ name: l.name, qty: l.qty, states: lineStates(l, delivered.get(l.id) ?? 0) })),
    parcels: shipments.map((s, i) => ({
      number: i + 1,
      carrier: s.status === 'draft' ? '' : carrierName(s.courier, s.carrier),
      trackingNumber: s.tracking_number,
      trackingUrl: s.tracking_url,
      status: s.status,
      shippedAt: iso(s.shipped_at),
      items: shipmentLines.filter((sl) => sl.shipment === s.id).map((sl) => ({ name: names.get(sl.order_line) ?? '', qty: sl.qty })),
      events: (s.events ?? [])
        .filter((e) => !(e.source === 'packbench' && e.status === 'cancelled'))
        .map((e) => ({ status: e.status, at: e.at, location: e.location, description: e.description }))
    })),
    pickup: collect
      ? {
          state: order.fulfilment_status === 'collected' || order.fulfilment_status === 'returned' ? 'collected' : order.fulfilment_status === 'ready_for_pickup' ? 'ready' : 'preparing',
          shopName: shopInfo.name,
          address: shopInfo.address ? { name: shopInfo.address.name, street: shopInfo.address.street, postcode: shopInfo.address.postcode, city: shopInfo.address.city, country: shopInfo.address.country } : null,
          openingHours: shopInfo.openingHours ?? '',
          readyAt: eventAt('ready_for_pickup'),
          collectedAt: eventAt('collected')
        }
      : null,
    updated: newest([order.updated, ...lines.map((l) => l.updated), ...allShipments.map((s) => s.updated), ...pickupEvents.map((e) => e.created)])
  };
}

/** The view for a known order (the live updates recompute it after every change). */
export async function trackingViewOf(order: ShippableOrder): Promise<TrackingView> {
  const byOrder = `order = ${filterValue(order.id)}`;
  const [lines, shipments, shipmentLines, pickupEvents, shopInfo] = await Promise.all([
    pb().collection('order_lines').getFullList<OrderLineRecord>({ filter: byOrder, sort: 'position,created', fields: 'id,name,qty,picked,shipped,returned,updated' }),
    pb().collection('shipments').getFullList<ShipmentRecord>({ filter: byOrder, sort: 'created,id' }),
    pb().collection('shipment_lines').getFullList<ShipmentLineRecord>({ filter: `shipment.order = ${filterValue(order.id)}`, sort: 'created' }),
    order.fulfilment_method === 'collect'
      ? pb().collection('order_events').getFullList<{ type: string; created: string }>({ filter: `${byOrder} && (type = 'ready_for_pickup' || type = 'collected')`, fields: 'type,created' })
      : Promise.resolve([]),
    shop()
  ]);
  return projectTracking(order, lines, shipments, shipmentLines, shopInfo, pickupEvents);
}

export async function trackingView(token: string): Promise<TrackingView> {
  const order = await orderForToken(token);
  if (!order) throw notFound();
  return trackingViewOf(order);
}
