// Which endpoints listen to which events, known in memory (F43), so queueWebhook can write one
// delivery row per endpoint in the change's own unit of work (no fan-out row: about a quarter
// fewer PocketBase writes per event). While the list is unknown or older than MAX_AGE_MS,
// queueWebhook writes a fan-out row instead and the worker resolves the endpoints when it
// delivers, so an event is never lost for want of a fresh list. Changes made through this
// process (endpoints.ts) drop the list at once.
import { collection, pb } from '../pocketbase/client';
import type { EndpointRecord } from './records';

const MAX_AGE_MS = 10_000;

interface Snapshot {
  at: number;
  url: string;
  list: { id: string; events: string[] }[];
}

let snapshot: Snapshot | null = null;
let loading: Promise<void> | null = null;
let generation = 0;

function refresh() {
  if (loading) return;
  const gen = generation;
  loading = collection('webhook_endpoints').getFullList<Pick<EndpointRecord, 'id' | 'events'>>({ filter: 'active = true', fields: 'id,events' })
    .then((rows) => {
      // a change while we read: this list may be older than it; the next event reads again
      if (gen === generation) snapshot = { at: Date.now(), url: pb().baseURL, list: rows.map((r) => ({ id: r.id, events: r.events ?? [] })) };
    })
    .catch(() => {})
    .finally(() => (loading = null));
}

/** the ids of active endpoints listening to `type`, or null when that is not known right now */
export function listeningEndpoints(type: string): string[] | null {
  const s = snapshot;
  if (!s || Date.now() - s.at > MAX_AGE_MS || s.url !== pb().baseURL) {
    refresh();
    return null;
  }
  if (Date.now() - s.at > MAX_AGE_MS / 2) refresh();
  return s.list.filter((e) => e.events.includes(type)).map((e) => e.id);
}

/** an endpoint was made, changed or deleted */
export function forgetEndpoints() {
  generation++;
  snapshot = null;
  records.clear();
  refresh();
}

/** full endpoint records for the deliveries, read at most every few seconds per endpoint */
const records = new Map<string, { at: number; record: Promise<unknown> }>();
export function endpointRecord<T>(id: string, read: () => Promise<T>): Promise<T> {
  const hit = records.get(id);
  if (hit && Date.now() - hit.at < MAX_AGE_MS / 2) return hit.record as Promise<T>;
  const record = read();
  records.set(id, { at: Date.now(), record });
  record.catch(() => records.delete(id));
  return record;
}
