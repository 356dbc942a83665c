// The app's outbox worker delivers webhooks through the kind registered at start-up
// (src/hooks.server.ts, ../outbox/kinds.ts): its handler, its retry policy of about a day and
// the circuit's held endpoints come with it; a worker given its own handler keeps that one.
import { describe, expect, it } from 'vitest';
import { OutboxWorker } from '../outbox/worker';
import { WEBHOOK_RETRY, registerWebhookDelivery, webhookHandler } from './deliver';

interface WorkerInside {
  handlers: Record<string, unknown>;
  retryFor: Record<string, unknown>;
  held: Record<string, () => { recipients: string[]; until: number }>;
}
const inside = (w: OutboxWorker) => w as unknown as WorkerInside;
const email = async () => {};

describe('registerWebhookDelivery', () => {
  it('gives a worker made afterwards the webhook handler, its retry policy and held endpoints', () => {
    expect(inside(new OutboxWorker({ handlers: { email }, realtime: false, dispatchConcurrency: 0 })).handlers.webhook).toBeUndefined();
    registerWebhookDelivery();
    const w = inside(new OutboxWorker({ handlers: { email }, realtime: false, dispatchConcurrency: 0 }));
    expect(w.handlers).toEqual({ email, webhook: webhookHandler });
    expect(w.retryFor.webhook).toBe(WEBHOOK_RETRY);
    expect(w.held.webhook().recipients).toEqual([]);
  });

  it('leaves a handler given to the worker in place', () => {
    registerWebhookDelivery();
    const own = async () => {};
    const w = inside(new OutboxWorker({ handlers: { email, webhook: own }, realtime: false, dispatchConcurrency: 0 }));
    expect(w.handlers.webhook).toBe(own);
    expect(w.retryFor.webhook).toBeUndefined();
  });
});
