// The customer's tracking page (F24): the data behind the public link, its exact key set
// (nothing internal leaks), neutral "not found" answers, rate limits, and the public
// /track Socket.IO namespace that pushes updates to the right token's room only.
import { TRPCError } from '@trpc/server';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import { configureShipping, resetShippingConfig } from '../../src/lib/server/shipping/config';
import { handOver } from '../../src/lib/server/shipping/labels';
import { createShipment } from '../../src/lib/server/shipping/shipments';
import { saveCourierSettings } from '../../src/lib/server/shipping/settings';
import type { TrackingView } from '../../src/lib/server/shipping/tracking-view';
import type { TrackClientToServer, TrackServerToClient, WatchReply } from '../../src/lib/track/events';
import { anonymousCaller } from '../support/caller';
import { createStaff } from '../support/factories';
import { eventually } from '../support/eventually';
import { usePocketBase } from '../support/pocketbase';
import { startSocketServer } from '../support/realtime';
import { clientId, readyOrder } from './shipping-fixtures';

usePocketBase();

let staff: { id: string; name: string };
let ipSeq = 0;
/** every test its own address, so the rate limit only bites where a test wants it */
const customer = () => anonymousCaller(undefined, `10.0.0.${++ipSeq}`);

beforeAll(async () => {
  const { staff: s } = await createStaff('packer', { name: 'Paula Internal-Packer' });
  staff = { id: s.id, name: s.name };
  await pb().collection('settings').create({
    key: 'shop',
    value: { name: 'Teehaus Test', address: { name: 'Teehaus Test GmbH', street: 'Friedrichstraße 100', postcode: '10117', city: 'Berlin', country: 'DE' }, openingHours: 'Mo–Fr 9–18' }
  });
});

/** A shipped parcel with a courier event, an internal note, a payment: everything a customer must not see. */
async function busyOrder() {
  const { order, lines } = await readyOrder([{ qty: 3 }, { qty: 1 }], { phone: '+49 30 999999', customer_name: 'Erika Mustermann', locale: 'de' });
  const r = await createShipment({ orderId: order.id, courier: 'sandbox', lines: [{ lineId: lines[0].id, qty: 2 }], clientId: clientId() }, { actor: staff.id });
  await handOver([r.shipmentId], { actor: staff.id });
  await pb().collection('order_notes').create({ order: order.id, author: staff.id, body: 'INTERNAL: customer is difficult', visibility: 'internal', client_id: clientId() });
  await pb().collection('payments').create({ order: order.id, method: 'card', amount_cents: 4200, currency: 'EUR', status: 'succeeded', provider: 'sandbox', bank_reference: 'SECRET-BANK-REF-1', provider_event_id: clientId() });
  return { order, lines, shipmentId: r.shipmentId };
}

const keys = (o: object) => Object.keys(o).sort();

function expectCustomerShape(view: TrackingView) {
  expect(keys(view)).toEqual(['lines', 'order', 'parcels', 'pickup', 'updated']);
  expect(keys(view.order)).toEqual(['locale', 'method', 'number', 'placedAt', 'state']);
  for (const l of view.lines) {
    expect(keys(l)).toEqual(['name', 'qty', 'states']);
    expect(keys(l.states)).toEqual(['delivered', 'packed', 'returned', 'shipped', 'unfulfilled']);
  }
  for (const p of view.parcels) {
    expect(keys(p)).toEqual(['carrier', 'events', 'items', 'number', 'shippedAt', 'status', 'trackingNumber', 'trackingUrl']);
    for (const i of p.items) expect(keys(i)).toEqual(['name', 'qty']);
    for (const e of p.events) expect(keys(e)).toEqual(['at', 'description', 'location', 'status']);
  }
  if (view.pickup) {
    expect(keys(view.pickup)).toEqual(['address', 'collectedAt', 'openingHours', 'readyAt', 'shopName', 'state']);
    if (view.pickup.address) expect(keys(view.pickup.address)).toEqual(['city', 'country', 'name', 'postcode', 'street']);
  }
}

function expectNoLeak(view: TrackingView, order: { email: string; phone: string; customer_name: string; id: string }) {
  const text = JSON.stringify(view);
  for (const secret of [order.email, order.phone, order.customer_name, order.id, 'INTERNAL', 'SECRET-BANK-REF', staff.name, staff.id, 'Hauptstraße 1', '4200']) {
    expect([secret, text.includes(secret)]).toEqual([secret, false]);
  }
}

async function refusal(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(TRPCError);
  return { code: (e as TRPCError).code, message: (e as TRPCError).message };
}

describe('tracking page data', () => {
  it('shows the order, each line\'s state and each parcel with its events, and nothing internal', async () => {
    const { order } = await busyOrder();
    const view = await customer().track.get({ token: order.tracking_token });
    expectCustomerShape(view);
    expectNoLeak(view, order);
    expect(view.order).toMatchObject({ number: order.number, state: 'partially_shipped', method: 'ship', locale: 'de' });
    expect(view.lines.map((l) => l.states)).toEqual([
      { unfulfilled: 0, packed: 1, shipped: 2, delivered: 0, returned: 0 },
      { unfulfilled: 0, packed: 1, shipped: 0, delivered: 0, returned: 0 }
    ]);
    expect(view.parcels).toHaveLength(1);
    expect(view.parcels[0]).toMatchObject({ number: 1, carrier: 'Packbench SANDBOX', status: 'handed_over', items: [{ qty: 2 }] });
    expect(view.parcels[0].trackingNumber).toMatch(/^SB/);
    expect(view.parcels[0].events.map((e) => e.status)).toEqual(['label_created', 'handed_over']);
    expect(view.pickup).toBeNull();
  });

  it('a Click & Collect order shows the pickup state, address and opening hours', async () => {
    const { order } = await readyOrder([{ qty: 1 }], { fulfilment_method: 'collect', fulfilment_status: 'ready_for_pickup' });
    const view = await customer().track.get({ token: order.tracking_token });
    expectCustomerShape(view);
    expect(view.order.state).toBe('ready_for_pickup');
    expect(view.pickup).toEqual({
      state: 'ready',
      shopName: 'Teehaus Test',
      address: { name: 'Teehaus Test GmbH', street: 'Friedrichstraße 100', postcode: '10117', city: 'Berlin', country: 'DE' },
      openingHours: 'Mo–Fr 9–18',
      readyAt: '',
      collectedAt: ''
    });
  });

  it('wrong, malformed, draft and expired links all get the same neutral answer', async () => {
    const { order: old } = await readyOrder([{ qty: 1 }], { placed_at: new Date(Date.now() - 400 * 86_400_000).toISOString() });
    const { order: draft } = await readyOrder([{ qty: 1 }], { status: 'draft' });
    const answers = [];
    for (const token of ['A'.repeat(22), 'short', '../../etc/passwd', old.tracking_token, draft.tracking_token, '']) {
      answers.push(await refusal(customer().track.get({ token })));
    }
    expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(new Set([JSON.stringify({ code: 'NOT_FOUND', message: 'We could not find this order. Please check the link in your e-mail.' })]));
    // the same order with a longer link lifetime is found again
    await saveCourierSettings({ trackingLinkDays: 500 });
    try {
      expect((await customer().track.get({ token: old.tracking_token })).order.number).toBe(old.number);
    } finally {
      await saveCourierSettings({ trackingLinkDays: 180 });
    }
  });

  it('limits requests per IP address', async () => {
    configureShipping({ trackRequestsPerMinute: 3 });
    try {
      const { order } = await readyOrder([{ qty: 1 }]);
      const me = anonymousCaller(undefined, '192.0.2.7');
      for (let i = 0; i < 3; i++) await me.track.get({ token: order.tracking_token });
      const r = await refusal(me.track.get({ token: order.tracking_token }));
      expect(r.code).toBe('TOO_MANY_REQUESTS');
      expect(r.message).toMatch(/^Too many requests\. Please try again in \d+ seconds\.$/);
      // guessing wrong tokens counts too
      expect((await refusal(me.track.get({ token: 'B'.repeat(22) }))).code).toBe('TOO_MANY_REQUESTS');
      // another address is not affected
      expect((await anonymousCaller(undefined, '192.0.2.8').track.get({ token: order.tracking_token })).order.number).toBe(order.number);
    } finally {
      resetShippingConfig();
    }
  });
});

describe('live tracking on the public /track namespace', () => {
  let server: Awaited<ReturnType<typeof startSocketServer>>;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    configureShipping({ trackJoinsPerMinute: 1000 });
    server = await startSocketServer();
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server.stop();
    resetShippingConfig();
  });

  function customerSocket(): Socket<TrackServerToClient, TrackClientToServer> {
    // no cookie, no staff session
    const s: Socket<TrackServerToClient, TrackClientToServer> = connect(`${server.url}/track`, { transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(s);
    return s;
  }
  const watch = (s: Socket<TrackServerToClient, TrackClientToServer>, token: string) => new Promise<WatchReply>((r) => s.emit('watch', token, r));
  const nextView = (s: Socket<TrackServerToClient, TrackClientToServer>, match: (v: TrackingView) => boolean, ms = 5000) =>
    new Promise<TrackingView>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching tracking update')), ms);
      const on = (v: TrackingView) => {
        if (!match(v)) return;
        clearTimeout(timer);
        s.off('tracking', on);
        resolve(v);
      };
      s.on('tracking', on);
    });

  it('joins only with a valid token; an update reaches that order\'s watchers and nobody else', async () => {
    const mine = await busyOrder();
    const other = await readyOrder([{ qty: 1 }]);
    const a = customerSocket();
    const b = customerSocket();
    const nosy = customerSocket();
    expect(await watch(a, mine.order.tracking_token)).toEqual({ ok: true });
    expect(await watch(b, other.order.tracking_token)).toEqual({ ok: true });
    expect(await watch(nosy, 'C'.repeat(22))).toEqual({ ok: false, error: 'not_found' });
    expect(await watch(nosy, 'queue')).toEqual({ ok: false, error: 'not_found' });

    const seenByB: TrackingView[] = [];
    const seenByNosy: TrackingView[] = [];
    b.on('tracking', (v) => seenByB.push(v));
    nosy.on('tracking', (v) => seenByNosy.push(v));

    const update = nextView(a, (v) => v.parcels.length === 2 && v.parcels[1].status === 'label_created');
    await createShipment({ orderId: mine.order.id, courier: 'sandbox', lines: mine.lines.map((l) => ({ lineId: l.id, qty: 1 })), clientId: clientId() }, { actor: staff.id });
    const view = await update;
    expectCustomerShape(view);
    expectNoLeak(view, mine.order);
    expect(view.order.state).toBe('shipped');
    expect(view.parcels[1].status).toBe('label_created');
    // a barrier, not a pause: the nosy socket now watches the other order too, and both get the
    // other order's next update, which the server sent after mine's: anything of mine sent to
    // them would have arrived before it
    expect(await watch(nosy, other.order.tracking_token)).toEqual({ ok: true });
    const barrier = (s: ReturnType<typeof customerSocket>) => nextView(s, (v) => v.order.number === other.order.number && v.parcels.length === 1);
    const arrived = Promise.all([barrier(b), barrier(nosy)]);
    await createShipment({ orderId: other.order.id, courier: 'sandbox', lines: other.lines.map((l) => ({ lineId: l.id, qty: 1 })), clientId: clientId() }, { actor: staff.id });
    await arrived;
    expect(seenByB.map((v) => v.order.number).filter((n) => n !== other.order.number)).toEqual([]);
    expect(seenByNosy.map((v) => v.order.number).filter((n) => n !== other.order.number)).toEqual([]);
    expect(seenByB.length).toBeGreaterThan(0);
  });

  it('page data served from memory still shows a change at once', async () => {
    const { order, shipmentId } = await busyOrder();
    const me = customer();
    expect((await me.track.get({ token: order.tracking_token })).parcels[0].status).toBe('handed_over');
    // nobody watches this order live; the relay's change notice alone must drop the kept view
    await pb().collection('shipments').update(shipmentId, { status: 'in_transit' });
    await eventually(async () => (await me.track.get({ token: order.tracking_token })).parcels[0].status === 'in_transit', { timeout: 3000, what: 'the tracking page to show in_transit' });
  });

  it('the staff namespace still refuses a socket without a session', async () => {
    const s = connect(server.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(s);
    const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
    expect(err.message).toBe('unauthorized');
  });

  it('limits joins per IP address', async () => {
    configureShipping({ trackJoinsPerMinute: 2 });
    try {
      const { order } = await readyOrder([{ qty: 1 }]);
      const s = customerSocket();
      expect(await watch(s, order.tracking_token)).toEqual({ ok: true });
      expect(await watch(s, 'D'.repeat(22))).toEqual({ ok: false, error: 'not_found' });
      expect(await watch(s, order.tracking_token)).toEqual({ ok: false, error: 'too_many_requests' });
      // a new connection from the same address does not start afresh
      expect(await watch(customerSocket(), order.tracking_token)).toEqual({ ok: false, error: 'too_many_requests' });
    } finally {
      configureShipping({ trackJoinsPerMinute: 1000 });
    }
  });
});
