// One interface for every courier: issue a parcel (its label and tracking number), print
// labels, cancel, and read the courier's signed tracking notifications.
import type { ShopInfo } from '$lib/documents';
import type { ShippingLabelLayout } from '$lib/documents/shipping-labels';
import type { Address, Locale } from '../../pocketbase/records';
import type { CourierName, ShipmentStatus } from '../records';

export interface ParcelRequest {
  /** our shipment id: the courier's reference, so a retried request can be recognised */
  shipmentId: string;
  order: { number: number; customerName: string; email: string; phone: string; address: Address; locale: Locale };
  weightGrams: number;
  /** manual parcels: what the person typed */
  carrier?: string;
  trackingNumber?: string;
  trackingUrl?: string;
}

/** A return parcel: from the customer back to the shop (a return label). */
export interface ReturnParcelRequest {
  /** our return id: the courier's reference */
  returnId: string;
  order: ParcelRequest['order'];
  shop: ShopInfo;
  weightGrams: number;
}

export interface IssuedParcel {
  courierRef: string;
  carrier: string;
  trackingNumber: string;
  trackingUrl: string;
  status: ShipmentStatus;
}

/** What a label needs, for couriers that print through Packbench's own documents. */
export interface LabelSource {
  courierRef: string;
  carrier: string;
  trackingNumber: string;
  orderNumber: number;
  shipTo: Address;
  parcel: { index: number; count: number };
  weightGrams: number;
}

export interface LabelRequest {
  parcels: LabelSource[];
  layout: ShippingLabelLayout;
  shop: ShopInfo;
  locale: Locale;
}

/** One tracking event from a courier, in Packbench's words. */
export interface TrackingNotification {
  /** stable per event: a repeat of it is applied once */
  eventId: string;
  /** the courier's parcel id (shipments.courier_ref) */
  parcelRef: string;
  trackingNumber: string;
  /** null: an event we record but that does not move the parcel */
  status: ShipmentStatus | null;
  /** ISO time on the courier's clock */
  at: string;
  location: string;
  description: string;
}

export type ParsedNotification = { kind: 'event'; event: TrackingNotification } | { kind: 'ignored'; reason: string };

/** A notification refused before anything was read from it: forged, stale or not JSON. */
export class NotificationRejected extends Error {
  constructor(
    public reason: 'signature' | 'stale' | 'malformed',
    message: string
  ) {
    super(message);
    this.name = 'NotificationRejected';
  }
}

/** The courier's own API said no (bad address, account problem, outage). */
export class CourierError extends Error {
  constructor(
    public courier: CourierName,
    message: string,
    public status = 0
  ) {
    super(message);
    this.name = 'CourierError';
  }
}

export interface Courier {
  readonly name: CourierName;
  /** switched on (Sendcloud needs its keys in the environment) */
  enabled(): boolean;
  /** creates the parcel at the courier and buys its label */
  issue(req: ParcelRequest): Promise<IssuedParcel>;
  /** one PDF with the labels of these parcels */
  labels(req: LabelRequest): Promise<Uint8Array>;
  /** buys a return label (the customer sends, the shop receives); absent: the courier offers none here */
  issueReturn?(req: ReturnParcelRequest): Promise<IssuedParcel>;
  /** voids the label; 'queued' when the courier decides later */
  cancel(courierRef: string): Promise<'cancelled' | 'queued'>;
  /** verifies the signature and reads one notification (throws NotificationRejected); absent: the courier sends none */
  readNotification?(rawBody: string, headers: Headers, now?: Date): Promise<ParsedNotification>;
}
