// Labels and hand-over at the courier desk (F18): buy the label at the courier for a draft
// parcel, print labels (4x6 or four per A4 sheet), void a label, hand parcels to the courier.
import { AppError } from '../errors';
import { explainTxFailure } from '../orders/tx-errors';
import { collection, filterValue, isNotFound } from '../pocketbase/client';
import { listWhereIn } from '../pocketbase/where-in';
import type { OrderLineRecord, ProductRecord } from '../pocketbase/records';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import type { ShippingLabelLayout } from '$lib/documents/shipping-labels';
import { loadShop } from '../mail/document-input';
import { ensureAddressReady } from '../addresses/store';
import { courier } from './couriers';
import { CourierError, type LabelSource } from './couriers/types';
import { queueDeliveryEmail } from './delivery-email';
import { packbenchEvent } from './events';
import type { Who } from './fulfilment';
import { loadOrder } from './queries';
import type { CourierName, ShipmentLineRecord, ShipmentRecord, ShippableOrder } from './records';
import { courierSettings } from './settings';
import { recordEvent } from '../orders/timeline';

export async function loadShipment(id: string): Promise<ShipmentRecord> {
  try {
    return await collection('shipments').getOne(id);
  } catch (e) {
    if (isNotFound(e)) throw new AppError('NOT_FOUND', 'shipping.errors.no_shipment', 'This parcel does not exist.');
    throw e;
  }
}

/** The parcel's weight from its lines' products (grams). */
async function parcelWeight(shipmentId: string): Promise<number> {
  const lines = await collection('shipment_lines').getFullList<ShipmentLineRecord & { expand?: { order_line?: OrderLineRecord & { expand?: { product?: ProductRecord } } } }>({
      filter: `shipment = ${filterValue(shipmentId)}`,
      expand: 'order_line.product'
    });
  return lines.reduce((g, l) => g + l.qty * (l.expand?.order_line?.expand?.product?.weight_g ?? 0), 0);
}

const labelResult = (s: ShipmentRecord, labelError: string | null = null) => ({ shipmentId: s.id, status: s.status, trackingNumber: s.tracking_number, labelError });

/**
 * Buys the label of a draft parcel at its courier. The courier call happens outside the
 * transaction; if recording its answer fails (someone else bought a label meanwhile),
 * the label just bought is voided again.
 */
export async function issueLabel(shipmentId: string, who: Who) {
  const shipment = await loadShipment(shipmentId);
  if (shipment.status !== 'draft') return labelResult(shipment);
  const order = await loadOrder(shipment.order);
  if (!order.shipping_address) throw new AppError('BAD_REQUEST', 'shipping.errors.no_address', `Order ${order.number} has no shipping address.`);
  // F36: a failing or unchecked address gets no label until it is fixed or the check overridden
  await ensureAddressReady(order.id);
  const c = courier(shipment.courier);
  let issued;
  try {
    issued = await c.issue({
      shipmentId: shipment.id,
      order: { number: order.number, customerName: order.customer_name, email: order.email, phone: order.phone, address: order.shipping_address, locale: order.locale || 'en' },
      weightGrams: await parcelWeight(shipment.id)
    });
  } catch (e) {
    if (!(e instanceof CourierError)) throw e;
    console.warn(`[shipping] ${shipment.courier} label for ${shipment.id} failed: ${e.message}`);
    return labelResult(shipment, e.message);
  }
  const settings = await courierSettings();
  const now = new Date().toISOString();
  const email = Boolean(issued.trackingNumber && settings.autoDeliveryEmail && order.email && !shipment.delivery_email_at);
  const uow = new UnitOfWork();
  uow.update(
    'shipments',
    shipment.id,
    {
      courier_ref: issued.courierRef,
      carrier: issued.carrier,
      tracking_number: issued.trackingNumber,
      tracking_url: issued.trackingUrl,
      status: issued.status,
      events: [...(shipment.events ?? []), packbenchEvent('label_created', '', now)],
      ...(email ? { delivery_email_at: now } : {})
    },
    { ifVersion: shipment.version, expect: { status: 'draft' } }
  );
  if (email) queueDeliveryEmail(uow, order, { id: shipment.id, courier: shipment.courier, carrier: issued.carrier, trackingNumber: issued.trackingNumber, trackingUrl: issued.trackingUrl });
  try {
    await uow.commit();
  } catch (e) {
    await c.cancel(issued.courierRef).catch((err) => console.error(`[shipping] could not void ${shipment.courier} label ${issued.courierRef}:`, err));
    if (e instanceof TxFailure && (e.code === 'version_conflict' || e.code === 'precondition_failed')) return labelResult(await loadShipment(shipment.id));
    throw explainTxFailure(e);
  }
  return labelResult(await loadShipment(shipment.id));
}

/** Label creation for many draft parcels; each one's result on its own. */
export async function issueLabels(shipmentIds: string[], who: Who) {
  const out = [];
  for (const id of new Set(shipmentIds)) {
    try {
      out.push({ ok: true, ...(await issueLabel(id, who)) });
    } catch (e) {
      out.push({ ok: false, shipmentId: id, status: null, trackingNumber: '', labelError: e instanceof AppError ? e.message : 'Something went wrong on our side.' });
    }
  }
  return out;
}

/** Parcels given to the courier's driver (status handed_over). */
export async function handOver(shipmentIds: string[], who: Who) {
  const out: { shipmentId: string; ok: boolean; error?: string }[] = [];
  for (const id of new Set(shipmentIds)) {
    try {
      const s = await loadShipment(id);
      if (s.status === 'handed_over') {
        out.push({ shipmentId: id, ok: true });
        continue;
      }
      if (s.status !== 'label_created') throw new AppError('CONFLICT', 'shipping.errors.not_handoverable', `This parcel cannot be handed over now (it is ${s.status}).`, { state: s.status });
      const now = new Date().toISOString();
      const uow = new UnitOfWork();
      uow.update('shipments', id, { status: 'handed_over', shipped_at: now, events: [...(s.events ?? []), packbenchEvent('handed_over', '', now)] }, { ifVersion: s.version, expect: { status: 'label_created' } });
      recordEvent(uow, s.order, { type: 'parcel_handed_over', data: { shipment: id, courier: s.courier } }, who);
      await uow.commit();
      out.push({ shipmentId: id, ok: true });
    } catch (e) {
      const err = explainTxFailure(e);
      out.push({ shipmentId: id, ok: false, error: err instanceof AppError ? err.message : 'Something went wrong on our side.' });
    }
  }
  return out;
}

/** Voids a label not yet handed over; the parcel is a draft again (its goods stay shipped with it). */
export async function cancelLabel(shipmentId: string, who: Who) {
  const s = await loadShipment(shipmentId);
  if (s.status !== 'label_created') throw new AppError('CONFLICT', 'shipping.errors.not_cancellable', 'Only a label that has not been handed over can be voided.', { state: s.status });
  const c = courier(s.courier);
  try {
    await c.cancel(s.courier_ref);
  } catch (e) {
    if (e instanceof CourierError) throw new AppError('CONFLICT', 'shipping.errors.courier', e.message, { courier: s.courier });
    throw e;
  }
  const uow = new UnitOfWork();
  uow.update(
    'shipments',
    s.id,
    { status: 'draft', courier_ref: '', tracking_number: '', tracking_url: '', events: [...(s.events ?? []), packbenchEvent('cancelled', 'label voided')] },
    { ifVersion: s.version, expect: { status: 'label_created' } }
  );
  // staff only: no label when it had no actor
  recordEvent(uow, s.order, { type: 'parcel_label_voided', data: { shipment: s.id, courier: s.courier, trackingNumber: s.tracking_number } }, { actor: who.actor });
  try {
    await uow.commit();
  } catch (e) {
    throw explainTxFailure(e);
  }
  return { shipmentId: s.id, status: 'draft' as const };
}

/** One PDF with the labels of these parcels; one courier at a time (each prints its own way). */
export async function printLabels(shipmentIds: string[], layout: ShippingLabelLayout | null): Promise<{ pdf: Uint8Array; fileName: string }> {
  const ids = [...new Set(shipmentIds)];
  if (!ids.length) throw new AppError('BAD_REQUEST', 'shipping.errors.nothing_selected', 'Select at least one parcel.');
  const shipments = await listWhereIn<'shipments', ShipmentRecord & { expand?: { order?: ShippableOrder } }>('shipments', 'id', ids, { expand: 'order' });
  if (shipments.length !== ids.length) throw new AppError('NOT_FOUND', 'shipping.errors.no_shipment', 'This parcel does not exist.');
  const couriers = new Set<CourierName>(shipments.map((s) => s.courier));
  if (couriers.size > 1) throw new AppError('BAD_REQUEST', 'shipping.errors.one_courier', 'Print the labels of one courier at a time.');
  const unlabelled = shipments.find((s) => s.status === 'draft' || s.status === 'cancelled');
  if (unlabelled) throw new AppError('CONFLICT', 'shipping.errors.no_label', `Order ${unlabelled.expand?.order?.number ?? ''}: this parcel has no label yet.`);
  const noAddress = shipments.find((s) => !s.expand?.order?.shipping_address);
  if (noAddress) throw new AppError('BAD_REQUEST', 'shipping.errors.no_address', `Order ${noAddress.expand?.order?.number ?? ''} has no shipping address.`);
  const [settings, shop] = await Promise.all([courierSettings(), loadShop()]);
  const orderIds = [...new Set(shipments.map((s) => s.order))];
  const siblings = await listWhereIn('shipments', 'order', orderIds, { fields: 'id,order,created', sort: 'created,id' });
  const parcels: LabelSource[] = [];
  for (const s of shipments.sort((a, b) => (a.expand?.order?.number ?? 0) - (b.expand?.order?.number ?? 0))) {
    const mine = siblings.filter((x) => x.order === s.order);
    parcels.push({
      courierRef: s.courier_ref,
      carrier: s.carrier,
      trackingNumber: s.tracking_number,
      orderNumber: s.expand!.order!.number,
      shipTo: s.expand!.order!.shipping_address!,
      parcel: { index: mine.findIndex((x) => x.id === s.id) + 1, count: mine.length },
      weightGrams: await parcelWeight(s.id)
    });
  }
  const chosen = layout ?? settings.labelFormat;
  const locale = shipments[0].expand?.order?.locale || 'en';
  try {
    const pdf = await courier([...couriers][0]).labels({ parcels, layout: chosen, shop, locale });
    const numbers = parcels.map((p) => p.orderNumber);
    return { pdf, fileName: `labels-${numbers[0]}${numbers.length > 1 ? `_${numbers.at(-1)}` : ''}.pdf` };
  } catch (e) {
    if (e instanceof CourierError) throw new AppError('CONFLICT', 'shipping.errors.courier', e.message, { courier: e.courier });
    throw e;
  }
}
