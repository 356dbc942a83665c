// Read side of shipping: an order with its lines and parcels, and the courier desk's lists.
import { AppError } from '../errors';
import { collection, filterValue, isNotFound } from '../pocketbase/client';
import type { OrderLineRecord } from '../pocketbase/records';
import { CARRIERS, carrier } from './carriers';
import { enabledCouriers } from './couriers';
import { SANDBOX_NAME } from './couriers/sandbox';
import { lineStates } from './line-states';
import type { CourierName, ShipmentLineRecord, ShipmentRecord, ShippableOrder } from './records';
import { courierSettings } from './settings';
import { deskAddressCheck } from '../addresses/desk';

export const ORDER_FIELDS =
  'id,number,status,payment_status,fulfilment_status,fulfilment_method,customer_name,email,phone,shipping_address,locale,tracking_token,version,placed_at,created,updated,currency,address_check_status,address_override_reason,open_returns,courier';

export async function loadOrder(id: string): Promise<ShippableOrder> {
  try {
    return await collection('orders').getOne<ShippableOrder>(id, { fields: ORDER_FIELDS });
  } catch (e) {
    if (isNotFound(e)) throw new AppError('NOT_FOUND', 'orders.not_found', 'This order does not exist.');
    throw e;
  }
}

export interface OrderShipping {
  order: ShippableOrder;
  lines: OrderLineRecord[];
  shipments: ShipmentRecord[];
  shipmentLines: ShipmentLineRecord[];
}

/** Everything shipping knows about one order, read in parallel. */
export async function loadOrderShipping(orderId: string, order?: ShippableOrder): Promise<OrderShipping> {
  const byOrder = `order = ${filterValue(orderId)}`;
  const [o, lines, shipments, shipmentLines] = await Promise.all([
    order ?? loadOrder(orderId),
    collection('order_lines').getFullList({ filter: byOrder, sort: 'position,created' }),
    collection('shipments').getFullList({ filter: byOrder, sort: 'created,id' }),
    collection('shipment_lines').getFullList({ filter: `shipment.order = ${filterValue(orderId)}`, sort: 'created' })
  ]);
  return { order: o, lines, shipments, shipmentLines };
}

/** Units of each line in parcels reported delivered. */
export function deliveredByLine(shipments: ShipmentRecord[], shipmentLines: ShipmentLineRecord[]): Map<string, number> {
  const delivered = new Set(shipments.filter((s) => s.status === 'delivered').map((s) => s.id));
  const out = new Map<string, number>();
  for (const sl of shipmentLines) if (delivered.has(sl.shipment)) out.set(sl.order_line, (out.get(sl.order_line) ?? 0) + sl.qty);
  return out;
}

export function carrierName(courier: CourierName, code: string): string {
  if (courier === 'sandbox') return SANDBOX_NAME;
  if (courier === 'sendcloud') return code && code !== 'sendcloud' ? code.toUpperCase() : 'Sendcloud';
  return carrier(code)?.name ?? code;
}

const carrierChoices = () => CARRIERS.map((c) => ({ code: c.code, name: c.name, example: c.example }));

/** The order page's shipping panel: lines with per-unit states, parcels, what can be chosen. */
export async function orderShippingView(orderId: string, opts: { full?: boolean } = {}) {
  const { order, lines, shipments, shipmentLines } = await loadOrderShipping(orderId);
  const delivered = deliveredByLine(shipments, shipmentLines);
  const lineById = new Map(lines.map((l) => [l.id, l]));
  return {
    order: {
      id: order.id,
      number: order.number,
      status: order.status,
      fulfilment_status: order.fulfilment_status,
      fulfilment_method: order.fulfilment_method,
      /** F42: the courier staff chose for the parcel, '' = the shop's default */
      courier: order.courier ?? '',
      locale: order.locale || 'en',
      version: order.version,
      updated: order.updated,
      // packers get no customer contact and no token (issue #12, finding 2); office and up do
      ...(opts.full ? { email: order.email, trackingPath: `/track/${order.tracking_token}` } : {})
    },
    lines: lines.map((l) => ({
      id: l.id,
      sku: l.sku,
      name: l.name,
      qty: l.qty,
      picked: l.picked,
      shipped: l.shipped,
      remaining: Math.max(0, l.picked - l.shipped),
      states: lineStates(l, delivered.get(l.id) ?? 0)
    })),
    shipments: shipments.map((s, i) => ({
      id: s.id,
      index: i + 1,
      courier: s.courier,
      carrier: s.carrier,
      carrierName: carrierName(s.courier, s.carrier),
      trackingNumber: s.tracking_number,
      trackingUrl: s.tracking_url,
      status: s.status,
      events: s.events ?? [],
      shippedAt: s.shipped_at,
      created: s.created,
      updated: s.updated,
      deliveryEmailAt: s.delivery_email_at,
      lines: shipmentLines
        .filter((sl) => sl.shipment === s.id)
        .map((sl) => ({ orderLine: sl.order_line, sku: lineById.get(sl.order_line)?.sku ?? '', name: lineById.get(sl.order_line)?.name ?? '', qty: sl.qty }))
    })),
    couriers: enabledCouriers(),
    carriers: carrierChoices()
  };
}
export type OrderShippingView = Awaited<ReturnType<typeof orderShippingView>>;

const DESK_LIMIT = 200;
/** orders that may ship; `via` reads them through a relation ('order.') */
const ready = (via = '') =>
  `${via}status = 'placed' && ${via}fulfilment_method = 'ship' && (${via}fulfilment_status = 'packed' || ${via}fulfilment_status = 'partially_shipped')`;

/** Orders with picked units not yet shipped, parcels waiting for the courier, orders to collect. */
export async function deskView() {
  const settings = await courierSettings();
  const [readyOrders, lines, previous, waiting, pickups] = await Promise.all([
    collection('orders').getList<ShippableOrder>(1, DESK_LIMIT, { filter: ready(), sort: 'number', fields: ORDER_FIELDS }),
    collection('order_lines').getFullList({ filter: `(${ready('order.')}) && picked > shipped`, fields: 'id,order,picked,shipped', batch: 1000 }),
    collection('shipments').getFullList({ filter: ready('order.'), fields: 'id,order,courier,created', sort: 'created', batch: 1000 }),
    collection('shipments').getList<ShipmentRecord & { expand?: { order?: ShippableOrder } }>(1, DESK_LIMIT, {
      filter: "status = 'draft' || status = 'label_created'",
      sort: 'created',
      expand: 'order'
    }),
    collection('orders').getList<ShippableOrder>(1, DESK_LIMIT, {
      filter: "status = 'placed' && fulfilment_method = 'collect' && (fulfilment_status = 'packed' || fulfilment_status = 'ready_for_pickup')",
      sort: 'number',
      fields: ORDER_FIELDS
    })
  ]);
  const units = new Map<string, number>();
  for (const l of lines) units.set(l.order, (units.get(l.order) ?? 0) + l.picked - l.shipped);
  const lastCourier = new Map(previous.map((s) => [s.order, s.courier]));
  const enabled = enabledCouriers();
  const defaultCourier = enabled.includes(settings.defaultCourier) ? settings.defaultCourier : 'sandbox';
  // the order's last parcel's courier, else the one staff chose for it (F42), else the default
  const groupOf = (o: ShippableOrder): CourierName => {
    const c = lastCourier.get(o.id) ?? ((o.courier as CourierName) || defaultCourier);
    return enabled.includes(c) ? c : defaultCourier;
  };
  return {
    couriers: enabled,
    carriers: carrierChoices(),
    defaultCourier,
    labelFormat: settings.labelFormat,
    ready: readyOrders.items
      .filter((o) => units.has(o.id))
      .map((o) => ({
        id: o.id,
        number: o.number,
        customerName: o.customer_name,
        country: o.shipping_address?.country ?? '',
        fulfilmentStatus: o.fulfilment_status,
        units: units.get(o.id) ?? 0,
        courier: groupOf(o),
        addressCheck: deskAddressCheck(o)
      })),
    waiting: waiting.items.map((s) => ({
      id: s.id,
      orderId: s.order,
      number: s.expand?.order?.number ?? 0,
      customerName: s.expand?.order?.customer_name ?? '',
      courier: s.courier,
      carrierName: carrierName(s.courier, s.carrier),
      trackingNumber: s.tracking_number,
      status: s.status,
      created: s.created,
      addressCheck: s.expand?.order ? deskAddressCheck(s.expand.order) : null
    })),
    pickups: pickups.items.map((o) => ({ id: o.id, number: o.number, customerName: o.customer_name, fulfilmentStatus: o.fulfilment_status }))
  };
}
export type DeskView = Awaited<ReturnType<typeof deskView>>;
