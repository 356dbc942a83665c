// F43: webhooks out, end to end against a real PocketBase and a real local HTTP receiver that
// verifies every delivery with the `standardwebhooks` library: delivered and verified, retried
// after a 500, redirects not followed, private addresses refused, replay from the log, an
// endpoint failing too long switched off with the owner e-mailed.
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OutboxWorker } from '../../src/lib/server/outbox/worker';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { ProductRecord } from '../../src/lib/server/pocketbase/records';
import { signedInCaller } from '../support/caller';
import { createStaff, createStockedProduct } from '../support/factories';
import { api, startReceiver, webhookDesk } from '../support/integrations';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>['caller'];
let manager: Caller;
let key: string;
let product: ProductRecord;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let worker: OutboxWorker;
const endpoints: string[] = [];

beforeAll(async () => {
  ({ manager, key, product, worker } = await webhookDesk({ keyName: 'Webhook client', stock: 100, worker: { retryFor: { webhook: { baseMs: 50, capMs: 200, maxAttempts: 6 } }, pollMs: 200 } }));
  receiver = await startReceiver();
});

afterEach(async () => {
  // one endpoint at a time
  for (const id of endpoints.splice(0)) await manager.integrations.updateEndpoint({ id, active: false });
  receiver.state.answer = () => ({ status: 200 });
});

afterAll(async () => {
  await worker.stop();
  await receiver.close();
});

async function endpoint(path: string, events: Parameters<Caller['integrations']['createEndpoint']>[0]['events'] = ['order.placed', 'order.cancelled', 'stock.changed'], url = receiver.url(path)) {
  const made = await manager.integrations.createEndpoint({ url, events });
  receiver.state.secret = made.secret;
  endpoints.push(made.id);
  return made;
}

const placeOrder = () =>
  api(key, 'POST', '/orders', {
    body: { customer: { name: 'Hook test', email: `hook-${randomUUID().slice(0, 6)}@example.com` }, fulfilment_method: 'collect', payment_method: 'cash', lines: [{ product_id: product.id, qty: 1 }] },
    headers: { 'idempotency-key': randomUUID() }
  });

const at = (path: string) => receiver.state.received.filter((r) => r.path === path);
const deliveries = (endpointId: string) => manager.integrations.deliveries({ endpointId }).then((d) => d.items);

describe('F43 webhooks', () => {
  it('F43 order.placed and order.cancelled are delivered, verified with standardwebhooks, with per-order sequence numbers', async () => {
    const ep = await endpoint('/ok');
    const order = await placeOrder();
    expect(order.status).toBe(201);
    await vi.waitFor(() => expect(at('/ok').filter((r) => r.type === 'order.placed')).toHaveLength(1), { timeout: 10_000 });
    await api(key, 'POST', `/orders/${order.body.id}/cancel`, { body: { reason: 'changed plans' } });
    await vi.waitFor(() => expect(at('/ok').filter((r) => r.type === 'order.cancelled')).toHaveLength(1), { timeout: 10_000 });
    const got = at('/ok');
    expect(got.every((r) => r.verified)).toBe(true);
    expect(receiver.state.badSignatures).toBe(0);
    expect(got.filter((r) => r.type.startsWith('order.')).map((r) => [r.type, r.data.order_id, r.data.sequence])).toEqual([
      ['order.placed', order.body.id, 0],
      ['order.cancelled', order.body.id, 1]
    ]);
    // every stock move is a stock.changed: the order's reservation and its release
    await vi.waitFor(() => expect(at('/ok').filter((r) => r.type === 'stock.changed')).toHaveLength(2), { timeout: 10_000 });
    const moves = at('/ok').filter((r) => r.type === 'stock.changed').map((r) => r.data);
    expect(moves).toEqual(expect.arrayContaining([
      { product_id: product.id, delta_on_hand: 0, delta_reserved: 1, delta_available: -1, reason: 'order_placed', order_id: order.body.id },
      { product_id: product.id, delta_on_hand: 0, delta_reserved: -1, delta_available: 1, reason: 'order_cancelled', order_id: order.body.id }
    ]));
    const log = await deliveries(ep.id);
    expect(log.every((d) => d.ok && d.status_code === 200 && d.response_excerpt === 'thanks')).toBe(true);
  });

  it('F43 a receiver answering 500 is retried until it accepts; every attempt is in the log', async () => {
    const ep = await endpoint('/flaky');
    receiver.state.answer = (_p, n) => ({ status: n < 3 ? 500 : 200 });
    const res = await api(key, 'POST', '/stock/receipts', { body: { product_id: product.id, qty: 3, note: 'delivery' } });
    expect(res.status).toBe(201);
    await vi.waitFor(() => expect(receiver.state.hits.get('/flaky')).toBe(3), { timeout: 10_000 });
    await vi.waitFor(async () => expect((await deliveries(ep.id)).map((d) => [d.attempt, d.status_code, d.ok])).toEqual([[3, 200, true], [2, 500, false], [1, 500, false]]), { timeout: 5000 });
    const got = at('/flaky');
    expect(new Set(got.map((r) => r.id)).size).toBe(1); // the same event id on every retry
    expect(got[0]).toMatchObject({ type: 'stock.changed', verified: true, data: { product_id: product.id, delta_on_hand: 3, delta_reserved: 0, delta_available: 3, reason: 'adjustment' } });
    // back to healthy: failing_since cleared
    expect((await manager.integrations.endpoints()).find((e) => e.id === ep.id)?.failing_since).toBe('');
  });

  it('F43 a redirect is not followed', async () => {
    const ep = await endpoint('/moved');
    receiver.state.answer = (p) => (p === '/moved' ? { status: 302, headers: { location: receiver.url('/target') } } : { status: 200 });
    await placeOrder();
    await vi.waitFor(async () => expect((await deliveries(ep.id)).some((d) => d.error.includes('redirect (302) not followed'))).toBe(true), { timeout: 10_000 });
    expect(receiver.state.hits.get('/target')).toBeUndefined();
  });

  it('F43 a private address is refused after DNS resolution, and a plain-http URL unless allowed', async () => {
    // https and a public-looking name pass the form, but localhost resolves to loopback
    const ep = await endpoint('/never', ['order.placed'], `https://localhost:${receiver.port}/never`);
    await placeOrder();
    await vi.waitFor(async () => expect((await deliveries(ep.id)).some((d) => d.error.includes('private address'))).toBe(true), { timeout: 10_000 });
    expect(receiver.state.hits.get('/never')).toBeUndefined();
    await expect(manager.integrations.createEndpoint({ url: 'http://example.com/hook', events: ['order.placed'] })).rejects.toThrow(/must use https/);
  });

  it('F43 a delivery is replayed from the log with the same event id', async () => {
    const ep = await endpoint('/replay', ['order.placed']);
    await placeOrder();
    await vi.waitFor(() => expect(at('/replay')).toHaveLength(1), { timeout: 10_000 });
    const first = await vi.waitFor(async () => {
      const [d] = await deliveries(ep.id);
      expect(d?.ok).toBe(true);
      return d;
    });
    expect(await manager.integrations.replay({ deliveryIds: [first.id] })).toEqual({ queued: 1 });
    await vi.waitFor(() => expect(at('/replay')).toHaveLength(2), { timeout: 10_000 });
    const [a, b] = at('/replay');
    expect(b.id).toBe(a.id);
    expect(b.verified).toBe(true);
  });

  it('F43 an endpoint failing for too long is switched off and the owner is e-mailed', async () => {
    process.env.WEBHOOK_DISABLE_AFTER_MS = '1';
    const { staff: owner } = await createStaff('owner');
    try {
      const ep = await endpoint('/down', ['order.placed']);
      receiver.state.answer = () => ({ status: 503 });
      await placeOrder();
      await vi.waitFor(async () => expect((await manager.integrations.endpoints()).find((e) => e.id === ep.id)?.active).toBe(false), { timeout: 10_000 });
      const mails = await pb().collection('outbox').getFullList({ filter: `kind = 'email' && topic = 'webhook_disabled' && recipient = '${owner.email}'` });
      expect(mails).toHaveLength(1);
    } finally {
      delete process.env.WEBHOOK_DISABLE_AFTER_MS;
    }
  });

  it('F43 a rotated secret: old and new secrets both verify during the overlap', async () => {
    const ep = await endpoint('/rotate', ['order.placed']);
    const old = receiver.state.secret;
    const rotated = await manager.integrations.rotateSecret({ id: ep.id });
    expect(rotated.secret).not.toBe(old);
    await placeOrder();
    await vi.waitFor(() => expect(at('/rotate')).toHaveLength(1), { timeout: 10_000 });
    const [got] = at('/rotate');
    expect(got.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(old).verify(got.raw, got.headers)).not.toThrow();
    expect(() => new Webhook(rotated.secret).verify(got.raw, got.headers)).not.toThrow();
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(got.raw, got.headers)).toThrow();
  });

  it('F43 nothing is queued when the change fails: a refused order writes no event', async () => {
    const before = (await pb().collection('outbox').getList(1, 1, { filter: `kind = 'webhook'` })).totalItems;
    const res = await api(key, 'POST', '/orders', {
      body: { customer: { name: 'Too many' }, fulfilment_method: 'collect', payment_method: 'cash', lines: [{ product_id: product.id, qty: 10_000 }] },
      headers: { 'idempotency-key': randomUUID() }
    });
    expect(res.status).toBe(409);
    expect((await pb().collection('outbox').getList(1, 1, { filter: `kind = 'webhook'` })).totalItems).toBe(before);
  });

  it('F43 #14 product.updated goes out for edits in the catalogue screen and the CSV import, naming the fields and who changed them', async () => {
    await endpoint('/products', ['product.updated']);
    const { staff, password } = await createStaff('manager');
    const editor = (await signedInCaller(staff.email, password)).caller;
    const p = await createStockedProduct(5);
    const shown = await editor.catalogue.get({ id: p.id });
    await editor.catalogue.update({ id: p.id, version: shown.version, patch: { priceCents: shown.priceCents + 100, name: shown.name } });
    await vi.waitFor(() => expect(at('/products')).toHaveLength(1), { timeout: 10_000 });
    expect(at('/products')[0]).toMatchObject({ type: 'product.updated', verified: true, data: { product_id: p.id, changed: ['price_cents'], by: staff.name } });
    // the CSV import: one event per product it changes
    const csv = `sku;name;gtins;bin;price;tax_rate;weight_g;low_stock_threshold;active\n${p.sku};Renamed by CSV;;;9,99;19;0;0;yes\n`;
    const gzipBase64 = gzipSync(Buffer.from(csv, 'utf8')).toString('base64');
    const preview = await editor.catalogue.previewImport({ gzipBase64 });
    const row = preview.rows.find((r) => r.sku === p.sku)!;
    expect(row.action).toBe('update');
    await editor.catalogue.applyImport({ gzipBase64, lines: [[row.line, row.action === 'update' ? row.version : 0]] });
    await vi.waitFor(() => expect(at('/products')).toHaveLength(2), { timeout: 10_000 });
    expect(at('/products')[1].data).toMatchObject({ product_id: p.id, by: `CSV import: ${staff.name}` });
    expect(at('/products')[1].data.changed).toEqual(expect.arrayContaining(['name', 'price_cents']));
  });
});
