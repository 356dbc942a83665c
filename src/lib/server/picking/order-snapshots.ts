// The order and its lines as the last pick saw them, kept for a few seconds so a burst of scans
// does not read them again for every unit. Safe because a snapshot may only ever let a scan go
// on to its unit of work, which checks everything again inside the transaction (order state,
// the line still there, the bounded count); every refusal is decided on fresh reads.
import type { OrderRecord } from '../pocketbase/records';
import { getOrderForPacking, packLines, type PackLine } from './views';

export interface OrderSnapshot {
  order: OrderRecord;
  lines: PackLine[];
}

const TTL_MS = 10_000;
const MAX = 500;
const snapshots = new Map<string, { at: number; value: Promise<OrderSnapshot> }>();

export function orderSnapshot(orderId: string, fresh = false): Promise<OrderSnapshot> {
  const hit = snapshots.get(orderId);
  if (!fresh && hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = Promise.all([getOrderForPacking(orderId), packLines(orderId)]).then(([order, lines]) => ({ order, lines }));
  snapshots.set(orderId, { at: Date.now(), value });
  value.catch(() => snapshots.delete(orderId));
  if (snapshots.size > MAX) snapshots.delete(snapshots.keys().next().value!);
  return value;
}

/** After a committed pick: the count and state this server just wrote. */
export function rememberPick(orderId: string, lineId: string, picked: number) {
  const hit = snapshots.get(orderId);
  if (!hit) return;
  const value = hit.value.then((s) => ({
    order: { ...s.order, fulfilment_status: 'picking' as const },
    lines: s.lines.map((l) => (l.id === lineId ? { ...l, picked } : l))
  }));
  snapshots.set(orderId, { at: hit.at, value });
}

export function forgetOrder(orderId: string) {
  snapshots.delete(orderId);
}
