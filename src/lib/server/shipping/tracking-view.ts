// The customer's tracking page (F24): what the holder of the order's tracking link may see.
// Built field by field from the records, so nothing is shown by accident: no internal
// notes, staff names, payment details, e-mail, phone or the customer's address.
import type { ShopInfo } from '$lib/documents';
import { AppError } from '../errors';
import { loadShop } from '../mail/document-input';
import { collection, filterValue } from '../pocketbase/client';
import type { OrderLineRecord } from '../pocketbase/records';
import { lineStates } from './line-states';
import { carrierName, deliveredByLine, ORDER_FIELDS } from './queries';
import type { ShipmentLineRecord, ShipmentRecord, ShippableOrder } from './records';
import { courierSettings } from './settings';
import { trackingCache } from './tracking-cache';

/** base64url, at least 128 bits: anything else is not a token and costs no database read */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

export type { CustomerState, TrackingView } from './tracking-types';
import type { CustomerState, TrackingView } from './tracking-types';

/** The same answer for a wrong, malformed or expired link. */
export const notFound = () => new AppError('NOT_FOUND', 'track.not_found', 'We could not find this order. Please check the link in your e-mail.');

type OrderWithRelations = ShippableOrder & {
  expand?: {
    order_lines_via_order?: OrderLineRecord[];
    shipments_via_order?: (ShipmentRecord & { expand?: { shipment_lines_via_shipment?: ShipmentLineRecord[] } })[];
  };
};

// the order with its lines, parcels and parcel lines in ONE PocketBase request (back-relation expands)
const WITH_RELATIONS = 'order_lines_via_order,shipments_via_order.shipment_lines_via_shipment';

function expired(order: ShippableOrder, days: number, now: number): boolean {
  if (order.status === 'draft') return true;
  const placed = Date.parse((order.placed_at || order.created).replace(' ', 'T'));
  return Number.isFinite(placed) && now - placed > days * 86_400_000;
}

async function findByToken(token: string, expand?: string): Promise<OrderWithRelations | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const [found, settings] = await Promise.all([
    collection('orders').getList<OrderWithRelations>(1, 1, { filter: `tracking_token = ${filterValue(token)}`, ...(expand ? { expand } : { fields: ORDER_FIELDS }) }),
    courierSettings()
  ]);
  const order = found.items[0];
  return order && !expired(order, settings.trackingLinkDays, Date.now()) ? order : null;
}

/** The order behind a tracking token, or null when the link is wrong or has expired. */
export function orderForToken(token: string): Promise<ShippableOrder | null> {
  return findByToken(token);
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
    // F39/F40: some of it came back; to the customer the order stays delivered or shipped
    case 'partially_returned':
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
          state: ['collected', 'partially_returned', 'returned'].includes(order.fulfilment_status) ? 'collected' : order.fulfilment_status === 'ready_for_pickup' ? 'ready' : 'preparing',
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

/** Dates of the pickup steps, from the order's timeline (Click & Collect only). */
function loadPickupEvents(order: ShippableOrder): Promise<{ type: string; created: string }[]> {
  if (order.fulfilment_method !== 'collect') return Promise.resolve([]);
  return collection('order_events')
    .getFullList<{ type: string; created: string }>({ filter: `order = ${filterValue(order.id)} && (type = 'ready_for_pickup' || type = 'collected')`, fields: 'type,created' });
}

const byPosition = (a: OrderLineRecord, b: OrderLineRecord) => a.position - b.position || a.created.localeCompare(b.created);
const byCreated = (a: { created: string; id: string }, b: { created: string; id: string }) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id);

/** The customer view for a tracking token, or null for a wrong or expired link. */
export async function trackingViewFor(token: string, opts: { fresh?: boolean } = {}): Promise<TrackingView | null> {
  const cached = opts.fresh ? null : trackingCache.get(token);
  if (cached) return cached;
  const order = await findByToken(token, WITH_RELATIONS);
  if (!order) return null;
  const { order_lines_via_order: lines = [], shipments_via_order: shipments = [] } = order.expand ?? {};
  const [events, shopInfo] = await Promise.all([loadPickupEvents(order), loadShop()]);
  const view = projectTracking(
    order,
    [...lines].sort(byPosition),
    [...shipments].sort(byCreated),
    shipments.flatMap((s) => s.expand?.shipment_lines_via_shipment ?? []).sort(byCreated),
    shopInfo,
    events
  );
  trackingCache.set(token, order.id, view);
  return view;
}

export async function trackingView(token: string): Promise<TrackingView> {
  const view = await trackingViewFor(token);
  if (!view) throw notFound();
  return view;
}
