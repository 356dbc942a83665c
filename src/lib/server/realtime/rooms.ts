// Which role may join which room, and what each audience may see of a record.
import { hasRole } from '$lib/auth/roles';
import type { Role } from '../pocketbase/records';
import type { LiveRecord, RoomName } from '$lib/realtime/events';

const ORDER_ROOM = /^order:[a-z0-9]{15}$/;

export function isRoomName(room: unknown): room is RoomName {
  return typeof room === 'string' && (room === 'queue' || room === 'stock' || room === 'pack' || room === 'customers' || ORDER_ROOM.test(room));
}

/**
 * The Socket.IO room a member of this role is put in, or null when the role may not listen.
 * Packers listen to orders through their own room so they receive the packer projection only.
 */
export function roomFor(role: Role, room: RoomName): string | null {
  // customers: contact data, office and up only (#14)
  if (room === 'queue' || room === 'stock' || room === 'customers') return hasRole(role, 'office') ? room : null;
  if (room === 'pack') return hasRole(role, 'packer') ? room : null;
  if (ORDER_ROOM.test(room)) return hasRole(role, 'office') ? room : `${room}#packer`;
  return null;
}

// Fields a packer may see: no prices, payments, e-mail or phone (F14).
const PACKER_FIELDS: Record<string, readonly string[]> = {
  orders: ['number', 'status', 'fulfilment_status', 'fulfilment_method', 'customer_name', 'version'],
  order_lines: ['order', 'product', 'sku', 'name', 'qty', 'picked', 'shipped', 'position'],
  order_notes: ['order', 'body', 'visibility', 'author'],
  picks: ['order', 'order_line', 'qty', 'staff', 'created', 'staff_name', 'undoes', 'client_scan_id'],
  order_events: []
};

// Status changes a packer sees on the order in front of them, with who made them (F15); never
// the rest of the timeline, nor any event's data (amounts, payment references).
const PACKER_EVENT_TYPES = new Set(['picking_started', 'packed', 'cancelled', 'ready_for_pickup', 'partially_shipped', 'shipped', 'collected']);

export function packerProjection(collection: string, rec: LiveRecord): LiveRecord | null {
  const fields = PACKER_FIELDS[collection];
  if (!fields) return null;
  if (collection === 'order_notes' && rec.visibility !== 'packing') return null;
  if (collection === 'order_events') {
    if (!PACKER_EVENT_TYPES.has(String(rec.type))) return null;
    return { id: rec.id, updated: rec.updated, type: rec.type, actor: rec.actor, created: rec.created };
  }
  const out: LiveRecord = { id: rec.id, updated: rec.updated };
  for (const f of fields) if (f in rec) out[f] = rec[f];
  return out;
}

/**
 * What the `pack` room hears of an order: enough to know the pick queue changed, nothing more.
 * An order that is not (or no longer) to be picked is only named by its id.
 */
export function packQueueView(rec: LiveRecord): LiveRecord {
  const toPick = rec.status === 'placed' && rec.payment_status === 'paid' && (rec.fulfilment_status === 'unfulfilled' || rec.fulfilment_status === 'picking');
  if (!toPick) return { id: rec.id, updated: rec.updated, to_pick: false };
  return { id: rec.id, updated: rec.updated, number: rec.number, fulfilment_status: rec.fulfilment_status, fulfilment_method: rec.fulfilment_method, to_pick: true };
}
