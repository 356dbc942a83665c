// queueWebhook (F43): an event for the webhook endpoints is one `create` in the caller's unit of
// work, like queueEmail: it exists if and only if the change that causes it commits. The row is
// a fan-out row (recipient '*'); the outbox worker turns it into one delivery row per endpoint
// that listens to the event (./deliver.ts), so nothing here needs to read the endpoints.
import { randomUUID } from 'node:crypto';
import type { WebhookEvent } from '$lib/integrations/scopes';
import type { Ref, UnitOfWork } from '../pocketbase/tx';
import { outboxQueued } from '../outbox/wake';

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

export function queueWebhook(uow: UnitOfWork, event: QueuedWebhook, now = new Date()): Ref {
  uow.afterCommit(outboxQueued);
  const id = `msg_${randomUUID().replaceAll('-', '')}`;
  let sequence: number | Ref<number> | null = null;
  if (event.order) sequence = event.newOrder || event.order.startsWith('$ref:') ? 0 : uow.counter(sequenceCounter(event.order));
  return uow.create(
    'outbox',
    {
      kind: 'webhook',
      topic: event.type,
      recipient: FAN_OUT,
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
      message_id: id,
      order: event.order ?? ''
    },
    { quiet: true }
  );
}

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
