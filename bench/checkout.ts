/**
 * Checkout benchmark (F03): 50 concurrent shoppers place 3-line orders for 30 s against a real
 * app server and PocketBase with the demo shop, after a 5 s warm-up that is not counted
 * (BENCH_WARMUP_S). One product is scarce, so many orders race for its last units in the
 * measured time. Afterwards every product is checked: never oversold, ledger = stock; and the
 * outbox says how many of the rush's e-mails went out during it and how fast the rest follow.
 *   npm run bench -- checkout [seconds] [clients]  -> table on stdout, bench-results/checkout.json
 * BENCH_QUIET_S (default 10) is how long the mail is watched after the rush; 0 skips that, so
 * a CPU profile of the app server (PACKBENCH_NODE_FLAGS=--cpu-prof) shows only the rush.
 * Each shopper orders under one e-mail address, so after its first order the customer exists;
 * BENCH_NEW_CUSTOMERS=1 gives every order a new address (a new customer each: the worst case
 * for what creating a customer costs, e.g. its search words).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import PocketBase from 'pocketbase';
import { ledgerViolations } from '../tests/support/stock/ledger-check';
import { percentile, startBenchStack, writeResult } from './_lib';

const SECONDS = Number(process.argv[2] ?? 30);
const CLIENTS = Number(process.argv[3] ?? 50);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 5);
const SCARCE_UNITS = 400;
const PLENTY = 1_000_000;

// the per-address limit protects the shop from one client; here every shopper shares 127.0.0.1
process.env.SHOP_ORDERS_PER_10_MIN = String(1e9);
// the shoppers' proof of work (issue #12, finding 3) costs each shopper about a second of
// hashing in the browser and the server two HMACs; this bench measures order intake
process.env.SHOP_CHALLENGE = 'off';

interface Product {
  id: string;
  sku: string;
  on_hand: number;
  reserved: number;
}

/** each child process of this one (PocketBase, the app server) by command name: CPU time (ms) used so far, and peak memory (MB) */
function children(): Record<string, { cpuMs: number; peakRssMb: number }> {
  const tick = 1000 / 100; // USER_HZ
  const out: Record<string, { cpuMs: number; peakRssMb: number }> = {};
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      const c = (out[name] ??= { cpuMs: 0, peakRssMb: 0 });
      c.cpuMs += (Number(fields[11]) + Number(fields[12])) * tick;
      c.peakRssMb = Math.max(c.peakRssMb, Math.round(hwmKb / 1024));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

async function main() {
  const stack = await startBenchStack();
  const pb = new PocketBase(stack.pocketbase.url);
  pb.autoCancellation(false);
  await pb.collection('_superusers').authWithPassword(stack.pocketbase.email, stack.pocketbase.password);

  // plenty of everything but one product, all through the ledger so the invariants hold
  const products = await pb.collection('products').getFullList<Product>({ filter: 'active = true', sort: 'sku' });
  const scarce = products.find((p) => p.sku === 'POT-GUSS-08') ?? products[0];
  const ops = products.map((p) => ({
    op: 'stock',
    product: p.id,
    delta_on_hand: p.id === scarce.id ? SCARCE_UNITS - (p.on_hand - p.reserved) : PLENTY,
    reason: 'adjustment',
    note: 'checkout benchmark'
  }));
  await pb.send('/api/packbench/tx', { method: 'POST', body: { ops } });
  const others = products.filter((p) => p.id !== scarce.id);

  const latencies: number[] = [];
  const outcomes = { placed: 0, refused_stock: 0, failed: 0 };
  const errors = new Map<string, number>();
  let seq = 0;
  // the first seconds warm up the app server's JIT and PocketBase's caches; they are not counted
  let measureFrom = Infinity;
  const deadline = Date.now() + (WARMUP_S + SECONDS) * 1000;

  // The shoppers share the machine with the servers they measure: node:http with keep-alive
  // costs the load generator about a third of what fetch does per request.
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const app = new URL(stack.appUrl);
  const post = (path: string, payload: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: app.hostname, port: app.port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        }
      );
      req.on('error', reject);
      req.end(payload);
    });

  async function shopper(n: number) {
    while (Date.now() < deadline) {
      const i = seq++;
      const picked = new Set<string>();
      // every fourth order wants the scarce product
      if (i % 4 === 0) picked.add(scarce.id);
      while (picked.size < 3) picked.add(others[Math.floor(Math.random() * others.length)].id);
      const input = {
        idempotencyKey: randomUUID(),
        name: `Bench shopper ${n}`,
        email: process.env.BENCH_NEW_CUSTOMERS ? `shopper${i}@bench.example` : `shopper${n}@bench.example`,
        fulfilmentMethod: 'ship',
        shippingAddress: { name: `Bench shopper ${n}`, street: 'Benchstraße 1', postcode: '10115', city: 'Berlin', country: 'DE' },
        paymentMethod: 'online_banking',
        locale: 'en',
        lines: [...picked].map((productId, k) => ({ productId, qty: productId === scarce.id ? 1 + (i % 3) : 1 + k }))
      };
      const t0 = performance.now();
      const counted = t0 >= measureFrom;
      const res = await post('/api/trpc/shop.placeOrder', JSON.stringify({ json: input }));
      const body = JSON.parse(res.body) as { error?: { json?: { data?: { app?: { key?: string } } } } };
      if (!counted) continue;
      latencies.push(performance.now() - t0);
      if (res.status === 200) outcomes.placed++;
      else if (body.error?.json?.data?.app?.key === 'orderflow.errors.lines_refused') outcomes.refused_stock++;
      else {
        outcomes.failed++;
        errors.set(String(res.status), (errors.get(String(res.status)) ?? 0) + 1);
      }
    }
  }

  const running = Promise.all(Array.from({ length: CLIENTS }, (_, n) => shopper(n)));
  await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
  // the scarce product's units are raced for in the measured time: top it up to SCARCE_UNITS
  const scarceNow = await pb.collection('products').getOne<Product>(scarce.id);
  await pb.send('/api/packbench/tx', { method: 'POST', body: { ops: [{ op: 'stock', product: scarce.id, delta_on_hand: SCARCE_UNITS - (scarceNow.on_hand - scarceNow.reserved), reason: 'adjustment', note: 'checkout benchmark' }] } });
  const cpuBefore = children();
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  measureFrom = started;
  await running;
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = children();
  const clientCpu = process.cpuUsage(clientBefore);
  // CPU per request, whatever else the machine is doing: what an idle 2-core machine could do
  const perRequest = (name: string) => Math.round((((cpuAfter[name]?.cpuMs ?? 0) - (cpuBefore[name]?.cpuMs ?? 0)) / latencies.length) * 100) / 100;
  const cpu = { pocketbase: perRequest('pocketbase'), app_server: perRequest('node'), bench_client: Math.round(((clientCpu.user + clientCpu.system) / 1000 / latencies.length) * 100) / 100 };
  const serverCpuMs = cpu.pocketbase + cpu.app_server;

  // the e-mails of the rush: checkout leaves them in the outbox while it is busy (src/lib/server/busy.ts)
  const mailCount = async (status: string) => (await pb.collection('outbox').getList(1, 1, { filter: `status = '${status}'`, fields: 'id' })).totalItems;
  const mailAtEnd = { pending: await mailCount('pending'), sent: await mailCount('sent') };
  // the search's word index catches up in batches (server/orders/word-index.ts): how far behind it is
  const wordIndexBehind = (await pb.collection('order_words_pending').getList(1, 1, { fields: 'id' })).totalItems;
  const QUIET_S = Number(process.env.BENCH_QUIET_S ?? 10);
  await new Promise((r) => setTimeout(r, QUIET_S * 1000));
  const sentAfterQuiet = await mailCount('sent');
  const mail = {
    queued: mailAtEnd.pending + mailAtEnd.sent,
    sent_during_rush: mailAtEnd.sent,
    pending_at_end: mailAtEnd.pending,
    sent_per_s_once_quiet: Math.round(((sentAfterQuiet - mailAtEnd.sent) / QUIET_S) * 10) / 10
  };

  // invariants over every product: never oversold, stock = ledger
  const after = await pb.collection('products').getFullList<Product>({ batch: 1000 });
  const movements = await pb.collection('stock_movements').getFullList<{ product: string; delta_on_hand: number; delta_reserved: number }>({ fields: 'product,delta_on_hand,delta_reserved', batch: 5000 });
  const violations = ledgerViolations(after, movements);
  const oversold = violations.oversold.length;
  const ledgerMismatches = violations.mismatched.length;
  const scarceAfter = after.find((p) => p.id === scarce.id)!;

  const sorted = [...latencies].sort((a, b) => a - b);
  const figures = {
    seconds: Math.round(elapsed * 10) / 10,
    warmup_s: WARMUP_S,
    clients: CLIENTS,
    requests: latencies.length,
    orders_placed: outcomes.placed,
    refused_out_of_stock: outcomes.refused_stock,
    failed: outcomes.failed,
    failures_by_status: Object.fromEntries(errors),
    orders_per_s: Math.round((outcomes.placed / elapsed) * 10) / 10,
    requests_per_s: Math.round((latencies.length / elapsed) * 10) / 10,
    p50_ms: Math.round(percentile(sorted, 50) * 10) / 10,
    p99_ms: Math.round(percentile(sorted, 99) * 10) / 10,
    max_ms: Math.round(sorted[sorted.length - 1] * 10) / 10,
    cpu_ms_per_request: cpu,
    peak_rss_mb: { pocketbase: cpuAfter.pocketbase?.peakRssMb ?? null, app_server: cpuAfter.node?.peakRssMb ?? null },
    load_average_1m: Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]),
    idle_2_core_estimate_orders_per_s: serverCpuMs ? Math.round((2000 / serverCpuMs) * (outcomes.placed / latencies.length)) : null,
    scarce_product: { sku: scarce.sku, units: SCARCE_UNITS, available_after: scarceAfter.on_hand - scarceAfter.reserved },
    mail,
    word_index_orders_behind_at_end: wordIndexBehind,
    oversold,
    ledger_mismatches: ledgerMismatches
  };
  console.table({ ...figures, failures_by_status: JSON.stringify(figures.failures_by_status), cpu_ms_per_request: JSON.stringify(cpu), peak_rss_mb: JSON.stringify(figures.peak_rss_mb), scarce_product: JSON.stringify(figures.scarce_product), mail: JSON.stringify(mail) });
  writeResult('checkout', figures);
  await stack.stop();
  if (oversold || ledgerMismatches) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
