// What the outbox delivers, kind by kind, registered at start-up by the domain that owns the
// kind (src/hooks.server.ts): e-mail by ../mail/deliver.ts, webhooks by ../webhooks/deliver.ts.
// The outbox is the generic queue those domains write to, so it imports neither of them: a
// worker delivers the kinds registered when it is made (and those its options name).
import type { RetryPolicy } from './retry';
import type { OutboxHandler, OutboxKind } from './types';

export interface OutboxKindDelivery {
  /** the handler of one worker; `close` runs when that worker stops (e.g. its SMTP connection) */
  create(): { handler: OutboxHandler; close?: () => void };
  /** the kind's own retry policy (webhooks retry for about a day) */
  retry?: Partial<RetryPolicy>;
  /** the recipients held back right now (a receiver known to be failing), and until when */
  held?: () => { recipients: string[]; until: number };
  /** when the app's outbox stops (./index.ts stopOutbox): e.g. kept connections */
  shutdown?: () => void;
}

const kinds = new Map<OutboxKind, OutboxKindDelivery>();

export function registerOutboxKind(kind: OutboxKind, delivery: OutboxKindDelivery): void {
  kinds.set(kind, delivery);
}

export function registeredOutboxKinds(): ReadonlyMap<OutboxKind, OutboxKindDelivery> {
  return kinds;
}
