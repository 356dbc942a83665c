// One outbox worker per app-server process, started by SvelteKit's init hook and stopped by
// scripts/serve.js on shutdown (through the same global the relay uses). It delivers the kinds
// registered before it starts (./kinds.ts): e-mail, and webhooks (F43), which retry for about a day.
import { registeredOutboxKinds } from './kinds';
import { OutboxWorker } from './worker';

interface Holder {
  __packbenchOutbox?: OutboxWorker;
}
const holder = globalThis as Holder;

export function startOutbox(): OutboxWorker {
  if (!holder.__packbenchOutbox) {
    holder.__packbenchOutbox = new OutboxWorker();
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
  for (const delivery of registeredOutboxKinds().values()) delivery.shutdown?.();
}
