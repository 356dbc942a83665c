// The one superuser PocketBase client of the app server. The browser never talks to
// PocketBase; every collection's API rules are null, so only this client can read or write.
import PocketBase, { ClientResponseError } from 'pocketbase';
import { EventSource } from 'eventsource';
import { config } from '../config';
import type { CollectionName, TypedCollection } from './collections';

// The SDK's realtime uses the browser's EventSource; Node 20 has none.
(globalThis as { EventSource?: unknown }).EventSource ??= EventSource;

export class PocketBaseUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('The database is not reachable right now. Please try again in a moment.');
    this.name = 'PocketBaseUnavailableError';
    this.cause = cause;
  }
}

let client: PocketBase | null = null;
let authing: Promise<void> | null = null;

function create(): PocketBase {
  const cfg = config();
  const pb = new PocketBase(cfg.pocketbaseUrl);
  pb.autoCancellation(false);
  // Re-authenticate transparently when the superuser token is missing or about to expire.
  pb.beforeSend = async (url, options) => {
    if (!url.includes('/api/collections/_superusers/auth-with-password') && !pb.authStore.isValid) {
      await authenticate(pb);
      // the SDK set the headers before this hook ran, with no token yet
      options.headers = { ...(options.headers as Record<string, string>), Authorization: pb.authStore.token };
    }
    return { url, options };
  };
  return pb;
}

async function authenticate(pb: PocketBase) {
  authing ??= (async () => {
    const cfg = config();
    try {
      await pb.collection('_superusers').authWithPassword(cfg.superuserEmail, cfg.superuserPassword, {
        // a token that outlives a long-running server; PocketBase refreshes nothing by itself
        requestKey: null
      });
    } catch (e) {
      if (isUnavailable(e)) throw new PocketBaseUnavailableError(e);
      throw new Error('PocketBase superuser sign-in failed: check PB_SUPERUSER_EMAIL / PB_SUPERUSER_PASSWORD');
    }
  })().finally(() => (authing = null));
  return authing;
}

export function pb(): PocketBase {
  client ??= create();
  return client;
}

/**
 * A collection of the one client, typed from the Collections map (./collections):
 * `collection('orders').getList(1, 50)` answers OrderRecords, no type argument needed.
 */
export function collection<K extends CollectionName>(name: K): TypedCollection<K> {
  return pb().collection(name);
}

/** Drop the client (tests that switch PocketBase instances, shutdown). */
export function resetPb() {
  client?.realtime.unsubscribe().catch(() => {});
  client = null;
}

/** Network failure or PocketBase stopped: status 0 from the SDK. */
export function isUnavailable(e: unknown): boolean {
  return e instanceof PocketBaseUnavailableError || (e instanceof ClientResponseError && e.status === 0 && !e.isAbort);
}

export function isNotFound(e: unknown): boolean {
  return e instanceof ClientResponseError && e.status === 404;
}

/** Escape a value for a PocketBase filter string. */
export function filterValue(v: string | number | boolean): string {
  return pb().filter('{:v}', { v });
}

/**
 * Ids that start with `prefix`, as a range of the primary key: [prefix, prefix with its last
 * character one higher). The word indexes' ids are "<word> <owner>", and the space sorts before
 * every character a word has, so "mull 7" and "muller 9" both start with "mull".
 */
export function idPrefixRange(prefix: string): string {
  const hi = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return `id >= ${filterValue(prefix)} && id < ${filterValue(hi)}`;
}
