// The outbox handler for webhooks (F43). Two kinds of `webhook` rows:
// - fan-out rows (recipient '*', written by queueWebhook with the change): one unit of work
//   turns each into one delivery row per active endpoint listening to the event type
//   (findOrCreate on a message id made of event id and endpoint: a retried fan-out adds nothing);
// - delivery rows (recipient = endpoint id): signed per Standard Webhooks with the
//   `standardwebhooks` library and POSTed through ./outbound.ts. Every attempt is logged in
//   `webhook_deliveries`. A failure is retried by the outbox with backoff (WEBHOOK_RETRY);
//   an endpoint failing for longer than WEBHOOK_DISABLE_AFTER_MS is switched off and the
//   owners are e-mailed. While an endpoint fails, its circuit (./circuit.ts) puts its other
//   deliveries off instead of trying each one.
import { Webhook } from 'standardwebhooks';
import type { WebhookEvent } from '$lib/integrations/scopes';
import { queueEmail } from '../mail/queue';
import { DeferredDelivery, PermanentDeliveryError } from '../outbox/errors';
import { outboxQueued } from '../outbox/wake';
import type { AlsoRecord, OutboxRecord } from '../outbox/types';
import type { RetryPolicy } from '../outbox/retry';
import { registerOutboxKind } from '../outbox/kinds';
import { collection, filterValue } from '../pocketbase/client';
import { UnitOfWork, commitOne } from '../pocketbase/tx';
import { FAN_OUT, deliveryMessageId } from './events';
import { OutboundRefused, closeOutboundConnections, safePost } from './outbound';
import { activeEndpoints, signingSecrets } from './endpoints';
import type { EndpointRecord } from './records';
import { endpointRecord, forgetEndpoints } from './endpoint-cache';
import { admit, closed, heldEndpoints, tripped } from './circuit';

/** ~a day: 30 s, 1, 2, 4 … min, capped at 4 h, 15 attempts */
export const WEBHOOK_RETRY: RetryPolicy = {
  baseMs: Number(process.env.WEBHOOK_RETRY_BASE_MS ?? 30_000),
  capMs: Number(process.env.WEBHOOK_RETRY_CAP_MS ?? 4 * 3600_000),
  maxAttempts: Number(process.env.WEBHOOK_MAX_ATTEMPTS ?? 15)
};
const disableAfterMs = () => Number(process.env.WEBHOOK_DISABLE_AFTER_MS ?? 24 * 3600_000);

export interface EventPayload {
  id: string;
  type: WebhookEvent;
  timestamp: string;
  data: Record<string, unknown>;
}

async function fanOut(row: OutboxRecord) {
  const event = row.payload as EventPayload;
  const endpoints = (await activeEndpoints()).filter((e) => e.events.includes(event.type));
  if (!endpoints.length) return { subject: 'no endpoint' };
  const uow = new UnitOfWork();
  for (const e of endpoints) {
    const messageId = deliveryMessageId(event.id, e.id);
    uow.findOrCreate(
      'outbox',
      { message_id: messageId },
      { message_id: messageId, kind: 'webhook', topic: event.type, recipient: e.id, subject: '', payload: event, status: 'pending', attempts: 0, next_attempt_at: new Date().toISOString(), order: row.order }
    );
  }
  await uow.commit();
  return { subject: `${endpoints.length} endpoint(s)` };
}

/** Signs and sends one event to one endpoint: what the receiver answered, and the log line to write. */
export async function sendEvent(endpoint: Pick<EndpointRecord, 'id' | 'url' | 'secret' | 'previous_secret' | 'previous_until'>, event: EventPayload, attempt: number, outboxId = '') {
  const body = JSON.stringify(event);
  const now = new Date();
  // during a rotation both secrets sign: "v1,<new> v1,<old>"
  const signature = signingSecrets(endpoint).map((s) => new Webhook(s).sign(event.id, now, body)).join(' ');
  const headers = { 'webhook-id': event.id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signature };
  let status = 0;
  let latency = 0;
  let excerpt = '';
  let error = '';
  try {
    const res = await safePost(endpoint.url, headers, body);
    ({ status, excerpt } = res);
    latency = res.latencyMs;
    if (status >= 300 && status < 400) error = `redirect (${status}) not followed`;
    else if (status < 200 || status >= 300) error = `receiver answered ${status}`;
  } catch (e) {
    error = (e as Error).message.slice(0, 500);
    if (e instanceof OutboundRefused) error = `refused: ${error}`;
  }
  const log: AlsoRecord = (uow) =>
    uow.create('webhook_deliveries', { endpoint: endpoint.id, outbox: outboxId, event_id: event.id, event_type: event.type, attempt, status_code: status, latency_ms: latency, ok: !error, error, response_excerpt: excerpt.slice(0, 1000) });
  return { ok: !error, status, error, log };
}

/** a failed delivery, with its log line for the outbox worker to write with the retry */
class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly also: AlsoRecord
  ) {
    super(message);
  }
}

async function deliverToEndpoint(row: OutboxRecord, retry: RetryPolicy) {
  const endpoint = await endpointRecord(row.recipient, () =>
    collection('webhook_endpoints').getOne(row.recipient)
      .catch(() => null)
  );
  if (!endpoint) throw new PermanentDeliveryError('the endpoint was deleted');
  if (!endpoint.active) throw new PermanentDeliveryError('the endpoint is switched off');
  const until = admit(endpoint.id);
  if (until !== null) throw new DeferredDelivery(until);
  let result: Awaited<ReturnType<typeof sendEvent>> | null = null;
  try {
    result = await sendEvent(endpoint, row.payload as EventPayload, row.attempts, row.id);
  } finally {
    if (result?.ok) {
      if (closed(endpoint.id)) outboxQueued();
    } else tripped(endpoint.id, retry);
  }
  if (result.ok) {
    if (endpoint.failing_since) {
      await commitOne((uow) => uow.update('webhook_endpoints', endpoint.id, { failing_since: '' }));
      forgetEndpoints();
    }
    // the log line commits with the row's "sent"
    return { subject: `HTTP ${result.status}`, also: result.log };
  }
  await noteFailure(endpoint, result.log);
  throw new DeliveryFailed(result.error, result.log);
}

async function noteFailure(endpoint: EndpointRecord, log: AlsoRecord) {
  if (!endpoint.failing_since) {
    await commitOne((uow) => uow.update('webhook_endpoints', endpoint.id, { failing_since: new Date().toISOString() }));
    forgetEndpoints();
    return;
  }
  const since = Date.parse(endpoint.failing_since.replace(' ', 'T'));
  if (Date.now() - since < disableAfterMs()) return;
  const owners = await collection('staff').getFullList<{ email: string }>({ filter: `role = 'owner' && active = true`, fields: 'email' }).catch(() => []);
  const uow = new UnitOfWork();
  const reason = `Failing since ${endpoint.failing_since}`;
  uow.update('webhook_endpoints', endpoint.id, { active: false, disabled_reason: reason }, { expect: { active: true } });
  for (const o of owners) queueEmail(uow, { topic: 'webhook_disabled', to: o.email, locale: 'en', data: { url: endpoint.url, failingSince: endpoint.failing_since } });
  await uow.commit().catch(() => {});
  forgetEndpoints();
  throw Object.assign(new PermanentDeliveryError(`endpoint switched off: ${reason}`), { also: log });
}

export async function webhookHandler(row: OutboxRecord, ctx: { retry: RetryPolicy } = { retry: WEBHOOK_RETRY }) {
  return row.recipient === FAN_OUT ? fanOut(row) : deliverToEndpoint(row, ctx.retry);
}

/** delivery rows of one endpoint still waiting (for the page) */
export const pendingFilter = (endpointId: string) => `kind = 'webhook' && recipient = ${filterValue(endpointId)} && status = 'pending'`;

/**
 * The outbox delivers webhooks through this (registered at start-up: src/hooks.server.ts):
 * retried for about a day, a failing receiver's rows held back by its circuit, the kept
 * connections closed when the app's outbox stops.
 */
export function registerWebhookDelivery(): void {
  registerOutboxKind('webhook', { create: () => ({ handler: webhookHandler }), retry: WEBHOOK_RETRY, held: () => heldEndpoints(), shutdown: closeOutboundConnections });
}
