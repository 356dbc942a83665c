// Courier tracking notifications (F19) -> the parcel's events and status, the order's
// timeline and (per the 'couriers' setting) an e-mail to the customer. Idempotent by the
// courier's event id (courier_events has a unique index, written in the same transaction);
// a late event joins the history without moving the parcel back; an event for a parcel we
// do not know changes nothing.
import { collection, filterValue } from '../pocketbase/client';
import { TxFailure, UnitOfWork, isDuplicateKey } from '../pocketbase/tx';
import type { TrackingNotification } from './couriers/types';
import { queueDeliveryEmail } from './delivery-email';
import { loadOrder } from './queries';
import type { CourierName, ShipmentEvent, ShipmentRecord } from './records';
import { courierSettings } from './settings';
import { AWAY, advances, currentSince, withEvent } from './status';
import { recordEvent } from '../orders/timeline';
import type { TimelineEvent, TimelineEventType } from '$lib/orders/timeline-events';

export type ApplyResult =
  | { outcome: 'applied'; shipmentId: string; status: ShipmentRecord['status'] }
  | { outcome: 'history'; shipmentId: string; status: ShipmentRecord['status'] }
  | { outcome: 'duplicate'; shipmentId: string }
  | { outcome: 'unknown_parcel' };

async function findParcel(courier: CourierName, n: TrackingNotification): Promise<ShipmentRecord | null> {
  const by = async (field: string, value: string) =>
    value ? (await collection('shipments').getList(1, 1, { filter: `courier = ${filterValue(courier)} && ${field} = ${filterValue(value)}` })).items[0] : undefined;
  return (await by('courier_ref', n.parcelRef)) ?? (await by('tracking_number', n.trackingNumber)) ?? null;
}

async function seen(courier: CourierName, eventId: string): Promise<boolean> {
  const found = await collection('courier_events').getList(1, 1, { filter: `courier = ${filterValue(courier)} && event_id = ${filterValue(eventId)}`, fields: 'id' });
  return found.totalItems > 0;
}

const TIMELINE = {
  delivered: 'parcel_delivered',
  exception: 'parcel_exception',
  returned: 'parcel_returned',
  out_for_delivery: 'parcel_out_for_delivery'
} as const satisfies Partial<Record<ShipmentRecord['status'], TimelineEventType>>;
const scanned = (status: ShipmentRecord['status']): status is keyof typeof TIMELINE => status in TIMELINE;

export async function applyNotification(courier: CourierName, n: TrackingNotification): Promise<ApplyResult> {
  for (let attempt = 1; ; attempt++) {
    const shipment = await findParcel(courier, n);
    if (!shipment) {
      console.warn(`[couriers] ${courier} event ${n.eventId} for unknown parcel ${n.parcelRef || n.trackingNumber}: ignored`);
      return { outcome: 'unknown_parcel' };
    }
    const events = shipment.events ?? [];
    // a repeat is usually in the parcel's own history; courier_events' unique index catches the rest
    if (events.some((e) => e.id === n.eventId)) return { outcome: 'duplicate', shipmentId: shipment.id };

    const event: ShipmentEvent = { id: n.eventId, status: n.status, at: n.at, location: n.location, description: n.description, source: 'courier' };
    const moves = n.status !== null && advances(shipment.status, currentSince(events, shipment.status), n.status, n.at);
    const status = moves ? n.status! : shipment.status;
    const uow = new UnitOfWork();
    uow.create('courier_events', { courier, event_id: n.eventId, shipment: shipment.id, status: n.status ?? '', result: moves ? 'applied' : 'history', occurred_at: n.at });
    uow.update(
      'shipments',
      shipment.id,
      {
        events: withEvent(events, event),
        status,
        // the first scan of a parcel nobody marked as handed over
        ...(moves && !shipment.shipped_at && AWAY.includes(status) ? { shipped_at: n.at } : {})
      },
      { ifVersion: shipment.version }
    );
    if (moves) {
      if (scanned(status)) {
        const data = { shipment: shipment.id, status, description: n.description, location: n.location };
        // the type follows the status; TypeScript does not pair the two through the table
        recordEvent(uow, shipment.order, { type: TIMELINE[status], data } as TimelineEvent, { actorLabel: courier });
      }
      const settings = await courierSettings();
      if (settings.notifyOn.includes(status)) {
        const order = await loadOrder(shipment.order);
        queueDeliveryEmail(uow, order, { id: shipment.id, courier, carrier: shipment.carrier, trackingNumber: shipment.tracking_number, trackingUrl: shipment.tracking_url }, status);
      }
    }
    try {
      await uow.commit();
      return { outcome: moves ? 'applied' : 'history', shipmentId: shipment.id, status };
    } catch (e) {
      // the event id's unique index refused a repeat
      if (isDuplicateKey(e) && (await seen(courier, n.eventId))) return { outcome: 'duplicate', shipmentId: shipment.id };
      // another notification for the same parcel got in first: read it again and retry
      if (e instanceof TxFailure && e.code === 'version_conflict' && attempt < 5) continue;
      throw e;
    }
  }
}
