// queueWebhook (F43): an event for the webhook endpoints is one `create` in the caller's unit of
// work, like queueEmail: it exists if and only if the change that causes it commits. It writes
// one delivery row per endpoint listening to the event (from ./endpoint-cache.ts), or, while
// that list is not known, one fan-out row (recipient '*') that the outbox worker turns into
// the delivery rows (./deliver.ts).
import { randomUUID } from 'node:crypto';
import type { WebhookEvent } from '$lib/integrations/scopes';
import type { Ref, TxCreate, UnitOfWork } from '../pocketbase/tx';
import { outboxQueued } from '../outbox/wake';
import { dispatcherFor } from '../outbox/dispatch';
import type { OutboxRecord } from '../outbox/types';
import { openUntil } from './circuit';
import { listeningEndpoints } from './endpoint-cache';

export const FAN_OUT = '*';

export interface QueuedWebhook {
  type: WebhookEvent;
  /** the order it is about: the event carries the order's next sequence number */
  order?: string | Ref;
  /** true when the order is created in this unit (its first event: sequence 0) */
  newOrder?: boolean;
  data: Record<string, unknown>;
}

/** The name of an order's event counter (gap-free, counted in the event's own transaction). */
export const sequenceCounter = (orderId: string) => `webhook_seq:${orderId}`;

export function queueWebhook(uow: UnitOfWork, event: QueuedWebhook, now = new Date()): void {
  const endpoints = listeningEndpoints(event.type);
  // nobody listens: nothing to write
  if (endpoints && !endpoints.length) return;
  const id = `msg_${randomUUID().replaceAll('-', '')}`;
  let sequence: number | Ref<number> | null = null;
  if (event.order) sequence = event.newOrder || event.order.startsWith('$ref:') ? 0 : uow.counter(sequenceCounter(event.order));
  const row = (recipient: string, messageId: string) => ({
    kind: 'webhook',
    topic: event.type,
    recipient,
    subject: '',
    payload: {
      id,
      type: event.type,
      timestamp: now.toISOString(),
      data: { ...event.data, ...(event.order ? { order_id: event.order, sequence } : {}) }
    },
    status: 'pending',
    attempts: 0,
    next_attempt_at: now.toISOString(),
    message_id: messageId,
    order: event.order ?? ''
  }) satisfies TxCreate<'outbox'>;
  // the list is not known now: one fan-out row for the worker
  if (!endpoints) {
    uow.create('outbox', row(FAN_OUT, id), { quiet: true });
    uow.afterCommit(outboxQueued);
    return;
  }
  // one delivery row per listening endpoint: handed to this process's dispatcher right after
  // the commit, or due for the worker (at once, or when a failing receiver's circuit reopens)
  const dispatcher = dispatcherFor('webhook');
  const handed: { ref: Ref; row: ReturnType<typeof row> }[] = [];
  for (const e of endpoints) {
    const base = row(e, deliveryMessageId(id, e));
    const held = openUntil(e);
    if (held !== null) base.next_attempt_at = new Date(held).toISOString();
    else if (dispatcher) Object.assign(base, dispatcher.claim());
    const ref = uow.create('outbox', base, { quiet: true });
    if (held === null && dispatcher) handed.push({ ref, row: base });
    else uow.afterCommit(outboxQueued);
  }
  if (handed.length) uow.afterCommit((c) => dispatcher!.push(handed.map((h) => ({ ...c.resolve(h.row), id: c.id(h.ref) }) as OutboxRecord)));
}

/** product.updated: which of its stored fields changed, and who changed them (a staff name, `API: <key>`, `CSV import: …`) */
export function queueProductUpdated(uow: UnitOfWork, productId: string, changed: string[], by: string): void {
  if (changed.length) queueWebhook(uow, { type: 'product.updated', data: { product_id: productId, changed, by } });
}

/** one event's delivery to one endpoint (unique in the outbox) */
export const deliveryMessageId = (eventId: string, endpointId: string) => `${eventId}:${endpointId}`;

/** The webhook event a move on one of the order's axes is, if any. */
export function orderEventFor(to: string): WebhookEvent | null {
  switch (to) {
    case 'placed':
      return 'order.placed';
    case 'paid':
      return 'order.paid';
    case 'cancelled':
      return 'order.cancelled';
    case 'shipped':
    case 'partially_shipped':
      return 'order.shipped';
    case 'completed':
      return 'order.completed';
    case 'refunded':
    case 'partially_refunded':
      return 'refund.created';
    case 'returned':
      return 'return.received';
    default:
      return null;
  }
}
