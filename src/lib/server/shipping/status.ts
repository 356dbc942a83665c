// How a parcel's status moves. Couriers deliver notifications late, twice and out of order;
// a parcel never goes backwards (delivered stays delivered), and among equal steps the
// newer event wins (an exception, then "in transit again" the next morning).
import type { ShipmentEvent, ShipmentStatus } from './records';

const RANK: Record<ShipmentStatus, number> = {
  draft: 0,
  label_created: 1,
  handed_over: 2,
  in_transit: 3,
  exception: 3,
  out_for_delivery: 4,
  delivered: 5,
  returned: 6,
  cancelled: 7
};

/** Statuses a courier still moves on; the sandbox courier works on these. */
export const MOVING: readonly ShipmentStatus[] = ['handed_over', 'in_transit', 'exception', 'out_for_delivery'];

/** Courier statuses that mean the parcel has left the building. */
export const AWAY: readonly ShipmentStatus[] = ['handed_over', 'in_transit', 'exception', 'out_for_delivery', 'delivered', 'returned'];

export function rank(status: ShipmentStatus): number {
  return RANK[status];
}

/** The time of the latest event that set the current status (or '' when none did). */
export function currentSince(events: readonly ShipmentEvent[], current: ShipmentStatus): string {
  let at = '';
  for (const e of events) if (e.status === current && e.at > at) at = e.at;
  return at;
}

/**
 * Whether an incoming event moves the parcel to its status. Cancelled is final and only
 * Packbench cancels; a label can never be un-created by a courier.
 */
export function advances(current: ShipmentStatus, currentAt: string, incoming: ShipmentStatus, incomingAt: string): boolean {
  if (current === 'cancelled' || incoming === 'cancelled' || incoming === 'draft') return false;
  if (RANK[incoming] > RANK[current]) return true;
  return RANK[incoming] === RANK[current] && incoming !== current && incomingAt >= currentAt;
}

/** Adds an event to the list (once per id), oldest first. */
export function withEvent(events: readonly ShipmentEvent[], event: ShipmentEvent): ShipmentEvent[] {
  if (events.some((e) => e.id === event.id)) return [...events];
  return [...events, event].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
