// Applying live record events to local lists: newest `updated` wins, so an event that
// arrives late (after a refetch) never overwrites newer data.
import type { LiveRecord } from './events';

export function isNewer(incoming: { updated: string }, current: { updated: string } | undefined): boolean {
  if (!current) return true;
  return incoming.updated >= current.updated;
}

export function upsertById<T extends { id: string; updated: string }>(
  list: T[],
  action: 'create' | 'update' | 'delete',
  record: LiveRecord,
  merge: (current: T | undefined, incoming: LiveRecord) => T = (c, i) => ({ ...(c ?? {}), ...i }) as T
): T[] {
  const index = list.findIndex((x) => x.id === record.id);
  if (action === 'delete') return index === -1 ? list : list.filter((x) => x.id !== record.id);
  if (index === -1) return [...list, merge(undefined, record)];
  if (!isNewer(record, list[index])) return list;
  const next = list.slice();
  next[index] = merge(list[index], record);
  return next;
}
