// F43 (#16): the webhook history is kept WEBHOOK_LOG_DAYS (30) and then pruned by the
// scheduler: delivery log lines and delivered or given-up webhook rows go; pending deliveries
// (still retrying) and e-mail rows (the orders' mail history) stay.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { pruneWebhookHistory } from '../../src/lib/server/webhooks/retention';
import { schedulerTick } from '../../src/lib/server/payments/scheduler';
import { pb } from '../../src/lib/server/pocketbase/client';
import { signedInCaller } from '../support/caller';
import { createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

const DAY = 86_400_000;
type Caller = Awaited<ReturnType<typeof signedInCaller>>['caller'];
let manager: Caller;
let endpointId: string;

beforeAll(async () => {
  const { staff, password } = await createStaff('manager');
  manager = (await signedInCaller(staff.email, password)).caller;
  endpointId = (await manager.integrations.createEndpoint({ url: 'https://hooks.example.com/packbench', events: ['order.placed'] })).id;
});

/** a day's webhook traffic as the worker leaves it, plus e-mail */
async function history() {
  const row = (kind: 'webhook' | 'email', status: string) =>
    pb().collection('outbox').create({ kind, topic: kind === 'webhook' ? 'order.placed' : 'order_confirmation', recipient: kind === 'webhook' ? endpointId : 'kunde@example.com', status, attempts: 1, message_id: randomUUID(), payload: {} });
  const rows = { sent: await row('webhook', 'sent'), dead: await row('webhook', 'dead'), pending: await row('webhook', 'pending'), mail: await row('email', 'sent') };
  for (const outbox of [rows.sent.id, rows.dead.id]) {
    await pb().collection('webhook_deliveries').create({ endpoint: endpointId, outbox, event_id: randomUUID(), event_type: 'order.placed', attempt: 1, status_code: 200, latency_ms: 12, ok: true });
  }
  return rows;
}
const exists = (collection: string, id: string) => pb().collection(collection).getOne(id).then(() => true, () => false);

describe('F43 webhook history retention (#16)', () => {
  it('keeps everything younger than 30 days, then deletes the log and the finished webhook rows, not pending ones or e-mail', async () => {
    const rows = await history();
    expect((await manager.integrations.deliveries({ endpointId })).items).toHaveLength(2);

    expect(await pruneWebhookHistory(new Date(Date.now() + 29 * DAY))).toEqual({ deliveries: 0, events: 0 });
    expect((await manager.integrations.deliveries({ endpointId })).items).toHaveLength(2);

    expect(await pruneWebhookHistory(new Date(Date.now() + 31 * DAY))).toEqual({ deliveries: 2, events: 2 });
    expect((await manager.integrations.deliveries({ endpointId })).items).toEqual([]);
    expect(await exists('outbox', rows.sent.id)).toBe(false);
    expect(await exists('outbox', rows.dead.id)).toBe(false);
    expect(await exists('outbox', rows.pending.id)).toBe(true);
    expect(await exists('outbox', rows.mail.id)).toBe(true);
  });

  it('deletes more than one batch, and the scheduler does it at most once an hour', async () => {
    for (let i = 0; i < 3; i++) await history();
    const uow = Array.from({ length: 1200 }, () => ({ endpoint: endpointId, event_id: randomUUID(), event_type: 'order.placed', attempt: 1, status_code: 500, latency_ms: 5, ok: false, error: 'receiver answered 500' }));
    await Promise.all(Array.from({ length: 12 }, (_, k) => Promise.all(uow.slice(k * 100, (k + 1) * 100).map((d) => pb().collection('webhook_deliveries').create(d)))));
    const future = new Date(Date.now() + 31 * DAY);
    expect((await schedulerTick(future)).pruned).toEqual({ deliveries: 1206, events: 6 });
    expect((await schedulerTick(new Date(future.getTime() + 10 * 60_000))).pruned).toBeNull();
    expect((await pb().collection('webhook_deliveries').getList(1, 1)).totalItems).toBe(0);
  });
});
