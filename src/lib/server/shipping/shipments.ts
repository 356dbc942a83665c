// Shipping a parcel (F21, F22, F06): some or all of the picked, not yet shipped units of an
// order's lines leave in one parcel. The parcel, its lines, each line's `shipped` count
// (bounded by `picked`), the stock movement per line (on_hand and reserved down, reason
// 'shipped'), the order's fulfilment state and the delivery e-mail are ONE unit of work.
// Integrated couriers then buy the label (labels.ts); a courier outage leaves a draft
// parcel whose label can be created again from the desk.
import { AppError } from '../errors';
import { explainTxFailure } from '../orders/tx-errors';
import { collection, filterValue } from '../pocketbase/client';
import type { OrderLineRecord } from '../pocketbase/records';
import { TxFailure, UnitOfWork, isDuplicateKey } from '../pocketbase/tx';
import { carrier, carrierTrackingUrl, looksValid, normaliseTrackingNumber } from './carriers';
import { courier } from './couriers';
import { queueDeliveryEmail } from './delivery-email';
import { packbenchEvent } from './events';
import { afterParcel, type Who } from './fulfilment';
import { issueLabel } from './labels';
import { ensureAddressReady } from '../addresses/store';
import { loadOrder, loadOrderShipping } from './queries';
import type { CourierName, ShipmentRecord, ShippableOrder } from './records';
import { courierSettings } from './settings';
import { ship } from '../stock/moves';

export interface ParcelLine {
  lineId: string;
  qty: number;
}

export interface CreateShipmentInput {
  orderId: string;
  lines: ParcelLine[];
  courier: CourierName;
  /** manual parcels (F20) */
  carrier?: string;
  trackingNumber?: string;
  /** manual parcels with carrier 'other' */
  trackingUrl?: string;
  /** the person confirmed a tracking number the carrier check did not recognise */
  allowUnusualNumber?: boolean;
  /** client-generated: a retried request creates the parcel once */
  clientId?: string;
}

export interface ShipmentResult {
  shipmentId: string;
  status: ShipmentRecord['status'];
  trackingNumber: string;
  /** set when the parcel was created but the courier could not issue its label */
  labelError: string | null;
}

const SHIPPABLE = ['packed', 'partially_shipped'];

async function byClientId(clientId: string | undefined): Promise<ShipmentRecord | null> {
  if (!clientId) return null;
  const found = await collection('shipments').getList(1, 1, { filter: `client_id = ${filterValue(clientId)}` });
  return found.items[0] ?? null;
}

const resultOf = (s: ShipmentRecord, labelError: string | null = null): ShipmentResult => ({
  shipmentId: s.id,
  status: s.status,
  trackingNumber: s.tracking_number,
  labelError
});

/** What a manual parcel's carrier, number and link will be; refuses unknown carriers and (unless allowed) odd numbers. */
function manualParcel(input: CreateShipmentInput) {
  const code = input.carrier ?? '';
  const c = carrier(code);
  if (!c) throw new AppError('BAD_REQUEST', 'shipping.errors.unknown_carrier', 'Choose the carrier from the list.');
  const trackingNumber = normaliseTrackingNumber(input.trackingNumber ?? '');
  if (trackingNumber && !input.allowUnusualNumber && !looksValid(code, trackingNumber)) {
    throw new AppError('BAD_REQUEST', 'shipping.errors.unusual_number', `${trackingNumber} does not look like a ${c.name} tracking number (for example ${c.example}). Check it, or confirm that it is right.`, {
      carrier: c.name,
      example: c.example,
      trackingNumber
    });
  }
  return { carrier: code, trackingNumber, trackingUrl: code === 'other' ? (input.trackingUrl ?? '') : carrierTrackingUrl(code, trackingNumber) };
}

/** Merges repeated lines and checks each against what was picked and not yet shipped. */
function checkLines(order: ShippableOrder, lines: OrderLineRecord[], wanted: ParcelLine[]): Map<string, number> {
  const qty = new Map<string, number>();
  for (const w of wanted) qty.set(w.lineId, (qty.get(w.lineId) ?? 0) + w.qty);
  for (const [id, q] of qty) if (q === 0) qty.delete(id);
  if (!qty.size) throw new AppError('BAD_REQUEST', 'shipping.errors.empty_parcel', 'Put at least one item into the parcel.');
  const byId = new Map(lines.map((l) => [l.id, l]));
  for (const [id, q] of qty) {
    const line = byId.get(id);
    if (!line) throw new AppError('BAD_REQUEST', 'shipping.errors.unknown_line', `Order ${order.number} has no such line.`);
    const remaining = line.picked - line.shipped;
    if (q < 0 || q > remaining) {
      throw new AppError(
        'BAD_REQUEST',
        'shipping.errors.too_many',
        remaining <= 0
          ? `Nothing of ${line.sku} ${line.name} is left to ship: ${line.picked} picked, ${line.shipped} shipped.`
          : `At most ${remaining} of ${line.sku} ${line.name} can go in this parcel (${line.picked} picked, ${line.shipped} shipped), not ${q}.`,
        { sku: line.sku, name: line.name, remaining: Math.max(0, remaining), picked: line.picked, shipped: line.shipped, requested: q }
      );
    }
  }
  return qty;
}

function checkOrder(order: ShippableOrder) {
  if (order.fulfilment_method !== 'ship') throw new AppError('CONFLICT', 'shipping.errors.is_collect', `Order ${order.number} is Click & Collect: confirm the collection instead.`);
  if (order.status !== 'placed' || !SHIPPABLE.includes(order.fulfilment_status)) {
    throw new AppError('CONFLICT', 'shipping.errors.not_ready', `Order ${order.number} cannot ship now (it is ${order.fulfilment_status}).`, { number: order.number, state: order.fulfilment_status });
  }
}

async function commitParcel(input: CreateShipmentInput, who: Who): Promise<ShipmentRecord> {
  const manual = input.courier === 'manual' ? manualParcel(input) : null;
  const settings = await courierSettings();
  for (let attempt = 1; ; attempt++) {
    const { order, lines } = await loadOrderShipping(input.orderId);
    checkOrder(order);
    const qty = checkLines(order, lines, input.lines);
    // each line as it stands once this parcel left
    const after = lines.map((l) => ({ qty: l.qty, shipped: l.shipped + (qty.get(l.id) ?? 0), returned: l.returned ?? 0 }));
    const now = new Date().toISOString();
    const emailNow = Boolean(manual?.trackingNumber && settings.autoDeliveryEmail && order.email);

    const uow = new UnitOfWork();
    const shipment = uow.create('shipments', {
      order: order.id,
      courier: input.courier,
      carrier: manual?.carrier ?? '',
      tracking_number: manual?.trackingNumber ?? '',
      tracking_url: manual?.trackingUrl ?? '',
      courier_ref: '',
      status: manual ? 'handed_over' : 'draft',
      events: manual ? [packbenchEvent('handed_over', '', now)] : [],
      shipped_at: manual ? now : '',
      actor: who.actor ?? '',
      version: 0,
      client_id: input.clientId ?? '',
      delivery_email_at: emailNow ? now : ''
    });
    for (const line of lines) {
      const q = qty.get(line.id);
      if (!q) continue;
      uow.create('shipment_lines', { shipment, order_line: line.id, qty: q });
      uow.increment('order_lines', line.id, 'shipped', q, { maxField: 'picked' });
      ship(uow, { product: line.product, qty: q, order: order.id, order_line: line.id, actor: who.actor ?? undefined });
    }
    afterParcel(uow, order, after, who, { shipment, units: [...qty.values()].reduce((a, b) => a + b, 0), courier: input.courier });
    if (emailNow && manual) queueDeliveryEmail(uow, order, { id: shipment, courier: 'manual', ...manual });
    try {
      const done = await uow.commit();
      return await collection('shipments').getOne(done.id(shipment));
    } catch (e) {
      if (e instanceof TxFailure) {
        // a retry of the same request that was faster than us: the client id's unique index refused ours
        const raced = isDuplicateKey(e) && (await byClientId(input.clientId));
        if (raced) return raced;
        // someone shipped or changed the order meanwhile: check again against what is there now
        if ((e.code === 'version_conflict' || e.code === 'out_of_range') && attempt < 3) continue;
        if (e.code === 'out_of_range') throw new AppError('CONFLICT', 'shipping.errors.shipped_meanwhile', 'Someone shipped some of these items in the meantime. Nothing was saved; check the quantities and try again.');
        if (e.code === 'insufficient_stock') {
          throw new AppError('CONFLICT', 'shipping.errors.stock', `The stock count of ${String(e.details.sku)} is lower than what this parcel takes (on the shelf: ${String(e.details.on_hand)}). Count the shelf first.`, {
            sku: e.details.sku,
            onHand: e.details.on_hand
          });
        }
      }
      throw explainTxFailure(e);
    }
  }
}

/** Ships the given quantities in one new parcel; integrated couriers then issue its label. */
export async function createShipment(input: CreateShipmentInput, who: Who): Promise<ShipmentResult> {
  const existing = await byClientId(input.clientId);
  if (existing) return resultOf(existing);
  if (!courier(input.courier).enabled()) throw new AppError('BAD_REQUEST', 'shipping.errors.courier_off', `${input.courier} is not switched on.`);
  // F36: refuse before the parcel is made when its label would be refused (manual parcels buy no label)
  if (input.courier !== 'manual') await ensureAddressReady(input.orderId);
  const shipment = await commitParcel(input, who);
  if (shipment.status !== 'draft') return resultOf(shipment);
  const issued = await issueLabel(shipment.id, who);
  return issued;
}

export interface BulkResult {
  orderId: string;
  number: number | null;
  ok: boolean;
  shipmentId?: string;
  trackingNumber?: string;
  status?: ShipmentRecord['status'];
  /** the parcel exists, but its label failed */
  labelError?: string | null;
  error?: { message: string; key: string; params: Record<string, unknown> };
}

/**
 * Mark many orders shipped at once (F28): each order's remaining picked units go out in one
 * parcel, each order in its own unit of work, so one refusal does not stop the others.
 */
export async function shipOrders(
  input: { orderIds: string[]; courier: CourierName; carrier?: string; batchId: string },
  who: Who
): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const orderId of new Set(input.orderIds)) {
    let number: number | null = null;
    try {
      const order = await loadOrder(orderId);
      number = order.number;
      const lines = await collection('order_lines').getFullList({ filter: `order = ${filterValue(orderId)}`, fields: 'id,picked,shipped' });
      const r = await createShipment(
        {
          orderId,
          courier: input.courier,
          carrier: input.carrier,
          lines: lines.filter((l) => l.picked > l.shipped).map((l) => ({ lineId: l.id, qty: l.picked - l.shipped })),
          clientId: `${input.batchId}:${orderId}`
        },
        who
      );
      results.push({ orderId, number, ok: true, shipmentId: r.shipmentId, trackingNumber: r.trackingNumber, status: r.status, labelError: r.labelError });
    } catch (e) {
      if (!(e instanceof AppError)) console.error('[shipping] bulk ship failed for', orderId, e);
      results.push({
        orderId,
        number,
        ok: false,
        error: e instanceof AppError ? { message: e.message, key: e.key, params: e.params } : { message: 'Something went wrong on our side. Nothing was changed for this order.', key: 'generic', params: {} }
      });
    }
  }
  return results;
}
