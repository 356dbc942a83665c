/**
 * Search benchmark (F26, issue #15): the order queue's query kinds on a shop at scale while a
 * background load places 20 orders/s through the web checkout. The scale data is built when
 * missing (`npm run seed:scale`, pb_data_scale/ or SCALE_DATA_DIR); each kind is asked
 * BENCH_ROUNDS times (default 40) after 3 uncounted warm-ups, one request at a time through
 * the app server's tRPC endpoint, as the queue screen asks (list only; the count is its own
 * lazy request and is measured as `count_*`).
 *   npm run bench -- search [orders]   -> table on stdout, bench-results/search.json
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import PocketBase from 'pocketbase';
import { startAppServer } from '../scripts/lib/app-server.js';
import { buildIfStale } from '../scripts/lib/build.js';
import { freePort, resolvePocketBase, startPocketBaseOnFreePort } from '../scripts/lib/pocketbase.js';
import { demoCredentials } from '../scripts/lib/seed.js';
import { seedScale } from '../scripts/seed-scale.js';
import { percentile, writeResult } from './_lib';

const ORDERS = Number(process.argv[2] ?? process.env.SCALE_ORDERS ?? 200000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const LOAD_PER_S = 20;
process.env.SHOP_ORDERS_PER_10_MIN = String(1e9);
process.env.SHOP_CHALLENGE = 'off';

function request(base: string, method: 'GET' | 'POST', path: string, cookie: string, body?: string) {
  const url = new URL(path, base);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, agent: keepAlive, headers: { cookie, 'content-type': 'application/json', origin: base } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      }
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 8 });

async function main() {
  const scale = await seedScale({ orders: ORDERS });
  buildIfStale();
  const bin = await resolvePocketBase({ log: () => {} });
  const pbServer = await startPocketBaseOnFreePort({ bin, dataDir: scale.dataDir });
  const port = await freePort();
  const app = startAppServer({
    env: { PACKBENCH_MODE: 'demo', POCKETBASE_URL: pbServer.url, PB_SUPERUSER_EMAIL: scale.email, PB_SUPERUSER_PASSWORD: scale.password },
    port,
    stdio: 'ignore'
  });
  let stopLoad = false;
  try {
    await app.ready;
    const creds = demoCredentials(scale.dataDir);
    const signIn = await fetch(`${app.url}/api/trpc/auth.signIn`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ json: creds.office }) });
    const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('packbench_session='))!.split(';')[0];

    const pb = new PocketBase(pbServer.url);
    pb.autoCancellation(false);
    await pb.collection('_superusers').authWithPassword(scale.email, scale.password);
    const last = (await pb.collection('orders').getList(1, 1, { sort: '-number', fields: 'number' })).items[0].number as number;
    const first = last - ORDERS + 1;
    const mid = first + Math.floor(ORDERS * 0.75) + 1;
    const midOrder = await pb.collection('orders').getFirstListItem(`number >= ${mid} && invoice_number != ''`, { sort: 'number' });
    const shipped = await pb.collection('shipments').getList(1, 1, { sort: '-created', filter: "tracking_number != ''", fields: 'tracking_number,order' });
    const monthAgo = new Date(Date.now() - 540 * 86400000).toISOString().slice(0, 7);
    const busyProduct = (await pb.collection('products').getList(1, 1, { filter: "sku ~ 'SC-00001'", fields: 'id' })).items[0].id;
    const webProducts = (await pb.collection('products').getList(1, 3, { filter: "sku !~ 'SC-'", fields: 'id' })).items.map((p) => p.id);

    for (const product of webProducts) {
      await pb.send('/api/packbench/tx', { method: 'POST', body: { ops: [{ op: 'stock', product, delta_on_hand: 100000, reason: 'adjustment', note: 'search benchmark' }] } });
    }

    // background load: 20 web orders per second
    let placed = 0;
    let failed = 0;
    const load = (async () => {
      const interval = 1000 / LOAD_PER_S;
      let next = performance.now();
      const inflight = new Set<Promise<unknown>>();
      while (!stopLoad) {
        next += interval;
        const input = {
          idempotencyKey: randomUUID(),
          name: 'Bench Kundin',
          email: 'bench@example.com',
          fulfilmentMethod: 'collect',
          paymentMethod: 'online_banking',
          locale: 'de',
          lines: [{ productId: webProducts[placed % webProducts.length], qty: 1 }]
        };
        const p = request(app.url, 'POST', '/api/trpc/shop.placeOrder', '', JSON.stringify({ json: input })).then(
          (r) => (r.status === 200 ? placed++ : failed++),
          () => failed++
        );
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
        const wait = next - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      await Promise.all(inflight);
    })();

    const q = (proc: string, input: unknown) => `/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    const kinds: Record<string, string> = {
      page_1: q('orders.queue', {}),
      number: q('orders.queue', { search: String(mid) }),
      number_prefix: q('orders.queue', { search: `#${String(mid).slice(0, 3)}` }),
      rare_name: q('orders.queue', { search: 'Quellmalz' }),
      common_name: q('orders.queue', { search: 'Müller' }),
      name_prefix_accent: q('orders.queue', { search: 'dvor' }),
      placed_unpaid: q('orders.queue', { status: 'placed', paymentStatus: 'unpaid' }),
      month: q('orders.queue', { month: monthAgo }),
      sku: q('orders.queue', { search: 'SC-01234' }),
      email: q('orders.queue', { search: midOrder.email }),
      phone: q('orders.queue', { search: midOrder.phone }),
      tracking_number: q('orders.queue', { search: shipped.items[0].tracking_number }),
      invoice_number: q('orders.queue', { search: midOrder.invoice_number }),
      unpaid_online_banking_month: q('orders.queue', { paymentStatus: 'unpaid', paymentMethod: 'online_banking', month: monthAgo }),
      page_100_keyset: q('orders.queue', { after: String(last - 5000) }),
      ledger_page: q('stock.ledger', { productId: busyProduct }),
      payment_queue: q('payments.queue', { page: 1, perPage: 50 }),
      payment_queue_bank: q('payments.queue', { method: 'online_banking', page: 1, perPage: 50 }),
      payment_queue_page_400: q('payments.queue', { page: 400, perPage: 50 }),
      outbox_page: q('mail.outbox', { page: 1, perPage: 50 }),
      outbox_page_200: q('mail.outbox', { page: 200, perPage: 50 }),
      count_common_name: q('orders.queueCount', { search: 'Müller' }),
      count_rare_name: q('orders.queueCount', { search: 'Quellmalz' })
    };
    const results: Record<string, { p50_ms: number; p95_ms: number; rows: number }> = {};
    for (const [kind, path] of Object.entries(kinds)) {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < ROUNDS + 3; i++) {
        const t0 = performance.now();
        const res = await request(app.url, 'GET', path, cookie);
        const ms = performance.now() - t0;
        if (res.status !== 200) throw new Error(`${kind}: ${res.status} ${res.body.slice(0, 300)}`);
        if (i >= 3) times.push(ms);
        const data = JSON.parse(res.body).result.data.json;
        rows = data.items?.length ?? data.count ?? 0;
      }
      times.sort((a, b) => a - b);
      results[kind] = { p50_ms: Math.round(percentile(times, 50) * 10) / 10, p95_ms: Math.round(percentile(times, 95) * 10) / 10, rows };
      console.log(`${kind.padEnd(30)} p50 ${String(results[kind].p50_ms).padStart(7)} ms   p95 ${String(results[kind].p95_ms).padStart(7)} ms   rows ${rows}`);
    }
    stopLoad = true;
    await load;
    writeResult('search', { orders: ORDERS, rounds: ROUNDS, background_orders_per_s: LOAD_PER_S, background_placed: placed, background_failed: failed, kinds: results });
  } finally {
    stopLoad = true;
    await app.stop();
    await pbServer.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
