// F43 (#16): how webhook deliveries keep up. Events are handed to the app server's dispatcher
// right after the change commits (no look-up, no claim write); a failing receiver's circuit
// puts its deliveries off instead of trying each one, without using up their attempts, and
// never holds up a healthy receiver; connections to a receiver are kept alive. Real
// PocketBase, real local receivers verifying with `standardwebhooks`.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WebhookEvent } from '../../src/lib/integrations/scopes';
import { resetCircuits } from '../../src/lib/server/webhooks/circuit';
import { listeningEndpoints } from '../../src/lib/server/webhooks/endpoint-cache';
import { closeOutboundConnections } from '../../src/lib/server/webhooks/outbound';
import type { OutboxWorker } from '../../src/lib/server/outbox/worker';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { ProductRecord } from '../../src/lib/server/pocketbase/records';
import { signedInCaller } from '../support/caller';
import { api, startReceiver, webhookDesk } from '../support/integrations';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>['caller'];
type Receiver = Awaited<ReturnType<typeof startReceiver>>;
let manager: Caller;
let key: string;
let product: ProductRecord;
let worker: OutboxWorker;
const receivers: Receiver[] = [];
const endpoints: string[] = [];

beforeAll(async () => {
  // no realtime and a poll once a minute: what arrives within seconds came through the dispatcher
  // or a wake-up, not the fallback poll
  ({ manager, key, product, worker } = await webhookDesk({ keyName: 'Dispatch client', stock: 1000, worker: { retryFor: { webhook: { baseMs: 100, capMs: 400, maxAttempts: 4 } }, pollMs: 60_000, realtime: false } }));
});

afterEach(async () => {
  for (const id of endpoints.splice(0)) await manager.integrations.updateEndpoint({ id, active: false });
  resetCircuits();
});

afterAll(async () => {
  await worker.stop();
  await Promise.all(receivers.map((r) => r.close()));
  closeOutboundConnections();
});

async function receiverWithEndpoint(events: WebhookEvent[] = ['stock.changed']) {
  const receiver = await startReceiver();
  receivers.push(receiver);
  const made = await manager.integrations.createEndpoint({ url: receiver.url('/hook'), events });
  receiver.state.secret = made.secret;
  endpoints.push(made.id);
  // the endpoint list is known in memory again (else the event goes as one fan-out row)
  await vi.waitFor(() => expect(listeningEndpoints(events[0])).toContain(made.id));
  return { receiver, endpoint: made };
}

const receipt = (qty = 1) => api(key, 'POST', '/stock/receipts', { body: { product_id: product.id, qty, note: 'dispatch test' } });
const rowsFor = (endpointId: string) => pb().collection('outbox').getFullList<{ id: string; status: string; attempts: number }>({ filter: `kind = 'webhook' && recipient = '${endpointId}'` });

describe('F43 webhook delivery path', () => {
  it('F43 an event goes out right after its change commits, written already claimed, recorded with its log line', async () => {
    const { receiver, endpoint } = await receiverWithEndpoint();
    const before = worker.dispatcher!.delivered;
    expect((await receipt(2)).status).toBe(201);
    await vi.waitFor(() => expect(receiver.state.received).toHaveLength(1), { timeout: 5000 });
    expect(receiver.state.received[0]).toMatchObject({ type: 'stock.changed', verified: true, data: { delta_on_hand: 2 } });
    expect(worker.dispatcher!.delivered).toBe(before + 1);
    await vi.waitFor(async () => expect(await rowsFor(endpoint.id)).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })]));
    const log = await manager.integrations.deliveries({ endpointId: endpoint.id });
    expect(log.items.map((d) => [d.attempt, d.status_code, d.ok])).toEqual([[1, 200, true]]);
  });

  it('F43 a receiver that is down gets one probe per backoff, not one request per event; when it is back every event arrives once and none used up its attempts', async () => {
    const { receiver: healthy } = await receiverWithEndpoint();
    const { receiver: down, endpoint: downEndpoint } = await receiverWithEndpoint();
    let up = false;
    down.state.answer = () => ({ status: up ? 200 : 503 });
    const EVENTS = 40;
    for (let i = 0; i < EVENTS; i++) expect((await receipt()).status).toBe(201);
    // the healthy receiver is not held up by the failing one
    await vi.waitFor(() => expect(healthy.state.received).toHaveLength(EVENTS), { timeout: 10_000 });
    // let the circuit reopen and fail a few times: a handful of probes, far fewer than the events
    await vi.waitFor(() => expect(down.state.hits.get('/hook') ?? 0).toBeGreaterThanOrEqual(3), { timeout: 10_000 });
    const probes = down.state.hits.get('/hook')!;
    expect(probes).toBeLessThan(EVENTS / 4);
    // 4 attempts at most, but deliveries put off are not attempts: nothing was given up
    expect((await rowsFor(downEndpoint.id)).filter((r) => r.status !== 'pending')).toEqual([]);
    const cut = down.state.received.length;
    up = true;
    await vi.waitFor(() => expect(new Set(down.state.received.filter((r) => r.verified).map((r) => r.id)).size).toBe(EVENTS), { timeout: 15_000 });
    await vi.waitFor(async () => expect((await rowsFor(downEndpoint.id)).every((r) => r.status === 'sent')).toBe(true));
    // each event once after the recovery (what came before was answered 503)
    const accepted = down.state.received.slice(cut).map((r) => r.id);
    expect(accepted).toHaveLength(new Set(accepted).size);
  });

  it('F43 connections to a receiver are kept alive, and a kept connection the receiver drops is retried at once on a new one', async () => {
    const { receiver, endpoint } = await receiverWithEndpoint();
    for (let i = 1; i <= 5; i++) {
      await receipt();
      await vi.waitFor(() => expect(receiver.state.received).toHaveLength(i), { timeout: 5000 });
    }
    expect(receiver.state.connections).toBe(1);
    receiver.state.dropReused = true;
    await receipt();
    await vi.waitFor(() => expect(receiver.state.received).toHaveLength(6), { timeout: 5000 });
    expect(receiver.state.dropped).toBe(1);
    expect(receiver.state.connections).toBe(2);
    // one attempt, delivered: the dropped connection was not a failed delivery
    await vi.waitFor(async () => expect((await manager.integrations.deliveries({ endpointId: endpoint.id })).items.filter((d) => !d.ok)).toEqual([]));
    expect((await rowsFor(endpoint.id)).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });
});
