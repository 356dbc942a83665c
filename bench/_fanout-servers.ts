// Fan-out with two app servers (issue #17), for `npm run bench -- fanout -- --servers 2`:
// the machine's redis-server, two app servers with REDIS_URL on the bench's PocketBase, 50
// tablets spread over both. Phase 1 (p99): tablets connected straight to A and B alternately,
// picks sent to A and B alternately. Phase 2 (kill): tablets and picks through the round-robin
// balancer, server A killed with SIGKILL halfway; its tablets reconnect to B and, not
// recovered (A died with their state), resync by refetching the order's picks, as the app's
// client does (src/lib/realtime/socket.ts). `lost` counts picks a tablet never learnt of.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import PocketBase from 'pocketbase';
import { io as connect, type Socket } from 'socket.io-client';
import { startAppServer } from '../scripts/lib/app-server.js';
import { startBalancer } from '../scripts/lib/balancer.js';
import { freePort } from '../scripts/lib/pocketbase.js';
import { startRedisServer } from '../scripts/lib/redis.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Phase {
  latencies: number[];
  lost: number;
  /** per tablet that missed something: how many, and whether it had reconnected */
  lostBy: { tablet: number; lost: number; reconnected: boolean }[];
  duplicates: number;
  reconnected: number;
  expected: number;
}

export interface ClusterOpts {
  pb: PocketBase;
  pocketbase: { url: string; email: string; password: string };
  tokens: string[];
  orderId: string;
  sku: string;
  picks: number;
  warmup: number;
  ratePerS: number;
  drainMs: number;
}

async function steady(count: number, perSecond: number, send: (i: number) => Promise<void>) {
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const delay = start + (i * 1000) / perSecond - performance.now();
    if (delay > 0) await wait(delay);
    inFlight.push(send(i));
  }
  await Promise.all(inFlight);
}

async function runPhase(o: ClusterOpts, socketUrls: string[], pickUrls: string[], kill?: () => void): Promise<Phase> {
  const sentAt = new Map<string, number>();
  const done = new Set<string>(); // measured picks whose request succeeded
  const latencies: number[] = [];
  let duplicates = 0;
  let reconnected = 0;
  const rooms = [`order:${o.orderId}`, 'pack'];
  const join = (s: Socket) => Promise.all(rooms.map((room) => new Promise<{ ok: boolean }>((r) => s.emit('join' as never, room as never, r as never))));

  const tablets = await Promise.all(
    o.tokens.map(
      (token, i) =>
        new Promise<{ s: Socket; seen: Set<string>; reconnected: boolean }>((resolve, reject) => {
          const seen = new Set<string>(); // by event or by the resync's refetch
          const heard = new Set<string>(); // by event: twice is a duplicate
          const s = connect(socketUrls[i % socketUrls.length], {
            path: '/socket.io', transports: ['websocket'], forceNew: true, reconnection: !!kill, reconnectionDelay: 100, randomizationFactor: 0.5,
            extraHeaders: { cookie: `packbench_session=${token}` }
          });
          let first = true;
          const tablet = { s, seen, reconnected: false };
          const refetch = () =>
            o.pb.collection('picks').getFullList({ filter: `order = '${o.orderId}'`, fields: 'client_scan_id', batch: 1000 }).then((rows) => rows.forEach((r) => seen.add(String(r.client_scan_id))));
          s.on('connect', () => {
            if (first) {
              first = false;
              return join(s).then(() => resolve(tablet), reject);
            }
            if (s.recovered) return;
            // not recovered: join again, then refetch what the screen shows
            reconnected++;
            tablet.reconnected = true;
            void join(s).then(refetch);
          });
          // a relay's PocketBase feed had a gap: the app's screens refetch too
          s.on('resync' as never, (() => void refetch()) as never);
          s.once('connect_error', (e) => first && reject(e));
          s.on('record' as never, ((e: { collection: string; room: string; record: { client_scan_id?: string } }) => {
            const id = e.collection === 'picks' && e.room.startsWith('order:') ? e.record.client_scan_id : undefined;
            const t0 = id ? sentAt.get(id) : undefined;
            if (!id || t0 === undefined) return;
            if (heard.has(id)) return void duplicates++;
            heard.add(id);
            if (seen.has(id)) return; // the refetch was quicker
            seen.add(id);
            latencies.push(performance.now() - t0);
          }) as never);
        })
    )
  );

  const pick = async (i: number, measured: boolean) => {
    const clientScanId = `bench2-${i}-${randomBytes(6).toString('hex')}`;
    // through the balancer a pick in flight to a killed server is sent again (the scan id makes it once)
    for (let attempt = 0; attempt < 5; attempt++) {
      const url = pickUrls[i % pickUrls.length];
      if (measured && attempt === 0) sentAt.set(clientScanId, performance.now());
      const res = await fetch(`${url}/api/trpc/pack.pick`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `packbench_session=${o.tokens[0]}` },
        body: JSON.stringify({ json: { orderId: o.orderId, code: o.sku, qty: 1, clientScanId } })
      }).catch(() => null);
      if (res?.ok) {
        if (measured) done.add(clientScanId);
        return;
      }
    }
    throw new Error(`pick ${i} failed five times`);
  };
  await steady(o.warmup, o.ratePerS, (i) => pick(i, false));
  await steady(o.picks, o.ratePerS, (i) => {
    if (kill && i === Math.floor(o.picks / 2)) kill();
    return pick(o.warmup + i, true);
  });
  await wait(o.drainMs);
  const lostBy = tablets
    .map((t, tablet) => ({ tablet, lost: [...done].filter((id) => !t.seen.has(id)).length, reconnected: t.reconnected }))
    .filter((t) => t.tablet > 0 && t.lost > 0);
  const lost = lostBy.reduce((n, t) => n + t.lost, 0);
  tablets.forEach((t) => t.s.disconnect());
  return { latencies, lost, lostBy, duplicates, reconnected, expected: done.size * (tablets.length - 1) };
}

export async function measureTwoServers(o: ClusterOpts) {
  const dir = mkdtempSync(join(tmpdir(), 'packbench-bench-redis-'));
  const redis = await startRedisServer({ port: await freePort(), dir });
  const env = { PACKBENCH_MODE: 'demo', POCKETBASE_URL: o.pocketbase.url, PB_SUPERUSER_EMAIL: o.pocketbase.email, PB_SUPERUSER_PASSWORD: o.pocketbase.password, REDIS_URL: redis.url, SHOP_CHALLENGE: 'off' };
  const start = async () => {
    const app = startAppServer({ env, port: await freePort(), stdio: 'ignore' });
    await app.ready;
    return app;
  };
  const apps = [await start(), await start()];
  try {
    await wait(500); // the relays subscribe in the background
    const steadyPhase = await runPhase(o, apps.map((a) => a.url), apps.map((a) => a.url));
    const lb = startBalancer({ targets: apps.map((a) => ({ host: '127.0.0.1', port: Number(new URL(a.url).port) })), port: await freePort() });
    await lb.ready;
    const killPhase = await runPhase(o, [lb.url], [lb.url], () => apps[0].child.kill('SIGKILL'));
    await lb.stop();
    return { steady: steadyPhase, kill: killPhase };
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
