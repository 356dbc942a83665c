// The delivery e-mail (F20, F34): carrier, tracking number, the carrier's link and Packbench's
// own tracking page, in the order's language. Rendered by the mail module from topic
// 'delivery'; queued in the same unit of work as the change that causes it.
import { AppError } from '../errors';
import { queueEmail } from '../mail/queue';
import { commitOrExplain } from '../orders/tx-errors';
import { collection } from '../pocketbase/client';
import { UnitOfWork, type Ref } from '../pocketbase/tx';
import { shippingConfig } from './config';
import type { Who } from './fulfilment';
import { carrierName, loadOrder } from './queries';
import type { CourierName, ShipmentStatus, ShippableOrder } from './records';
import { recordEvent } from '../orders/timeline';

/** The customer's tracking page; undefined without PUBLIC_URL/ORIGIN (the mail module then uses its own base). */
export function trackingPageUrl(token: string): string | undefined {
  const base = shippingConfig().publicUrl;
  return base ? `${base}/track/${token}` : undefined;
}

export interface DeliveryMailParcel {
  id: string | Ref;
  courier: CourierName;
  carrier: string;
  trackingNumber: string;
  trackingUrl: string;
}

/** Adds the e-mail to `uow`; false when the order has no e-mail address. */
export function queueDeliveryEmail(uow: UnitOfWork, order: ShippableOrder, parcel: DeliveryMailParcel, status?: ShipmentStatus): boolean {
  if (!order.email) return false;
  queueEmail(uow, {
    topic: 'delivery',
    to: order.email,
    locale: order.locale || 'en',
    order: order.id,
    data: {
      orderId: order.id,
      shipmentId: parcel.id,
      orderNumber: order.number,
      carrier: carrierName(parcel.courier, parcel.carrier),
      trackingNumber: parcel.trackingNumber,
      trackingUrl: parcel.trackingUrl || undefined,
      trackingPageUrl: trackingPageUrl(order.tracking_token),
      ...(status ? { status } : {})
    }
  });
  return true;
}

/** The "send delivery e-mail" button. */
export async function sendDeliveryEmail(shipmentId: string, who: Who) {
  const shipment = await collection('shipments').getOne(shipmentId).catch(() => null);
  if (!shipment) throw new AppError('NOT_FOUND', 'shipping.errors.no_shipment', 'This parcel does not exist.');
  if (!shipment.tracking_number) throw new AppError('BAD_REQUEST', 'shipping.errors.no_tracking_number', 'This parcel has no tracking number yet.');
  const order = await loadOrder(shipment.order);
  if (!order.email) throw new AppError('BAD_REQUEST', 'shipping.errors.no_email', 'This order has no e-mail address.');
  const uow = new UnitOfWork();
  queueDeliveryEmail(uow, order, { id: shipment.id, courier: shipment.courier, carrier: shipment.carrier, trackingNumber: shipment.tracking_number, trackingUrl: shipment.tracking_url });
  const at = new Date().toISOString();
  uow.update('shipments', shipment.id, { delivery_email_at: at });
  recordEvent(uow, order.id, { type: 'delivery_email_sent', data: { shipment: shipment.id, to: order.email } }, who);
  await commitOrExplain(uow);
  return { sentAt: at, to: order.email };
}
