// Typed shapes of the shipping collections (pb_migrations/1764000009 + 17645000xx).
import type { OrderRecord } from '../pocketbase/records';

export type CourierName = 'manual' | 'sandbox' | 'sendcloud';

export type ShipmentStatus =
  | 'draft'
  | 'label_created'
  | 'handed_over'
  | 'in_transit'
  | 'out_for_delivery'
  | 'delivered'
  | 'exception'
  | 'returned'
  | 'cancelled';

/** One entry of shipments.events: a courier scan, or something Packbench did (label, hand-over). */
export interface ShipmentEvent {
  id: string;
  status: ShipmentStatus | null;
  /** ISO time the event happened (the courier's clock for courier events) */
  at: string;
  location: string;
  description: string;
  source: 'courier' | 'packbench';
}

export interface ShipmentRecord {
  id: string;
  created: string;
  updated: string;
  order: string;
  courier: CourierName;
  carrier: string;
  tracking_number: string;
  tracking_url: string;
  courier_ref: string;
  status: ShipmentStatus;
  events: ShipmentEvent[] | null;
  shipped_at: string;
  actor: string;
  version: number;
  client_id: string;
  delivery_email_at: string;
}

export interface ShipmentLineRecord {
  id: string;
  created: string;
  shipment: string;
  order_line: string;
  qty: number;
}

/** courier_events (1764500004): each courier event applied once, or kept as history */
export interface CourierEventRecord {
  id: string;
  courier: CourierName;
  event_id: string;
  shipment: string;
  status: string;
  result: 'applied' | 'history';
  occurred_at: string;
  created: string;
}
declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    shipments: ShipmentRecord;
    shipment_lines: ShipmentLineRecord;
    courier_events: CourierEventRecord;
  }
}

/** The order fields shipping reads. */
export type ShippableOrder = Pick<
  OrderRecord,
  | 'id'
  | 'number'
  | 'status'
  | 'payment_status'
  | 'fulfilment_status'
  | 'fulfilment_method'
  | 'customer_name'
  | 'email'
  | 'phone'
  | 'shipping_address'
  | 'locale'
  | 'tracking_token'
  | 'version'
  | 'placed_at'
  | 'created'
  | 'updated'
  | 'currency'
  | 'address_check_status'
  | 'address_override_reason'
  | 'open_returns'
  | 'courier'
>;
