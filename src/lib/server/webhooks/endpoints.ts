// Webhook endpoints (F43): managers and owners add them on /settings/integrations. The signing
// secret (`whsec_…`, Standard Webhooks) is shown once when the endpoint is made; it stays
// readable on the server because signing needs it. Delivery log and replay live here too.
import { randomBytes } from 'node:crypto';
import type { WebhookEvent } from '$lib/integrations/scopes';
import { AppError } from '../errors';
import { collection, filterValue } from '../pocketbase/client';
import { TxFailure, UnitOfWork, commitOne, type TxUpdate } from '../pocketbase/tx';
import { outboxQueued } from '../outbox/wake';
import { urlProblem } from './outbound';
import { forgetEndpoints } from './endpoint-cache';
import type { EndpointRecord, WebhookDeliveryRecord } from './records';

export type EndpointView = Omit<EndpointRecord, 'secret' | 'previous_secret'>;
const VIEW_FIELDS = 'id,url,description,events,active,failing_since,disabled_reason,previous_until,created';

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** How long the previous secret keeps signing after a rotation (receivers switch meanwhile). */
export const ROTATION_OVERLAP_MS = 24 * 3600_000;

/**
 * A new signing secret, shown once. During the overlap every delivery carries two signatures
 * (old and new secret, as Standard Webhooks allows), so receivers switch without missing one.
 */
export async function rotateSecret(id: string, overlapMs = ROTATION_OVERLAP_MS) {
  const current = await collection('webhook_endpoints').getOne(id)
    .catch(() => null);
  if (!current) throw new AppError('NOT_FOUND', 'integrations.errors.endpoint_not_found', 'This webhook endpoint does not exist.');
  const secret = newSecret();
  const previousUntil = new Date(Date.now() + overlapMs).toISOString();
  await commitOne((uow) => uow.update('webhook_endpoints', id, { secret, previous_secret: current.secret, previous_until: previousUntil }, { expect: { secret: current.secret } })).catch((e) => {
    if (e instanceof TxFailure && e.code === 'precondition_failed') throw new AppError('CONFLICT', 'integrations.errors.rotated_meanwhile', 'The secret was rotated by someone else just now; try again.');
    throw e;
  });
  return { secret, previousUntil };
}

/** the secrets that sign a delivery now: the current one, and the previous one during the overlap */
export function signingSecrets(e: Pick<EndpointRecord, 'secret' | 'previous_secret' | 'previous_until'>, now = Date.now()): string[] {
  const previousValid = e.previous_secret && e.previous_until && Date.parse(e.previous_until.replace(' ', 'T')) > now;
  return previousValid ? [e.secret, e.previous_secret] : [e.secret];
}

function checkUrl(url: string) {
  const problem = urlProblem(url);
  if (problem) throw new AppError('BAD_REQUEST', 'integrations.errors.url_refused', `The URL cannot receive webhooks: ${problem}.`, { field: 'url', problem });
}

export async function activeEndpoints(): Promise<EndpointRecord[]> {
  return collection('webhook_endpoints').getFullList({ filter: 'active = true' });
}

export async function listEndpoints(): Promise<EndpointView[]> {
  return collection('webhook_endpoints').getFullList<EndpointView>({ sort: '-created', fields: VIEW_FIELDS });
}

export async function createEndpoint(input: { url: string; description?: string; events: WebhookEvent[] }, staffId: string) {
  checkUrl(input.url);
  const secret = newSecret();
  const uow = new UnitOfWork();
  const ref = uow.create('webhook_endpoints', {
    url: input.url,
    description: input.description ?? '',
    events: [...new Set(input.events)],
    active: true,
    secret,
    previous_secret: '',
    previous_until: '',
    failing_since: '',
    disabled_reason: '',
    created_by: staffId
  });
  const done = await uow.commit();
  forgetEndpoints();
  return { id: done.id(ref), secret };
}

function notFound(e: unknown): never {
  if (e instanceof TxFailure && e.code === 'not_found') throw new AppError('NOT_FOUND', 'integrations.errors.endpoint_not_found', 'This webhook endpoint does not exist.');
  throw e;
}

export async function updateEndpoint(input: { id: string; url?: string; description?: string; events?: WebhookEvent[]; active?: boolean }) {
  if (input.url !== undefined) checkUrl(input.url);
  const patch: TxUpdate<'webhook_endpoints'> = {};
  if (input.url !== undefined) patch.url = input.url;
  if (input.description !== undefined) patch.description = input.description;
  if (input.events !== undefined) patch.events = [...new Set(input.events)];
  if (input.active !== undefined) {
    patch.active = input.active;
    // switched on again: the failure that switched it off is history
    if (input.active) {
      patch.failing_since = '';
      patch.disabled_reason = '';
    }
  }
  await commitOne((uow) => uow.update('webhook_endpoints', input.id, patch)).catch(notFound);
  forgetEndpoints();
  return { ok: true };
}

export async function deleteEndpoint(id: string) {
  await commitOne((uow) => uow.delete('webhook_endpoints', id)).catch(notFound);
  forgetEndpoints();
  return { ok: true };
}

/** a delivery as the endpoint's log shows it */
export type DeliveryView = Omit<WebhookDeliveryRecord, 'endpoint'>;

export async function listDeliveries(endpointId: string, page = 1) {
  const res = await collection('webhook_deliveries').getList<DeliveryView>(page, 50, { filter: `endpoint = ${filterValue(endpointId)}`, sort: '-created,-id' });
  return { items: res.items, page: res.page, totalPages: res.totalPages };
}

/** Sends the event of a logged delivery to its endpoint again (same event id, a new outbox row). */
export async function replayDeliveries(deliveryIds: string[]) {
  let queued = 0;
  const uow = new UnitOfWork();
  const seen = new Set<string>();
  for (const id of deliveryIds) {
    const d = await collection('webhook_deliveries').getOne<DeliveryView & { endpoint: string }>(id)
      .catch(() => null);
    if (!d) throw new AppError('NOT_FOUND', 'integrations.errors.delivery_not_found', 'This delivery is not in the log.');
    if (!d.outbox || seen.has(`${d.endpoint}:${d.event_id}`)) continue;
    seen.add(`${d.endpoint}:${d.event_id}`);
    const row = await collection('outbox').getOne<{ payload: unknown; topic: string; order: string }>(d.outbox)
      .catch(() => null);
    if (!row) continue;
    uow.create(
      'outbox',
      { kind: 'webhook', topic: row.topic, recipient: d.endpoint, subject: 'replay', payload: row.payload, status: 'pending', attempts: 0, next_attempt_at: new Date().toISOString(), message_id: `${d.event_id}:${d.endpoint}:replay:${randomBytes(6).toString('hex')}`, order: row.order },
      { quiet: true }
    );
    queued++;
  }
  if (queued) {
    uow.afterCommit(outboxQueued);
    await uow.commit();
  }
  return { queued };
}
