// Which role may join which room, and what each audience may see of a record.
import { hasRole } from '../auth/roles';
import type { Role } from '../pocketbase/records';
import type { LiveRecord, RoomName } from '$lib/realtime/events';

const ORDER_ROOM = /^order:[a-z0-9]{15}$/;

export function isRoomName(room: unknown): room is RoomName {
  return typeof room === 'string' && (room === 'queue' || room === 'stock' || room === 'pack' || ORDER_ROOM.test(room));
}

/**
 * The Socket.IO room a member of this role is put in, or null when the role may not listen.
 * Packers listen to orders through their own room so they receive the packer projection only.
 */
export function roomFor(role: Role, room: RoomName): string | null {
  if (room === 'queue' || room === 'stock') return hasRole(role, 'office') ? room : null;
  if (room === 'pack') return hasRole(role, 'packer') ? room : null;
  if (ORDER_ROOM.test(room)) return hasRole(role, 'office') ? room : `${room}#packer`;
  return null;
}

// Fields a packer may see: no prices, payments, e-mail or phone (F14).
const PACKER_FIELDS: Record<string, readonly string[]> = {
  orders: ['number', 'status', 'fulfilment_status', 'fulfilment_method', 'customer_name', 'version'],
  order_lines: ['order', 'product', 'sku', 'name', 'qty', 'picked', 'shipped', 'position'],
  order_notes: ['order', 'body', 'visibility', 'author'],
  picks: ['order', 'order_line', 'qty', 'staff', 'created'],
  order_events: []
};

export function packerProjection(collection: string, rec: LiveRecord): LiveRecord | null {
  const fields = PACKER_FIELDS[collection];
  if (!fields) return null;
  if (collection === 'order_notes' && rec.visibility !== 'packing') return null;
  if (collection === 'order_events') return null;
  const out: LiveRecord = { id: rec.id, updated: rec.updated };
  for (const f of fields) if (f in rec) out[f] = rec[f];
  return out;
}
