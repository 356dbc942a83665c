// One outbox worker per app-server process, started by SvelteKit's init hook and stopped by
// scripts/serve.js on shutdown (through the same global the relay uses).
import type { OutboxHandler, OutboxKind } from './types';
import { OutboxWorker } from './worker';

// E-mail is built in. Other kinds add their handler here, e.g. webhooks (F43):
// `webhook: deliverWebhook`; until then their rows wait untouched.
const handlers: Partial<Record<OutboxKind, OutboxHandler>> = {};

interface Holder {
  __packbenchOutbox?: OutboxWorker;
}
const holder = globalThis as Holder;

export function startOutbox(): OutboxWorker {
  if (!holder.__packbenchOutbox) {
    holder.__packbenchOutbox = new OutboxWorker({ handlers });
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
}
