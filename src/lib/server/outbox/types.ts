import type { UnitOfWork } from '../pocketbase/tx';
import type { RetryPolicy } from './retry';

export const OUTBOX_KINDS = ['email', 'webhook'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'dead';

/** A row of the `outbox` collection (pb_migrations/1764000013_outbox.js). */
export interface OutboxRecord {
  id: string;
  kind: OutboxKind;
  topic: string;
  recipient: string;
  subject: string;
  payload: unknown;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string;
  message_id: string;
  sent_at: string;
  order: string;
  created: string;
  updated: string;
}
declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    outbox: OutboxRecord;
  }
}

/**
 * Delivers one row. Throw PermanentDeliveryError when retrying cannot help; any other error
 * is retried with backoff. What it returns is stored on the row (e.g. the rendered subject).
 * `ctx.retry` is the kind's retry policy (a handler may pace a failing receiver by it).
 */
export type OutboxHandler = (row: OutboxRecord, ctx: { retry: RetryPolicy }) => Promise<{ subject?: string; also?: AlsoRecord } | void>;

/**
 * Writes a handler wants in the same unit of work as the row's new state (e.g. a webhook's
 * delivery log line): one PocketBase transaction instead of two. A failed delivery carries them
 * on its error (`also`). If that unit fails, the row's state is written without them.
 */
export type AlsoRecord = (uow: UnitOfWork) => void;
