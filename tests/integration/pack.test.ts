// The packer's view of the system (F14, F15): packer projections only, no office procedure or
// room, and every pick reaches the other tablets on the same order with who did it.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import { appRouter } from '../../src/lib/server/trpc/root';
import { anonymousCaller, signedInCaller } from '../support/caller';
import { createDevice, createOrder, createScannableProduct, createStaff, setStaffPin, unlockTablet } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { sensitiveKeys } from '../support/projection';
import { collectUntil, connected, join, nextPresence, nextRecord, startSocketServer } from '../support/realtime';

usePocketBase();

let server: Awaited<ReturnType<typeof startSocketServer>>;
let pia: Awaited<ReturnType<typeof unlockTablet>>;
let paul: Awaited<ReturnType<typeof unlockTablet>>;
let n = 0;
const scanId = () => `pack-${Date.now().toString(36)}-${++n}`;
// what a packer must never receive, in any response or event
const SECRETS = ['secret@example.com', '+49 170 555', '98765', 'Kundin zahlt per Vorkasse', 'pi_live_'];

beforeAll(async () => {
  server = await startSocketServer();
  const { secret } = await createDevice('Bench A');
  const a = await createStaff('packer', { name: 'Pia Packer' });
  const b = await createStaff('packer', { name: 'Paul Packer' });
  await setStaffPin(a.staff.id, '2580');
  await setStaffPin(b.staff.id, '3691');
  pia = await unlockTablet(secret, a.staff.id, '2580');
  paul = await unlockTablet(secret, b.staff.id, '3691');
});
afterAll(() => server.stop());

async function secretOrder(qty = 3) {
  const { product, ean } = await createScannableProduct({ price_cents: 98765 });
  const { order, lines } = await createOrder(
    { payment_status: 'paid', payment_method: 'card', email: 'secret@example.com', phone: '+49 170 555', total_cents: 98765, idempotency_key: `pi_live_${scanId()}` },
    [{ qty, product }]
  );
  await pb().collection('order_notes').create({ order: order.id, body: 'Kundin zahlt per Vorkasse', visibility: 'internal' });
  await pb().collection('order_notes').create({ order: order.id, body: 'Fragile: double box', visibility: 'packing' });
  return { order, line: lines[0], ean };
}

const leaks = (value: unknown) => SECRETS.filter((s) => JSON.stringify(value).includes(s));

describe('a packer reaches no office procedure', () => {
  // shipping.* is the packing bench's own next step (labels, hand-over), owned by the shipping desk
  // goods in happens at the bench too (#14): receiving, finding a product to receive, recent deliveries
  const BENCH = ['pack.', 'auth.', 'shipping.', 'stock.receive', 'stock.findForReceiving', 'stock.receipts'];
  const procedures = Object.keys((appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures).filter(
    (p) => !BENCH.some((prefix) => p.startsWith(prefix))
  );

  it('every procedure that needs a session refuses a PIN-signed-in packer before reading its input', async () => {
    const call = (caller: unknown, path: string) => {
      const fn = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (input: unknown) => Promise<unknown>;
      return fn({}).then(() => 'OK', (e: TRPCError) => e.code);
    };
    const checked: string[] = [];
    const reachable: string[] = [];
    for (const path of procedures) {
      // public procedures (checkout, tracking, pairing) are public for everyone
      if ((await call(anonymousCaller(), path)) !== 'UNAUTHORIZED') continue;
      checked.push(path);
      if ((await call(pia.caller, path)) !== 'FORBIDDEN') reachable.push(path);
    }
    expect(checked).toEqual(expect.arrayContaining(['orders.queue', 'orders.get', 'orders.addNote', 'stock.list', 'devices.list']));
    expect(reachable).toEqual([]);
  });
});

describe('packer projections', () => {
  it('the pick queue and an order show lines, bins, ship-to name and packing notes only', async () => {
    const o = await secretOrder();
    const queue = await pia.caller.pack.queue();
    const entry = queue.find((q) => q.id === o.order.id);
    expect(entry).toMatchObject({ number: o.order.number, shipToName: o.order.shipping_address?.name, fulfilmentMethod: 'ship', units: 3, picked: 0 });
    const view = await pia.caller.pack.order({ id: o.order.id });
    expect(view.lines[0]).toMatchObject({ sku: o.line.sku, qty: 3, picked: 0, gtins: [`0${o.ean}`] });
    expect(view.lines[0].bin).toMatch(/^A-/);
    expect(view.notes.map((x) => x.body)).toEqual(['Fragile: double box']);
    const slip = await pia.caller.pack.packingSlip({ orderId: o.order.id, locale: 'de' });
    expect(slip.lines.every((l) => l.unitPriceCents === 0)).toBe(true);
    expect(leaks([queue, view, slip])).toEqual([]);
  });

  it('opens a scanned slip only for an order on the packing floor; an unpaid or draft number gives nothing away (issue #12, finding 2)', async () => {
    const o = await secretOrder();
    expect(await pia.caller.pack.findOrder({ code: String(o.order.number) })).toEqual({ id: o.order.id, number: o.order.number, pickability: 'pickable' });
    for (const over of [{ payment_status: 'unpaid' as const }, { status: 'draft' as const, payment_status: 'unpaid' as const }]) {
      const { order } = await createOrder({ ...over, email: 'secret@example.com' });
      const err = await pia.caller.pack.findOrder({ code: String(order.number) }).catch((e: TRPCError) => e);
      expect(err).toBeInstanceOf(TRPCError);
      expect([(err as TRPCError).code, (err as TRPCError).message]).toEqual(['NOT_FOUND', `Order ${order.number} is not on the packing floor: it is not paid yet.`]);
      expect(JSON.stringify(err)).not.toContain(order.id);
    }
  });

  it('the courier desk and the collection desk give a packer no contact, money or token (issue #12, finding 2)', async () => {
    const o = await secretOrder(1);
    await pb().collection('orders').update(o.order.id, { fulfilment_status: 'packed' });
    const c = await createOrder({ payment_status: 'paid', fulfilment_method: 'collect', fulfilment_status: 'ready_for_pickup', email: 'secret@example.com', phone: '+49 170 555', total_cents: 98765 });
    const desk = await pia.caller.shipping.desk();
    const forOrder = await pia.caller.shipping.forOrder({ orderId: o.order.id });
    const collect = await pia.caller.shipping.findCollect({ code: String(c.order.number) });
    expect(sensitiveKeys([desk, forOrder, collect])).toEqual([]);
    expect(leaks([desk, forOrder, collect])).toEqual([]);
  });

  it('a packer socket may not join the queue or stock rooms, and gets the packer projection of an order', async () => {
    const o = await secretOrder();
    const s = server.connect(pia.token);
    await connected(s);
    expect(await join(s, 'queue')).toEqual({ ok: false, error: 'forbidden' });
    expect(await join(s, 'stock')).toEqual({ ok: false, error: 'forbidden' });
    expect(await join(s, `order:${o.order.id}`)).toEqual({ ok: true });
    expect(await join(s, 'pack')).toEqual({ ok: true });
    const seen = collectUntil(s, (e) => e.collection === 'order_notes' && e.record.body === 'barrier');
    await paul.caller.pack.pick({ orderId: o.order.id, code: o.ean, clientScanId: scanId() });
    await pb().collection('orders').update(o.order.id, { total_cents: 98765, phone: '+49 170 555' });
    // the barrier, after the writes under test: a packing note the packer does see
    await pb().collection('order_notes').create({ order: o.order.id, body: 'barrier', visibility: 'packing' });
    const events = await seen;
    expect(events.map((e) => e.collection)).toEqual(expect.arrayContaining(['picks', 'order_lines', 'orders']));
    expect(leaks(events)).toEqual([]);
    for (const e of events) expect(e.record).not.toHaveProperty('payment_status');
    s.disconnect();
  });
});

describe('live collaboration on one order', () => {
  it('a pick on one tablet shows on the other within a second, with who did it', async () => {
    const o = await secretOrder(4);
    const [a, b] = [server.connect(pia.token), server.connect(paul.token)];
    await Promise.all([connected(a), connected(b)]);
    await join(a, `order:${o.order.id}`);
    const both = nextPresence(a, (v) => v.length === 2);
    await join(b, `order:${o.order.id}`);
    expect((await both).map((v) => v.name).sort()).toEqual(['Paul Packer', 'Pia Packer']);

    const id = scanId();
    const started = Date.now();
    const arrives = nextRecord(b, (e) => e.collection === 'picks' && e.record.client_scan_id === id, 1000);
    const line = nextRecord(b, (e) => e.collection === 'order_lines' && e.record.picked === 1, 1000);
    await pia.caller.pack.pick({ orderId: o.order.id, code: o.ean, clientScanId: id });
    const pick = await arrives;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(pick.record).toMatchObject({ qty: 1, staff_name: 'Pia Packer', order_line: o.line.id });
    expect(pick.record.updated).toBeTruthy();
    await line;

    const undo = nextRecord(a, (e) => e.collection === 'picks' && e.record.undoes === pick.record.id, 1000);
    await paul.caller.pack.undo({ orderId: o.order.id, pickId: pick.record.id, clientScanId: scanId() });
    expect((await undo).record).toMatchObject({ qty: -1, staff_name: 'Paul Packer' });

    const note = nextRecord(a, (e) => e.collection === 'order_notes', 1000);
    await paul.caller.pack.addNote({ orderId: o.order.id, body: 'Box is dented, repacked', clientId: scanId() });
    expect((await note).record).toMatchObject({ body: 'Box is dented, repacked', author: { name: 'Paul Packer' } });

    const packed = nextRecord(b, (e) => e.collection === 'order_events' && e.record.type === 'packed', 1500);
    await pia.caller.pack.pick({ orderId: o.order.id, code: o.ean, qty: 4, clientScanId: scanId() });
    const ev = await packed;
    expect(ev.record).toEqual({ id: ev.record.id, updated: ev.record.updated, type: 'packed', actor: 'Pia Packer', created: ev.record.created });
    a.disconnect();
    b.disconnect();
  });

  it('the pack room hears when an order becomes ready to pick, but not its payment', async () => {
    const { order } = await createOrder({}, [{ qty: 1 }]);
    const s = server.connect(pia.token);
    await connected(s);
    await join(s, 'pack');
    const unpaid = nextRecord(s, (e) => e.collection === 'orders' && e.record.id === order.id);
    await pb().collection('orders').update(order.id, { customer_name: 'Changed by the office' });
    expect(Object.keys((await unpaid).record).sort()).toEqual(['id', 'to_pick', 'updated']);
    const ready = nextRecord(s, (e) => e.collection === 'orders' && e.record.id === order.id && e.record.to_pick === true);
    await pb().collection('orders').update(order.id, { payment_status: 'paid' });
    const e = await ready;
    expect(Object.keys(e.record).sort()).toEqual(['fulfilment_method', 'fulfilment_status', 'id', 'number', 'to_pick', 'updated']);
    s.disconnect();
  });
});
