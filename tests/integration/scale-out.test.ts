// Issue #17 "Two app servers, one shop": a real redis-server, one PocketBase and two real app
// servers (scripts/serve.js) with REDIS_URL, some sockets through the small round-robin
// balancer (scripts/lib/balancer.js) so that they move to the other server when one stops.
import { randomUUID } from 'node:crypto';
import { createTRPCClient, httpLink } from '@trpc/client';
import { createClient } from 'redis';
import { io as connect, type Socket } from 'socket.io-client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAppServer } from '../../scripts/lib/app-server.js';
import { startBalancer } from '../../scripts/lib/balancer.js';
import { buildIfStale } from '../../scripts/lib/build.js';
import { freePort } from '../../scripts/lib/pocketbase.js';
import { createSession } from '../../src/lib/server/auth/sessions';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { AppRouter } from '../../src/lib/server/trpc/root';
import { createOrder, createStaff, createStockedProduct } from '../support/factories';
import { proven } from '../support/shop';
import { usePocketBase } from '../support/pocketbase';
import { startRedis, type TestRedis } from '../support/redis';
import { queue, setShop, startSmtpServer, type TestSmtpServer } from './mail-support';
import type { OutboxRecord } from '../../src/lib/server/outbox/types';

type App = ReturnType<typeof startAppServer>;
type Rec = { room: string; collection: string; action: string; record: { id: string; body?: string } };

const env = usePocketBase();
let redis: TestRedis;
let smtp: TestSmtpServer;
let store: ReturnType<typeof createClient>;
let a: App;
let b: App;
const stoppers: (() => Promise<unknown>)[] = [];

async function startApp(port?: number): Promise<App> {
  const app = startAppServer({
    env: {
      POCKETBASE_URL: env.pb!.url,
      PB_SUPERUSER_EMAIL: env.pb!.email,
      PB_SUPERUSER_PASSWORD: env.pb!.password,
      REDIS_URL: redis.url,
      LEASE_TTL_MS: '1500', // a dead holder's lease is free again in 1.5 s
      SHOP_CHALLENGES_PER_MIN: '4',
      SMTP_URL: smtp.url,
      SANDBOX_COURIER: 'off'
    },
    port: port ?? (await freePort()),
    stdio: 'ignore'
  });
  await app.ready;
  return app;
}

const trpc = (app: App | { url: string }, token?: string) =>
  createTRPCClient<AppRouter>({ links: [httpLink({ url: `${app.url}/api/trpc`, transformer: superjson, headers: token ? { cookie: `packbench_session=${token}` } : {} })] });

async function officeSession(role: 'office' | 'manager' = 'office') {
  const { staff } = await createStaff(role);
  const { token, session } = await createSession(staff, { method: 'password' });
  return { staff, token, sessionId: session.sessionId };
}

function socketTo(url: string, token: string, opts: { reconnect?: boolean } = {}) {
  const s = connect(url, {
    path: '/socket.io',
    transports: ['websocket'],
    forceNew: true,
    reconnection: !!opts.reconnect,
    reconnectionDelay: 50,
    randomizationFactor: 0,
    extraHeaders: { cookie: `packbench_session=${token}` }
  });
  stoppers.push(async () => s.disconnect());
  const records: Rec[] = [];
  s.on('record' as never, ((e: Rec) => records.push(e)) as never);
  return { s, records };
}
const connected = (s: Socket) => new Promise<void>((resolve, reject) => (s.connected ? resolve() : (s.once('connect', () => resolve()), s.once('connect_error', reject))));
const disconnected = (s: Socket) => new Promise<void>((resolve) => (s.disconnected ? resolve() : s.once('disconnect', () => resolve())));
const join = (s: Socket, room: string) => new Promise<{ ok: boolean }>((r) => s.emit('join' as never, room as never, r as never));
const notesIn = (records: Rec[], body: string) => records.filter((e) => e.collection === 'order_notes' && e.record.body === body).length;
const leaseHolder = (name: string) => store.get(`packbench:lease:${name}`);

beforeAll(async () => {
  buildIfStale({ log: () => {} });
  redis = await startRedis();
  smtp = await startSmtpServer();
  await setShop();
  store = createClient({ url: redis.url });
  await store.connect();
  a = await startApp();
  // A started first and holds the schedulers' lease before B exists
  await vi.waitFor(async () => expect(await leaseHolder('payments-scheduler')).toContain(`:${a.child.pid}:`), { timeout: 10_000 });
  b = await startApp();
}, 600_000);

afterAll(async () => {
  for (const stop of stoppers.reverse()) await stop().catch(() => {});
  await Promise.all([a?.stop(), b?.stop()]);
  await store?.quit().catch(() => {});
  await redis?.stop();
  await smtp?.close();
});

describe('#17 two app servers, one shop (Redis)', () => {
  it('#17 a note added through server A reaches a screen on server B (and on A) exactly once', async () => {
    const { token } = await officeSession();
    const { order } = await createOrder();
    const onA = socketTo(a.url, token);
    const onB = socketTo(b.url, token);
    await Promise.all([connected(onA.s), connected(onB.s)]);
    expect(await join(onA.s, `order:${order.id}`)).toEqual({ ok: true });
    expect(await join(onB.s, `order:${order.id}`)).toEqual({ ok: true });

    await trpc(a, token).orders.addNote.mutate({ orderId: order.id, body: 'Gift wrap, please', clientId: randomUUID() });
    // a second note as a barrier: once it is there, a duplicate of the first would be too
    await trpc(b, token).orders.addNote.mutate({ orderId: order.id, body: 'barrier', clientId: randomUUID() });
    for (const screen of [onA, onB]) await expect.poll(() => notesIn(screen.records, 'barrier'), { timeout: 10_000 }).toBe(1);
    expect(notesIn(onB.records, 'Gift wrap, please')).toBe(1);
    expect(notesIn(onA.records, 'Gift wrap, please')).toBe(1);
  });

  it('#17 two outbox workers (one per server) send every queued mail exactly once', async () => {
    const { order } = await createOrder();
    const rows = await queue(...Array.from({ length: 30 }, () => ({ topic: 'receipt', to: order.email!, locale: 'en' as const, order: order.id, data: { orderId: order.id } })));
    const ids = new Set(rows.map((r) => r.id));
    // queued quietly from this process; one row touched through the realtime feed wakes the
    // workers of both servers at once, and both drain the same 30 rows
    await pb().collection('outbox').update(rows[0].id, { next_attempt_at: new Date().toISOString() });
    await vi.waitFor(
      async () => {
        const now = await pb().collection('outbox').getFullList<OutboxRecord>({ filter: `order = '${order.id}'` });
        expect(now.filter((r) => ids.has(r.id)).map((r) => `${r.status} ${r.last_error ?? ''}`)).toEqual(Array(30).fill('sent '));
      },
      { timeout: 20_000, interval: 100 }
    );
    const sent = (await pb().collection('outbox').getFullList<OutboxRecord>({ filter: `order = '${order.id}'` })).map((r) => r.message_id);
    const received = smtp.received.map((m) => m.parsed.messageId!).filter((id) => sent.includes(id));
    expect(received).toHaveLength(30);
    expect(new Set(received).size).toBe(30);
  });

  it('#17 a checkout proof used on server A is refused on server B', async () => {
    const product = await createStockedProduct(10);
    const base = { name: 'Scale Shopper', email: 'scale@example.com', fulfilmentMethod: 'collect' as const, paymentMethod: 'card' as const, locale: 'en' as const, lines: [{ productId: product.id, qty: 1 }] };
    const first = await proven({ ...base, idempotencyKey: randomUUID() }, () => trpc(a).shop.challenge.query());
    expect(first.proof).toBeDefined();
    await trpc(a).shop.placeOrder.mutate(first);
    // another checkout with the same solution, sent to the other server
    await expect(trpc(b).shop.placeOrder.mutate({ ...base, idempotencyKey: randomUUID(), proof: first.proof })).rejects.toThrow(/did not go through/);
  });

  // after the proof test: it spends the four challenges a minute this file allows
  it('#17 rate limits are shared: past four a minute every request is refused, whichever server gets it', async () => {
    const hit = (app: App) => fetch(`${app.url}/api/trpc/shop.challenge`).then((r) => r.status);
    // eight at once, four to each server: one shared count of four (one spent above), not four per server
    const statuses = await Promise.all([a, b, a, b, a, b, a, b].map(hit));
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  });

  it('#17 a revoked session is refused on both servers and its sockets on both are dropped', async () => {
    const { token } = await officeSession();
    // both servers have the session in their cache
    for (const app of [a, b]) expect((await trpc(app, token).auth.me.query())?.role).toBe('office');
    const onA = socketTo(a.url, token);
    const onB = socketTo(b.url, token);
    await Promise.all([connected(onA.s), connected(onB.s)]);
    const signedOut = [onA.s, onB.s].map((s) => new Promise<void>((r) => s.once('signedOut' as never, (() => r()) as never)));

    await trpc(a, token).auth.signOut.mutate();
    await Promise.all([...signedOut, disconnected(onA.s), disconnected(onB.s)]);
    for (const app of [a, b]) await expect.poll(() => trpc(app, token).auth.me.query(), { timeout: 5_000 }).toBeNull();
  });

  it('#17 a deactivated staff member is cut off on both servers', async () => {
    const { staff, token } = await officeSession();
    for (const app of [a, b]) expect((await trpc(app, token).auth.me.query())?.role).toBe('office');
    const onA = socketTo(a.url, token);
    const onB = socketTo(b.url, token);
    await Promise.all([connected(onA.s), connected(onB.s)]);

    await pb().collection('staff').update(staff.id, { active: false });
    await Promise.all([disconnected(onA.s), disconnected(onB.s)]);
    for (const app of [a, b]) await expect.poll(() => trpc(app, token).auth.me.query(), { timeout: 5_000 }).toBeNull();
  });

  it('#17 kill -9 server A: its socket moves to B, resyncs, hears the next change once; the scheduler lease passes to B', async () => {
    const { token } = await officeSession();
    const { order } = await createOrder();
    const lb = startBalancer({ targets: [a, b].map((x) => ({ host: '127.0.0.1', port: Number(new URL(x.url).port) })), port: await freePort() });
    await lb.ready;
    stoppers.push(lb.stop);
    // the balancer's first connection goes to A
    const tablet = socketTo(lb.url, token, { reconnect: true });
    await connected(tablet.s);
    expect(await join(tablet.s, `order:${order.id}`)).toEqual({ ok: true });
    const gone = disconnected(tablet.s);

    a.child.kill('SIGKILL');
    await gone; // it was on A
    await expect.poll(() => tablet.s.connected, { timeout: 10_000 }).toBe(true);
    // A died without handing over the socket's state: the screen is told it was not recovered,
    // so it refetches (src/lib/realtime/socket.ts) and misses nothing from the gap
    expect(tablet.s.recovered).toBe(false);
    expect(await join(tablet.s, `order:${order.id}`)).toEqual({ ok: true });
    await trpc(b, token).orders.addNote.mutate({ orderId: order.id, body: 'after the crash', clientId: randomUUID() });
    await trpc(b, token).orders.addNote.mutate({ orderId: order.id, body: 'barrier', clientId: randomUUID() });
    await expect.poll(() => notesIn(tablet.records, 'barrier'), { timeout: 10_000 }).toBe(1);
    expect(notesIn(tablet.records, 'after the crash')).toBe(1);

    await expect.poll(() => leaseHolder('payments-scheduler'), { timeout: 10_000 }).toContain(`:${b.child.pid}:`);
  });

  it('#17 server B stops for a restart: its socket recovers on A with the note it missed, exactly once', async () => {
    a = await startApp();
    const { token } = await officeSession();
    const { order } = await createOrder();
    const lb = startBalancer({ targets: [b, a].map((x) => ({ host: '127.0.0.1', port: Number(new URL(x.url).port) })), port: await freePort() });
    await lb.ready;
    stoppers.push(lb.stop);
    const tablet = socketTo(lb.url, token);
    await connected(tablet.s);
    expect(await join(tablet.s, `order:${order.id}`)).toEqual({ ok: true });
    // a screen on A in the same room: when it hears a change, A has put it in the shared stream
    const witness = socketTo(a.url, token);
    await connected(witness.s);
    expect(await join(witness.s, `order:${order.id}`)).toEqual({ ok: true });
    // the screen has heard something (its position in the stream, to recover from)
    await pb().collection('order_notes').create({ order: order.id, body: 'before', visibility: 'internal' });
    await expect.poll(() => notesIn(tablet.records, 'before'), { timeout: 10_000 }).toBe(1);
    // a change made while the socket is between servers
    const missed = new Promise<void>((resolve, reject) =>
      tablet.s.once('disconnect', () => pb().collection('order_notes').create({ order: order.id, body: 'while away', visibility: 'internal' }).then(() => resolve(), reject))
    );

    await b.stop(); // SIGTERM: B hands its sockets' state to Redis and its lease back
    await missed;
    // the change is broadcast while the socket is away (reconnecting on its own after 50 ms, it
    // sometimes came back before A had broadcast it, on a loaded machine); then it comes back
    await expect.poll(() => notesIn(witness.records, 'while away'), { timeout: 10_000 }).toBe(1);
    tablet.s.connect();
    await expect.poll(() => tablet.s.connected, { timeout: 10_000 }).toBe(true);
    expect(tablet.s.recovered).toBe(true); // rooms and missed packets restored on A
    await pb().collection('order_notes').create({ order: order.id, body: 'barrier', visibility: 'internal' });
    await expect.poll(() => notesIn(tablet.records, 'barrier'), { timeout: 10_000 }).toBe(1);
    expect(notesIn(tablet.records, 'while away')).toBe(1);
    await expect.poll(() => leaseHolder('payments-scheduler'), { timeout: 10_000 }).toContain(`:${a.child.pid}:`);
  });
});

describe('#17 a server killed in the middle of a stream of changes', () => {
  it('#17 every screen learns of every change: live, recovered, or by the resync after reconnecting', async () => {
    if (b.child.exitCode !== null || b.child.signalCode !== null) b = await startApp(); // stopped above
    const { token } = await officeSession();
    const { order } = await createOrder();
    const lb = startBalancer({ targets: [a, b].map((x) => ({ host: '127.0.0.1', port: Number(new URL(x.url).port) })), port: await freePort() });
    await lb.ready;
    stoppers.push(lb.stop);
    const screens = Array.from({ length: 8 }, () => {
      const screen = { ...socketTo(lb.url, token, { reconnect: true }), seen: new Set<string>(), resyncs: 0, any: [] as string[] };
      screen.s.onAny((ev: string, e: Rec) => screen.any.push(`${ev}:${e?.record?.body ?? ''}`));
      screen.s.io.on('reconnect', () => screen.any.push('RECONNECT'));
      screen.s.on('connect', () => {
        if (!screen.s.recovered && screen.resyncs++ > 0)
          void join(screen.s, `order:${order.id}`)
            .then((r) => ((screen as { joined?: unknown }).joined = r))
            .then(() => pb().collection('order_notes').getFullList({ filter: `order = '${order.id}'` }))
            .then((rows) => rows.forEach((r) => screen.seen.add(String(r.body))));
      });
      return screen;
    });
    await Promise.all(screens.map((x) => connected(x.s)));
    for (const x of screens) expect(await join(x.s, `order:${order.id}`)).toEqual({ ok: true });

    const bodies = Array.from({ length: 40 }, (_, i) => `note ${i}`);
    const killed = new Promise<void>((r) => a.child.once('exit', () => r()));
    await Promise.all(
      bodies.map(async (body, i) => {
        await new Promise((r) => setTimeout(r, i * 25)); // a steady stream, not a burst
        if (i === 20) a.child.kill('SIGKILL');
        await pb().collection('order_notes').create({ order: order.id, body, visibility: 'internal' });
      })
    );
    await killed;
    await pb().collection('order_notes').create({ order: order.id, body: 'barrier', visibility: 'internal' });
    // live, or in the refetch of a screen that came back later than it
    await expect.poll(() => screens.every((x) => notesIn(x.records, 'barrier') === 1 || x.seen.has('barrier')), { timeout: 10_000 }).toBe(true).catch((e) => {
      console.log(screens.map((x, i) => `${i} connected=${x.s.connected} connects=${x.resyncs} recovered=${x.s.recovered} joined=${JSON.stringify((x as { joined?: unknown }).joined)} records=${x.records.length} barrier=${notesIn(x.records, 'barrier')} seen=${x.seen.size} ${x.any.slice(-6).join(',')}`).join('\n'));
      throw e;
    });
    const missing = screens.map((x, i) => ({ i, resynced: x.resyncs > 1, missing: bodies.filter((body) => !x.seen.has(body) && notesIn(x.records, body) === 0) })).filter((x) => x.missing.length);
    expect(missing).toEqual([]);
    for (const x of screens) for (const body of bodies) expect(notesIn(x.records, body)).toBeLessThanOrEqual(1);
  });
});
