// One outbox worker per app-server process, started by SvelteKit's init hook and stopped by
// scripts/serve.js on shutdown (through the same global the relay uses).
import type { OutboxHandler, OutboxKind } from './types';
import { OutboxWorker } from './worker';
import { WEBHOOK_RETRY, webhookHandler } from '../webhooks/deliver';
import { heldEndpoints } from '../webhooks/circuit';
import { closeOutboundConnections } from '../webhooks/outbound';

// E-mail is built in. Other kinds add their handler here; webhooks (F43) retry for about a day.
const handlers: Partial<Record<OutboxKind, OutboxHandler>> = { webhook: webhookHandler };

interface Holder {
  __packbenchOutbox?: OutboxWorker;
}
const holder = globalThis as Holder;

export function startOutbox(): OutboxWorker {
  if (!holder.__packbenchOutbox) {
    holder.__packbenchOutbox = new OutboxWorker({ handlers, retryFor: { webhook: WEBHOOK_RETRY }, held: { webhook: () => heldEndpoints() } });
    holder.__packbenchOutbox.start();
  }
  return holder.__packbenchOutbox;
}

export function outboxWorker(): OutboxWorker | null {
  return holder.__packbenchOutbox ?? null;
}

export async function stopOutbox() {
  await holder.__packbenchOutbox?.stop();
  holder.__packbenchOutbox = undefined;
  closeOutboundConnections();
}
