/**
 * Webhooks benchmark (F43): EVENTS stock receipts through the REST API (one `stock.changed`
 * each) go to three local receivers that verify every signature with the `standardwebhooks`
 * library; the third answers 503 for DOWN_S seconds from the start and then comes back (its
 * deliveries are retried with backoff; WEBHOOK_RETRY_* shortened here). Then checkout through
 * the API is measured for CHECKOUT_S seconds with the three endpoints on, and again with them
 * off, in the same run.
 *   npm run bench -- webhooks [events=10000] [downSeconds=60] [checkoutSeconds=10]
 * bench-results/webhooks.json: lost (must be 0), bad_signatures (must be 0), duplicates,
 * p99_delivery_ms for the healthy receivers (event queued → received), checkout_ratio.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import PocketBase from 'pocketbase';
import { startReceiver } from '../tests/support/webhook-receiver';
import { percentile, startBenchStack, writeResult } from './_lib';

const EVENTS = Number(process.argv[2] ?? 10_000);
const DOWN_S = Number(process.argv[3] ?? 60);
const CHECKOUT_S = Number(process.argv[4] ?? 10);
const CLIENTS = 16;
const DRAIN_TIMEOUT_S = Number(process.env.BENCH_DRAIN_TIMEOUT_S ?? 600);

process.env.WEBHOOK_ALLOW_HOSTS = '127.0.0.1';
process.env.WEBHOOK_RETRY_BASE_MS ??= '2000';
process.env.WEBHOOK_RETRY_CAP_MS ??= '15000';
process.env.WEBHOOK_MAX_ATTEMPTS ??= '40';
process.env.API_RATE_LIMIT = String(1e9);

async function main() {
  const stack = await startBenchStack();
  const cookie = await stack.signIn('manager');
  const trpc = async <T>(path: string, input: unknown): Promise<T> => {
    const res = await fetch(`${stack.appUrl}/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: `packbench_session=${cookie}` }, body: JSON.stringify({ json: input }) });
    const body = (await res.json()) as { result?: { data: { json: T } }; error?: unknown };
    if (!res.ok || !body.result) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(body.error).slice(0, 300)}`);
    return body.result.data.json;
  };
  const pb = new PocketBase(stack.pocketbase.url);
  pb.autoCancellation(false);
  await pb.collection('_superusers').authWithPassword(stack.pocketbase.email, stack.pocketbase.password);
  const products = await pb.collection('products').getFullList<{ id: string }>({ filter: 'active = true' });
  await pb.send('/api/packbench/tx', { method: 'POST', body: { ops: products.map((p) => ({ op: 'stock', product: p.id, delta_on_hand: 1_000_000, reason: 'adjustment', note: 'webhooks benchmark' })) } });

  const key = (await trpc<{ secret: string }>('integrations.createKey', { name: 'bench', scopes: ['stock:write', 'orders:write'] })).secret;
  const receivers = await Promise.all([startReceiver(), startReceiver(), startReceiver()]);
  const arrivals = receivers.map(() => new Map<string, number>());
  const endpoints: string[] = [];
  const started = Date.now();
  for (const [i, r] of receivers.entries()) {
    const made = await trpc<{ id: string; secret: string }>('integrations.createEndpoint', { url: r.url(`/r${i}`), events: ['stock.changed', 'order.placed'] });
    r.state.secret = made.secret;
    endpoints.push(made.id);
    const down = i === 2;
    r.state.answer = () => ({ status: down && Date.now() - started < DOWN_S * 1000 ? 503 : 200 });
  }
  // when each event reached each receiver (first time), against when it was queued
  const latencies: number[] = [];
  let duplicates = 0;
  const origPush = receivers.map((r) => r.state.received.push.bind(r.state.received));
  receivers.forEach((r, i) => {
    r.state.received.push = (...items) => {
      for (const it of items) {
        const payload = JSON.parse(it.raw) as { id: string; timestamp: string };
        // what the receiver accepted (the down one answers 503 until it comes back)
        const accepted = !(i === 2 && Date.now() - started < DOWN_S * 1000);
        if (!it.verified || !accepted || it.type !== 'stock.changed') continue;
        if (arrivals[i].has(payload.id)) duplicates++;
        else {
          arrivals[i].set(payload.id, Date.now());
          if (i < 2) latencies.push(Date.now() - Date.parse(payload.timestamp));
        }
      }
      return origPush[i](...items);
    };
  });

  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const app = new URL(stack.appUrl);
  const post = (path: string, payload: unknown, headers: Record<string, string> = {}) =>
    new Promise<number>((resolve, reject) => {
      const body = JSON.stringify(payload);
      const req = http.request(
        { host: app.hostname, port: app.port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${key}`, ...headers } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        }
      );
      req.on('error', reject);
      req.end(body);
    });

  // the events
  let next = 0;
  let accepted = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < EVENTS; i = next++) {
        const status = await post('/api/v1/stock/receipts', { product_id: products[i % products.length].id, qty: 1 });
        if (status === 201) accepted++;
      }
    })
  );
  const producedS = (Date.now() - t0) / 1000;
  console.log(`${accepted} events in ${producedS.toFixed(1)} s; waiting for delivery…`);
  const deadline = Date.now() + DRAIN_TIMEOUT_S * 1000;
  while (Date.now() < deadline && arrivals.some((a) => a.size < accepted)) await new Promise((r) => setTimeout(r, 500));
  const drainedS = (Date.now() - t0) / 1000;

  // checkout with webhooks on, then off
  const checkout = async () => {
    let placed = 0;
    const end = Date.now() + CHECKOUT_S * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (Date.now() < end) {
          const status = await post(
            '/api/v1/orders',
            { customer: { name: 'Bench till' }, fulfilment_method: 'collect', payment_method: 'cash', lines: [{ product_id: products[Math.floor(Math.random() * products.length)].id, qty: 1 }] },
            { 'idempotency-key': randomUUID() }
          );
          if (status === 201) placed++;
        }
      })
    );
    return placed / CHECKOUT_S;
  };
  const onRate = await checkout();
  for (const id of endpoints) await trpc('integrations.updateEndpoint', { id, active: false });
  const offRate = await checkout();

  const lost = arrivals.reduce((n, a) => n + Math.max(0, accepted - a.size), 0);
  const badSignatures = receivers.reduce((n, r) => n + r.state.badSignatures, 0);
  const sorted = latencies.sort((a, b) => a - b);
  const result = {
    events: accepted,
    receivers: 3,
    down_seconds: DOWN_S,
    produced_per_s: Math.round(accepted / producedS),
    all_delivered_after_s: Math.round(drainedS),
    lost,
    bad_signatures: badSignatures,
    duplicates,
    p50_delivery_ms: percentile(sorted, 50),
    p99_delivery_ms: percentile(sorted, 99),
    checkout_per_s_webhooks_on: Math.round(onRate * 10) / 10,
    checkout_per_s_webhooks_off: Math.round(offRate * 10) / 10,
    checkout_ratio: Math.round((onRate / offRate) * 100) / 100,
    outbox_concurrency: Number(process.env.OUTBOX_CONCURRENCY ?? 4)
  };
  console.table(result);
  writeResult('webhooks', result);
  await Promise.all(receivers.map((r) => r.close()));
  await stack.stop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
