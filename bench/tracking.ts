/**
 * Tracking benchmark (F24): 200 customers watch their tracking pages (sockets joined to their
 * token rooms on the public /track namespace) while couriers' notifications arrive at 20 per
 * second, signed, through the real webhook path of a built app server and a real PocketBase.
 *   npm run bench -- tracking     -> table on stdout, bench-results/tracking.json
 * Figures: page_p95_ms (the server's time for the tracking page's data, from the
 * Server-Timing header of GET /track/<token>/data; page_roundtrip_* is what the client saw on
 * loopback), event_to_customer_p99_ms (notification
 * sent -> the customer's socket holds the new view), leaked (views delivered to a socket
 * watching another order; must be 0).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import PocketBase from 'pocketbase';
import { io, type Socket } from 'socket.io-client';
import type { TrackingView } from '../src/lib/server/shipping/tracking-view';
import type { TrackClientToServer, TrackServerToClient } from '../src/lib/track/events';
import { percentile, startBenchStack, writeResult } from './_lib';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 200);
const PER_SECOND = Number(process.env.BENCH_NOTIFICATIONS_PER_S ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);

// the bench's 200 customers share one address; the per-IP limits are for the open internet
process.env.TRACK_RATE_LIMIT = '1000000';
process.env.TRACK_JOIN_LIMIT = '1000000';
// only the bench's notifications, not the sandbox courier's own schedule
process.env.SANDBOX_COURIER = 'off';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function seed(pb: PocketBase) {
  const product = await pb.collection('products').create({ sku: `BENCH-${Date.now()}`, name: 'Bench Tee', gtins: [], bin: 'Z-1', price_cents: 500, tax_rate_bp: 1900, weight_g: 100, on_hand: 0, reserved: 0, active: true });
  const parcels: { token: string; number: number; courierRef: string; trackingNumber: string }[] = [];
  for (let start = 0; start < CUSTOMERS; start += 50) {
    const batch = pb.createBatch();
    const chunk: typeof parcels = [];
    for (let i = start; i < Math.min(CUSTOMERS, start + 50); i++) {
      const orderId = `bench${String(i).padStart(10, '0')}`;
      const lineId = `benchl${String(i).padStart(9, '0')}`;
      const p = { token: randomBytes(18).toString('base64url'), number: 900_000 + i, courierRef: `sbx_bench_${i}`, trackingNumber: `SB${String(i).padStart(9, '0')}PB` };
      chunk.push(p);
      batch.collection('orders').create({
        id: orderId, number: p.number, channel: 'web', status: 'placed', payment_status: 'paid', fulfilment_status: 'shipped', payment_method: 'card', fulfilment_method: 'ship',
        customer_name: `Bench ${i}`, email: `bench${i}@example.com`, currency: 'EUR', subtotal_cents: 500, tax_cents: 80, shipping_cents: 0, total_cents: 500, locale: 'en',
        tracking_token: p.token, version: 1, placed_at: new Date().toISOString()
      });
      batch.collection('order_lines').create({ id: lineId, order: orderId, product: product.id, sku: product.sku, name: product.name, unit_price_cents: 500, tax_rate_bp: 1900, qty: 1, picked: 1, shipped: 1, returned: 0, position: 0 });
      batch.collection('shipments').create({
        id: `benchs${String(i).padStart(9, '0')}`, order: orderId, courier: 'sandbox', carrier: 'sandbox', tracking_number: p.trackingNumber, courier_ref: p.courierRef, status: 'handed_over',
        events: [], shipped_at: new Date().toISOString(), version: 0
      });
      batch.collection('shipment_lines').create({ shipment: `benchs${String(i).padStart(9, '0')}`, order_line: lineId, qty: 1 });
    }
    await batch.send();
    parcels.push(...chunk);
  }
  // the sandbox courier's secret: the app creates it once per install when it starts
  let secret = '';
  for (let i = 0; i < 100 && !secret; i++) {
    const found = await pb.collection('settings').getList(1, 1, { filter: "key = 'sandbox_courier'" });
    secret = (found.items[0]?.value as { secret?: string } | undefined)?.secret ?? '';
    if (!secret) await sleep(100);
  }
  if (!secret) throw new Error('the app created no sandbox courier secret');
  return { parcels, secret };
}

const serverMs: number[] = [];
const roundTripMs: number[] = [];

/** Loads one customer's page data; records the server's and the client's time. */
async function loadPage(appUrl: string, token: string): Promise<void> {
  const t0 = performance.now();
  const res = await fetch(`${appUrl}/track/${token}/data`);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`page data answered ${res.status}`);
  roundTripMs.push(performance.now() - t0);
  const dur = /dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '');
  if (!dur) throw new Error('no Server-Timing on the page data');
  serverMs.push(Number(dur[1]));
}

async function main() {
  console.log(`starting the stack (build if stale, PocketBase, demo shop)...`);
  const stack = await startBenchStack();
  try {
    const pb = new PocketBase(stack.pocketbase.url);
    pb.autoCancellation(false);
    await pb.collection('_superusers').authWithPassword(stack.pocketbase.email, stack.pocketbase.password);
    const { parcels, secret } = await seed(pb);
    console.log(`${parcels.length} orders with a parcel on its way`);

    // warm-up: code paths, connections, caches
    for (const p of parcels.slice(0, 10)) await loadPage(stack.appUrl, p.token);
    serverMs.length = 0;
    roundTripMs.length = 0;

    // 200 customers open their pages: the data, then the live socket
    for (let i = 0; i < parcels.length; i += 10) await Promise.all(parcels.slice(i, i + 10).map((p) => loadPage(stack.appUrl, p.token)));

    const pending = new Map<string, { number: number; sentAt: number }>();
    const latencies: number[] = [];
    let leaked = 0;
    let views = 0;
    const sockets: Socket<TrackServerToClient, TrackClientToServer>[] = [];
    await Promise.all(
      parcels.map(async (p) => {
        const s: Socket<TrackServerToClient, TrackClientToServer> = io(`${stack.appUrl}/track`, { transports: ['websocket'], reconnection: false, forceNew: true });
        sockets.push(s);
        s.on('tracking', (view: TrackingView) => {
          const now = performance.now();
          views++;
          if (view.order.number !== p.number) leaked++;
          for (const e of view.parcels[0]?.events ?? []) {
            const sent = pending.get(e.description);
            if (sent && sent.number === p.number) {
              latencies.push(now - sent.sentAt);
              pending.delete(e.description);
            }
          }
        });
        await new Promise<void>((resolve, reject) => {
          s.once('connect_error', reject);
          s.once('connect', () => s.emit('watch', p.token, (r) => (r.ok ? resolve() : reject(new Error(`watch refused: ${JSON.stringify(r)}`)))));
        });
      })
    );
    console.log(`${sockets.length} customers watching; sending ${PER_SECOND} notifications/s for ${SECONDS} s`);

    // couriers: 20 signed notifications per second, each for a random parcel, always newer than the last
    const steps = ['in_transit', 'exception', 'in_transit', 'out_for_delivery'] as const;
    const sentPerParcel = new Map<number, number>();
    const answers: number[] = [];
    const webhookMs: number[] = [];
    const inFlight: Promise<void>[] = [];
    const start = performance.now();
    let sent = 0;
    const reloads: Promise<void>[] = [];
    for (let tick = 0; tick < PER_SECOND * SECONDS; tick++) {
      const due = start + (tick * 1000) / PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const p = parcels[Math.floor(Math.random() * parcels.length)];
      const n = sentPerParcel.get(p.number) ?? 0;
      sentPerParcel.set(p.number, n + 1);
      const id = `bench-${tick}`;
      const body = JSON.stringify({ id, parcel: p.courierRef, tracking_number: p.trackingNumber, status: steps[n % steps.length], occurred_at: new Date(Date.now() + n).toISOString(), location: 'Bench Hub', description: id });
      const t = Math.floor(Date.now() / 1000);
      const sentAt = performance.now();
      pending.set(id, { number: p.number, sentAt });
      sent++;
      inFlight.push(
        fetch(`${stack.appUrl}/api/couriers/sandbox/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-sandbox-signature': `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}` },
          body
        }).then(async (r) => {
          answers.push(r.status);
          await r.arrayBuffer();
          webhookMs.push(performance.now() - sentAt);
        })
      );
      // customers keep reloading their pages while the notifications arrive
      if (tick % 2 === 0) {
        const c = parcels[Math.floor(Math.random() * parcels.length)];
        reloads.push(loadPage(stack.appUrl, c.token));
      }
    }
    await Promise.all([...inFlight, ...reloads]);
    const until = performance.now() + 5000;
    while (pending.size && performance.now() < until) await sleep(50);
    const elapsed = (performance.now() - start) / 1000;
    sockets.forEach((s) => s.disconnect());

    const sortedPage = [...serverMs].sort((a, b) => a - b);
    const sortedTrip = [...roundTripMs].sort((a, b) => a - b);
    const sortedLatency = [...latencies].sort((a, b) => a - b);
    const round = (x: number) => Math.round(x * 10) / 10;
    const figures = {
      customers: parcels.length,
      notifications_sent: sent,
      notifications_per_s: round(sent / elapsed),
      webhook_non_2xx: answers.filter((s) => s < 200 || s >= 300).length,
      webhook_p50_ms: round(percentile([...webhookMs].sort((a, b) => a - b), 50)),
      webhook_p99_ms: round(percentile([...webhookMs].sort((a, b) => a - b), 99)),
      page_requests: serverMs.length,
      page_p50_ms: round(percentile(sortedPage, 50)),
      page_p95_ms: round(percentile(sortedPage, 95)),
      page_roundtrip_p50_ms: round(percentile(sortedTrip, 50)),
      page_roundtrip_p95_ms: round(percentile(sortedTrip, 95)),
      event_to_customer_p50_ms: round(percentile(sortedLatency, 50)),
      event_to_customer_p95_ms: round(percentile(sortedLatency, 95)),
      event_to_customer_p99_ms: round(percentile(sortedLatency, 99)),
      events_not_delivered: pending.size,
      views_received: views,
      leaked,
      load_average: loadavg().map((x) => round(x)),
      goals: { page_p95_ms: '< 50', event_to_customer_p99_ms: '< 200', leaked: '0' }
    };
    console.table(Object.fromEntries(Object.entries(figures).filter(([k]) => k !== 'goals')));
    writeResult('tracking', figures);
  } finally {
    await stack.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
