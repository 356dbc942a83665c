import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import { createOrder, createStaff } from '../support/factories';
import { signedInCaller } from '../support/caller';
import { usePocketBase } from '../support/pocketbase';
import { collectUntil, connected, join, nextPresence, nextRecord, startSocketServer } from '../support/realtime';

usePocketBase();

let server: Awaited<ReturnType<typeof startSocketServer>>;
let office: Awaited<ReturnType<typeof signedInCaller>>;
let packer: Awaited<ReturnType<typeof signedInCaller>>;

beforeAll(async () => {
  server = await startSocketServer();
  const o = await createStaff('office', { name: 'Olga Office' });
  office = await signedInCaller(o.staff.email, o.password);
  const p = await createStaff('packer', { name: 'Paul Packer' });
  packer = await signedInCaller(p.staff.email, p.password);
});
afterAll(() => server.stop());

describe('socket handshake', () => {
  it('refuses every socket while the session check is not attached yet', async () => {
    const { createServer } = await import('node:http');
    const { createSocketServer } = await import('../../scripts/lib/socket-io.js');
    const http = createServer();
    const io = createSocketServer(http);
    const flag = globalThis as { __packbenchSocketAuth?: boolean; __packbenchIo?: unknown };
    const saved = { auth: flag.__packbenchSocketAuth, io: flag.__packbenchIo };
    flag.__packbenchSocketAuth = false;
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const port = (http.address() as { port: number }).port;
    const { io: connect } = await import('socket.io-client');
    const s = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: `packbench_session=${office.token}` } });
    await expect(connected(s)).rejects.toThrow('starting');
    s.disconnect();
    io.close();
    Object.assign(flag, { __packbenchSocketAuth: saved.auth, __packbenchIo: saved.io });
  });

  it('refuses a socket without a session', async () => {
    const s = server.connect();
    await expect(connected(s)).rejects.toThrow('unauthorized');
  });

  it('refuses a socket with a forged or revoked session', async () => {
    await expect(connected(server.connect('made-up-token'))).rejects.toThrow('unauthorized');
    const { staff, password } = await createStaff('office');
    const gone = await signedInCaller(staff.email, password);
    await gone.caller.auth.signOut();
    await expect(connected(server.connect(gone.token))).rejects.toThrow('unauthorized');
  });
});

describe('rooms are joined after a role check', () => {
  it('a packer may not listen to the queue or stock rooms', async () => {
    const s = server.connect(packer.token);
    await connected(s);
    expect(await join(s, 'queue')).toEqual({ ok: false, error: 'forbidden' });
    expect(await join(s, 'stock')).toEqual({ ok: false, error: 'forbidden' });
    expect(await join(s, 'pack')).toEqual({ ok: true });
    expect(await join(s, 'order:../../etc' as never)).toEqual({ ok: false, error: 'unknown room' });
  });
});

describe('PocketBase changes reach open screens', () => {
  it('a note added by one staff member reaches another viewing the order, with author', async () => {
    const { order } = await createOrder();
    const viewer = server.connect(office.token);
    await connected(viewer);
    await join(viewer, `order:${order.id}`);
    const arrives = nextRecord(viewer, (e) => e.collection === 'order_notes');
    await office.caller.orders.addNote({ orderId: order.id, body: 'Gift wrap please', visibility: 'internal', clientId: 'rt-note-1' });
    const e = await arrives;
    expect(e.room).toBe(`order:${order.id}`);
    expect(e.record).toMatchObject({ body: 'Gift wrap please', author: { name: 'Olga Office' } });
    expect(e.record.updated).toBeTruthy();
  });

  it('a change made directly in PocketBase (as in its dashboard) reaches the queue', async () => {
    const { order } = await createOrder();
    const s = server.connect(office.token);
    await connected(s);
    await join(s, 'queue');
    const arrives = nextRecord(s, (e) => e.collection === 'orders' && e.record.id === order.id);
    await pb().collection('orders').update(order.id, { payment_status: 'paid' });
    const e = await arrives;
    expect(e.record).toMatchObject({ id: order.id, payment_status: 'paid', number: order.number });
    expect(e.record).not.toHaveProperty('tracking_token');
  });

  it('packers get the packing projection only: no prices, e-mail or internal notes', async () => {
    const { order } = await createOrder({ total_cents: 12345, email: 'secret@example.com' });
    const s = server.connect(packer.token);
    await connected(s);
    expect(await join(s, `order:${order.id}`)).toEqual({ ok: true });

    const orderEvent = nextRecord(s, (e) => e.collection === 'orders');
    await pb().collection('orders').update(order.id, { fulfilment_status: 'picking' });
    const rec = (await orderEvent).record;
    expect(rec).toMatchObject({ id: order.id, fulfilment_status: 'picking' });
    for (const hidden of ['total_cents', 'email', 'phone', 'payment_status', 'tracking_token', 'shipping_address']) expect(rec).not.toHaveProperty(hidden);

    // the barrier: a packing note written after the notes under test
    const seen = collectUntil(s, (e) => e.collection === 'order_notes' && e.record.body === 'barrier');
    await office.caller.orders.addNote({ orderId: order.id, body: 'Customer owes us money', visibility: 'internal', clientId: 'rt-internal-1' });
    await office.caller.orders.addNote({ orderId: order.id, body: 'Fragile: double box', visibility: 'packing', clientId: 'rt-packing-1' });
    await office.caller.orders.addNote({ orderId: order.id, body: 'barrier', visibility: 'packing', clientId: 'rt-packing-2' });
    const bodies = (await seen).filter((e) => e.collection === 'order_notes').map((e) => e.record.body);
    expect(bodies).toEqual(['Fragile: double box']);
    expect((await seen).some((e) => e.collection === 'order_events')).toBe(false);
  });

  it('shows who else has the order open', async () => {
    const { order } = await createOrder();
    const a = server.connect(office.token);
    const b = server.connect(packer.token);
    await Promise.all([connected(a), connected(b)]);
    await join(a, `order:${order.id}`);
    const both = nextPresence(a, (v) => v.length === 2);
    await join(b, `order:${order.id}`);
    expect((await both).map((v) => v.name).sort()).toEqual(['Olga Office', 'Paul Packer']);
    const alone = nextPresence(a, (v) => v.length === 1);
    b.disconnect();
    expect((await alone).map((v) => v.name)).toEqual(['Olga Office']);
  });

  it('a revoked session loses its socket at once', async () => {
    const { staff, password } = await createStaff('office');
    const victim = await signedInCaller(staff.email, password);
    const s = server.connect(victim.token);
    await connected(s);
    const told = new Promise<void>((r) => s.once('signedOut', () => r()));
    const dropped = new Promise<void>((r) => s.once('disconnect', () => r()));
    // revoked somewhere else, e.g. in the PocketBase dashboard
    await pb().collection('sessions').update(victim.session.sessionId, { revoked: true });
    await Promise.all([told, dropped]);
    expect(s.connected).toBe(false);
  });
});

describe('issue #12 finding 10: the relay sends only to rooms someone is in', () => {
  /** every room a packet kept for connection-state recovery was sent to */
  const keptFor = () =>
    (server.io.of('/').adapter as unknown as { packets: { opts: { rooms: Set<string> } }[] }).packets.flatMap((p) => [...p.opts.rooms]);

  it('a change to an order nobody has open is neither sent nor kept; an open order still gets it', async () => {
    const { order: unseen } = await createOrder();
    const { order: open } = await createOrder();
    const s = server.connect(office.token);
    await connected(s);
    await join(s, `order:${open.id}`);
    await office.caller.orders.addNote({ orderId: unseen.id, body: 'Nobody has this open', visibility: 'packing', clientId: 'rt-unseen-1' });
    // PocketBase's feed is in order: once the open order's note arrives, the other was relayed
    const arrives = nextRecord(s, (e) => e.collection === 'order_notes' && e.room === `order:${open.id}`);
    await office.caller.orders.addNote({ orderId: open.id, body: 'Someone has this open', visibility: 'packing', clientId: 'rt-open-1' });
    expect((await arrives).record).toMatchObject({ body: 'Someone has this open' });
    expect(keptFor()).toContain(`order:${open.id}`);
    expect(keptFor().filter((r) => r.startsWith(`order:${unseen.id}`))).toEqual([]);
  });
});
