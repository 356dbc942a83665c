// What the customer's tracking page shows (F24), as a type: the view (./tracking-view.ts) builds
// it, the cache (./tracking-cache.ts) keeps it.
import type { LineStates } from './line-states';
import type { ShipmentStatus } from './records';

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
