// #17: packing tablets behind the round-robin balancer (scripts/lib/balancer.js) while one of
// two app servers is killed in the middle of a stream of picks, as in the fanout bench: every
// tablet learns of every pick, live or by refetching after it reconnected. (It found the
// balancer dropping a reconnecting tablet when its first choice was the dead server.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { startAppServer } from '../../scripts/lib/app-server.js';
import { startBalancer } from '../../scripts/lib/balancer.js';
import { buildIfStale } from '../../scripts/lib/build.js';
import { freePort } from '../../scripts/lib/pocketbase.js';
import { createSession } from '../../src/lib/server/auth/sessions';
import { pb } from '../../src/lib/server/pocketbase/client';
import { createOrder, createStaff, createStockedProduct } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { startRedis, type TestRedis } from '../support/redis';

const env = usePocketBase();
let redis: TestRedis;
type App = ReturnType<typeof startAppServer>;
const apps: App[] = [];
beforeAll(async () => {
  buildIfStale({ log: () => {} });
  redis = await startRedis();
  for (let i = 0; i < 2; i++) {
    const app = startAppServer({ env: { POCKETBASE_URL: env.pb!.url, PB_SUPERUSER_EMAIL: env.pb!.email, PB_SUPERUSER_PASSWORD: env.pb!.password, REDIS_URL: redis.url, SANDBOX_COURIER: 'off' }, port: await freePort(), stdio: 'ignore' });
    await app.ready;
    apps.push(app);
  }
}, 600_000);
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await redis.stop();
});

describe('#17 picks through the balancer, one server killed', () => {
it('#17 every tablet learns of every pick, live or by its refetch after reconnecting', async () => {
  const product = await createStockedProduct(100000);
  const { order } = await createOrder({ payment_status: 'paid', payment_method: 'card' } as never, [{ product, qty: 100000 }]);
  const tokens: string[] = [];
  for (let i = 0; i < 30; i++) {
    const { staff } = await createStaff('packer');
    tokens.push((await createSession(staff, { method: 'password' })).token);
  }
  const lb = startBalancer({ targets: apps.map((a) => ({ host: '127.0.0.1', port: Number(new URL(a.url).port) })), port: await freePort() });
  await lb.ready;
  const join = (s: Socket) => Promise.all([`order:${order.id}`, 'pack'].map((room) => new Promise<{ ok: boolean }>((r) => s.emit('join' as never, room as never, r as never))));
  const tablets = await Promise.all(
    tokens.map(
      (token, i) =>
        new Promise<{ i: number; s: Socket; seen: Set<string>; log: string[] }>((resolve) => {
          const s = connect(lb.url, { path: '/socket.io', transports: ['websocket'], forceNew: true, reconnection: true, reconnectionDelay: 100, extraHeaders: { cookie: `packbench_session=${token}` } });
          const t = { i, s, seen: new Set<string>(), log: [] as string[] };
          let first = true;
          s.on('connect', () => {
            if (first) {
              first = false;
              return join(s).then(() => resolve(t));
            }
            t.log.push(`reconnect recovered=${s.recovered}`);
            if (s.recovered) return;
            void join(s)
              .then((r) => t.log.push(`join ${JSON.stringify(r)}`))
              .then(() => pb().collection('picks').getFullList({ filter: `order = '${order.id}'`, fields: 'client_scan_id' }))
              .then((rows) => (rows.forEach((r) => t.seen.add(String(r.client_scan_id))), t.log.push(`refetch ${rows.length}`)));
          });
          s.on('disconnect', (r) => t.log.push(`disconnect ${r}`));
          s.on('resync' as never, (() => t.log.push('RESYNC')) as never);
          s.on('record' as never, ((e: { collection: string; room: string; record: { client_scan_id?: string } }) => {
            if (e.collection === 'picks' && e.room.startsWith('order:') && e.record.client_scan_id) t.seen.add(e.record.client_scan_id);
          }) as never);
        })
    )
  );
  const done: string[] = [];
  const send = async (i: number) => {
    const id = `s-${i}-${randomBytes(4).toString('hex')}`;
    for (let attempt = 0; attempt < 5; attempt++) {
      const res = await fetch(`${lb.url}/api/trpc/pack.pick`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: `packbench_session=${tokens[0]}` }, body: JSON.stringify({ json: { orderId: order.id, code: product.sku, qty: 1, clientScanId: id } }) }).catch(() => null);
      if (res?.ok) return void done.push(id);
    }
  };
  const all: Promise<void>[] = [];
  const t0 = Date.now();
  for (let i = 0; i < 120; i++) {
    const due = t0 + i * 50 - Date.now();
    if (due > 0) await new Promise((r) => setTimeout(r, due));
    if (i === 60) apps[0].child.kill('SIGKILL'); // half the tablets were on it
    all.push(send(i));
  }
  await Promise.all(all);
  // a barrier pick, sent after all others: once every tablet has it (or refetched after it), nothing is in flight
  await send(1000);
  await expect.poll(() => tablets.filter((t) => !t.seen.has(done[done.length - 1])).map((t) => t.i), { timeout: 15_000 }).toEqual([]);
  const report = tablets.map((t) => ({ i: t.i, missing: done.filter((id) => !t.seen.has(id)).length, log: t.log.join('; '), connected: t.s.connected, id: t.s.id })).filter((t) => t.missing);
  expect(done).toHaveLength(121); // every pick went through, the barrier too
  tablets.forEach((t) => t.s.disconnect());
  await lb.stop();
  expect(report).toEqual([]);
}, 120_000);
});
