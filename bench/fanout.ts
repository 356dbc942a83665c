/**
 * Fan-out of live picks (F15): 50 tablet sockets in the same order and pack rooms; one of them
 * submits picks through tRPC at a steady rate; each pick is timed from the request to its
 * event at every other socket. A bare Socket.IO broadcast on the same machine is the baseline.
 * Also reports the pick screen's initial JavaScript from the build manifest.
 *   npm run bench -- fanout        -> table on stdout, bench-results/fanout.json
 *   npm run bench -- fanout -- --servers 2   -> also two app servers over Redis (issue #17):
 *   `servers_2` in the JSON, p99 against the single server's p99 of the same run
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import PocketBase from 'pocketbase';
import { io as connect, type Socket } from 'socket.io-client';
import { percentile, startBenchStack, writeResult } from './_lib';
import { measureTwoServers } from './_fanout-servers';
import { ROOT } from '../scripts/lib/pocketbase.js';

const TABLETS = 50;
const RATE_PER_S = 20;
const PICKS = 300;
const WARMUP = 20;
const DRAIN_MS = 3000;

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: round(percentile(s, 50)), p99: round(percentile(s, 99)), max: round(s[s.length - 1] ?? NaN) };
};
const round = (n: number) => Math.round(n * 100) / 100;

/** 50 packers, each with a session as if signed in on its own tablet. */
async function tabletSessions(pb: PocketBase, n: number) {
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const password = randomBytes(12).toString('hex');
    const staff = await pb.collection('staff').create({ email: `bench-packer-${i}@packbench.test`, name: `Bench Packer ${i}`, role: 'packer', active: true, locale: 'en', password, passwordConfirm: password });
    const token = randomBytes(32).toString('base64url');
    await pb.collection('sessions').create({ token_hash: createHash('sha256').update(token).digest('hex'), staff: staff.id, method: 'password', device: '', expires: new Date(Date.now() + 86_400_000).toISOString(), revoked: false });
    tokens.push(token);
  }
  return tokens;
}

/** A paid order with one line big enough for every pick of the run. */
async function benchOrder(pb: PocketBase) {
  const product = await pb.collection('products').getFirstListItem(`sku = 'TEA-EARL-200'`);
  const number = 900_000 + Math.floor(Math.random() * 90_000);
  const order = await pb.collection('orders').create({
    number, channel: 'web', status: 'placed', payment_status: 'paid', fulfilment_status: 'unfulfilled', payment_method: 'card', fulfilment_method: 'ship',
    customer_name: 'Fan-out Bench', currency: 'EUR', tracking_token: randomBytes(18).toString('base64url'), version: 1, placed_at: new Date().toISOString()
  });
  await pb.collection('order_lines').create({ order: order.id, product: product.id, sku: product.sku, name: product.name, qty: 1_000_000, picked: 0, position: 0 });
  return { orderId: order.id as string, sku: product.sku as string };
}

function connectAll(url: string, tokens: string[], onConnect?: (s: Socket) => Promise<void>): Promise<Socket[]> {
  return Promise.all(
    tokens.map(
      (token) =>
        new Promise<Socket>((resolve, reject) => {
          const s = connect(url, { path: '/socket.io', transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: token ? { cookie: `packbench_session=${token}` } : {} });
          s.once('connect', () => (onConnect ? onConnect(s) : Promise.resolve()).then(() => resolve(s), reject));
          s.once('connect_error', reject);
        })
    )
  );
}

/** Steady rate, open loop: request i starts at i / rate, whatever the earlier ones do. */
async function steady(count: number, perSecond: number, send: (i: number) => Promise<void>) {
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / perSecond;
    const delay = due - performance.now();
    if (delay > 0) await wait(delay);
    inFlight.push(send(i));
  }
  await Promise.all(inFlight);
}

async function measurePicks(appUrl: string, tokens: string[], orderId: string, sku: string) {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const requestMs: number[] = [];
  const arrivals = new Map<string, number>();
  const sockets = await connectAll(appUrl, tokens, async (s) => {
    for (const room of [`order:${orderId}`, 'pack']) {
      const res = await new Promise<{ ok: boolean }>((r) => s.emit('join' as never, room as never, r as never));
      if (!res.ok) throw new Error(`could not join ${room}`);
    }
  });
  sockets.slice(1).forEach((s) =>
    s.on('record' as never, ((e: { collection: string; room: string; record: { client_scan_id?: string } }) => {
      const id = e.collection === 'picks' && e.room.startsWith('order:') ? e.record.client_scan_id : undefined;
      const t0 = id ? sentAt.get(id) : undefined;
      if (t0 === undefined || !id) return;
      latencies.push(performance.now() - t0);
      arrivals.set(id, (arrivals.get(id) ?? 0) + 1);
    }) as never)
  );
  const pick = async (i: number, measured: boolean) => {
    const clientScanId = `bench-${i}-${randomBytes(6).toString('hex')}`;
    const t0 = performance.now();
    if (measured) sentAt.set(clientScanId, t0);
    const res = await fetch(`${appUrl}/api/trpc/pack.pick`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `packbench_session=${tokens[0]}` },
      body: JSON.stringify({ json: { orderId, code: sku, qty: 1, clientScanId } })
    });
    if (!res.ok) throw new Error(`pick ${i} failed: ${res.status} ${await res.text()}`);
    if (measured) requestMs.push(performance.now() - t0);
  };
  await steady(WARMUP, RATE_PER_S, (i) => pick(i, false));
  await steady(PICKS, RATE_PER_S, (i) => pick(WARMUP + i, true));
  await wait(DRAIN_MS);
  sockets.forEach((s) => s.disconnect());
  const expected = PICKS * (TABLETS - 1);
  return { latencies, requestMs, lost: expected - latencies.length, expected, duplicates: [...arrivals.values()].filter((n) => n > TABLETS - 1).length };
}

/** The PocketBase write alone: the pick's unit of work posted straight to the tx route. */
async function measureWrites(pb: PocketBase, orderId: string) {
  const line = await pb.collection('order_lines').getFirstListItem(`order = '${orderId}'`);
  const ms: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    await pb.send('/api/packbench/tx', {
      method: 'POST',
      body: { ops: [
        { op: 'update', collection: 'orders', id: orderId, body: {}, expect: { status: 'placed', payment_status: 'paid', fulfilment_status: 'picking' } },
        { op: 'create', collection: 'picks', body: { order: orderId, order_line: line.id, qty: 1, client_scan_id: `bench-tx-${i}-${randomBytes(4).toString('hex')}` } },
        { op: 'increment', collection: 'order_lines', id: line.id, field: 'picked', by: 1, maxField: 'qty' }
      ] }
    });
    ms.push(performance.now() - t0);
  }
  return ms;
}

/** A bare Socket.IO server in its own process: one client emits, the server broadcasts to the room. */
async function measureBaseline() {
  const server = spawn(
    process.execPath,
    ['--input-type=module', '-e', `
      import { createServer } from 'node:http';
      import { Server } from 'socket.io';
      const http = createServer();
      const io = new Server(http, { path: '/socket.io', serveClient: false });
      io.on('connection', (s) => { s.join('room'); s.on('ping', (m) => io.to('room').emit('pong', m)); });
      http.listen(0, '127.0.0.1', () => process.send({ port: http.address().port }));
    `],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }
  );
  const port = await new Promise<number>((r) => server.once('message', (m: { port: number }) => r(m.port)));
  const url = `http://127.0.0.1:${port}`;
  const sockets = await connectAll(url, Array.from({ length: TABLETS }, () => ''));
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  sockets.slice(1).forEach((s) =>
    s.on('pong', (id: string) => {
      const t0 = sentAt.get(id);
      if (t0 !== undefined) latencies.push(performance.now() - t0);
    })
  );
  await steady(WARMUP + PICKS, RATE_PER_S, async (i) => {
    const id = `b${i}`;
    if (i >= WARMUP) sentAt.set(id, performance.now());
    sockets[0].emit('ping', id);
  });
  await wait(DRAIN_MS);
  sockets.forEach((s) => s.disconnect());
  server.kill();
  return { latencies, lost: PICKS * (TABLETS - 1) - latencies.length };
}

/** Gzipped JS the browser loads before the pick screen shows (start, app, nodes and their imports). */
function pickScreenBundle() {
  const out = join(ROOT, '.svelte-kit', 'output', 'client');
  const manifest = JSON.parse(readFileSync(join(out, '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string; imports?: string[] }>;
  const app = readFileSync(join(ROOT, '.svelte-kit', 'generated', 'client-optimized', 'app.js'), 'utf8');
  const route = /"\/\(pack\)\/pack\/order\/\[id\]": \[(\d+),\[([\d,]*)\]\]/.exec(app);
  if (!route) throw new Error('pick screen route not found in the build');
  const nodes = [0, ...route[2].split(',').filter(Boolean).map(Number), Number(route[1])];
  // SvelteKit's own entry is keyed by its path from the project (through a node_modules symlink, too)
  const kitEntry = Object.keys(manifest).find((k) => k.endsWith('@sveltejs/kit/src/runtime/client/entry.js'));
  const entries = [kitEntry, '.svelte-kit/generated/client-optimized/app.js', ...nodes.map((n) => `.svelte-kit/generated/client-optimized/nodes/${n}.js`)];
  const missing = entries.filter((k) => !k || !manifest[k]);
  if (missing.length) throw new Error(`not in the build manifest: ${missing.join(', ')}`);
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    manifest[key].imports?.forEach(visit);
  };
  (entries as string[]).forEach(visit);
  const files = [...seen].map((k) => {
    const code = readFileSync(join(out, manifest[k].file));
    return { file: manifest[k].file, gzip: gzipSync(code, { level: 9 }).length, heavy: /jsPDF|zxing_reader|Quagga/.test(code.toString('utf8')) };
  });
  return {
    kb: round(files.reduce((s, f) => s + f.gzip, 0) / 1024),
    files: files.length,
    heavyModulesInInitial: files.filter((f) => f.heavy).map((f) => f.file),
    largest: files.sort((a, b) => b.gzip - a.gzip).slice(0, 5).map((f) => ({ file: f.file, gzip_kb: round(f.gzip / 1024) }))
  };
}

async function main() {
  const stack = await startBenchStack();
  try {
    const pb = new PocketBase(stack.pocketbase.url);
    pb.autoCancellation(false);
    await pb.collection('_superusers').authWithPassword(stack.pocketbase.email, stack.pocketbase.password);
    const tokens = await tabletSessions(pb, TABLETS);
    const { orderId, sku } = await benchOrder(pb);
    await wait(500); // the relay subscribes in the background
    const picks = await measurePicks(stack.appUrl, tokens, orderId, sku);
    const writes = await measureWrites(pb, orderId);
    const baseline = await measureBaseline();
    const bundle = pickScreenBundle();
    const two = process.argv.includes('--servers')
      ? await measureTwoServers({ pb, pocketbase: stack.pocketbase, tokens, orderId, sku, picks: PICKS, warmup: WARMUP, ratePerS: RATE_PER_S, drainMs: DRAIN_MS })
      : null;

    const fan = summary(picks.latencies);
    const base = summary(baseline.latencies);
    const req = summary(picks.requestMs);
    const tx = summary(writes);
    console.table({
      'pick -> event at every other tablet': { p50_ms: fan.p50, p99_ms: fan.p99, max_ms: fan.max, lost: picks.lost },
      'bare Socket.IO broadcast': { p50_ms: base.p50, p99_ms: base.p99, max_ms: base.max, lost: baseline.lost },
      'pick request (tRPC round trip)': { p50_ms: req.p50, p99_ms: req.p99, max_ms: req.max, lost: 0 },
      'PocketBase write alone (tx route)': { p50_ms: tx.p50, p99_ms: tx.p99, max_ms: tx.max, lost: 0 }
    });
    const servers2 = two && {
      p99_ms: summary(two.steady.latencies).p99,
      p50_ms: summary(two.steady.latencies).p50,
      p99_ratio: round(summary(two.steady.latencies).p99 / fan.p99),
      lost: two.steady.lost,
      duplicated_events: two.steady.duplicates,
      lost_after_kill: two.kill.lost,
      lost_after_kill_by_tablet: two.kill.lostBy,
      duplicated_events_after_kill: two.kill.duplicates,
      tablets_resynced_after_kill: two.kill.reconnected,
      p99_ms_kill_run: summary(two.kill.latencies).p99,
      goal_p99_ratio_at_most_1_5: summary(two.steady.latencies).p99 / fan.p99 <= 1.5
    };
    if (servers2) {
      const { lost_after_kill_by_tablet: lostBy, ...row } = servers2;
      console.table({ 'two app servers (Redis)': row });
      if (lostBy.length) console.log('after the kill, tablets that missed picks:', JSON.stringify(lostBy));
    }
    console.log(`pick screen initial JS: ${bundle.kb} KB gzipped in ${bundle.files} files; heavy modules in it: ${bundle.heavyModulesInInitial.length ? bundle.heavyModulesInInitial.join(', ') : 'none'}`);
    writeResult('fanout', {
      tablets: TABLETS,
      picks: PICKS,
      rate_per_s: RATE_PER_S,
      p50_ms: fan.p50,
      p99_ms: fan.p99,
      max_ms: fan.max,
      lost: picks.lost,
      duplicated_events: picks.duplicates,
      baseline_p50_ms: base.p50,
      baseline_p99_ms: base.p99,
      baseline_lost: baseline.lost,
      pick_request_p50_ms: req.p50,
      pick_request_p99_ms: req.p99,
      pocketbase_write_p50_ms: tx.p50,
      pocketbase_write_p99_ms: tx.p99,
      goal_p99_under_100_ms: fan.p99 < 100,
      goal_p50_within_10_ms_of_baseline_plus_write: fan.p50 <= base.p50 + tx.p50 + 10,
      pick_screen_initial_js_gzip_kb: bundle.kb,
      pick_screen_initial_js_files: bundle.files,
      pick_screen_heavy_modules: bundle.heavyModulesInInitial,
      pick_screen_largest_files: bundle.largest,
      goal_initial_js_under_150_kb: bundle.kb < 150,
      ...(servers2 ? { servers_2: servers2 } : {})
    });
  } finally {
    await stack.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
