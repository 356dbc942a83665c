// F39/F40 returns and the order lifecycle (#13) through the real procedures and a real
// PocketBase: what may come back, double taps and concurrent receives, stock and ledger,
// the fulfilment state, completed <-> placed, the customer's request on the tracking page.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderEventRecord } from '../../src/lib/server/pocketbase/records';
import { renderEmail } from '../../src/lib/server/mail/templates/registry';
import { anonymousCaller, signedInCaller } from '../support/caller';
import { createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { connected, join, nextRecord, startSocketServer } from '../support/realtime';
import { clientId, lineRecords, orderRecord, outboxFor, readyOrder, stockAndLedger } from './shipping-fixtures';
import { stockInvariantViolations } from './stock-invariants';

usePocketBase();

type Signed = Awaited<ReturnType<typeof signedInCaller>>;
let office: Signed;
let packer: Signed['caller'];

beforeAll(async () => {
  const o = await createStaff('office', { name: 'Olga Office' });
  office = await signedInCaller(o.staff.email, o.password);
  const p = await createStaff('packer');
  packer = (await signedInCaller(p.staff.email, p.password)).caller;
});

async function refusal(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(TRPCError);
  const cause = (e as TRPCError).cause as { key?: string; params?: Record<string, unknown> } | undefined;
  return { code: (e as TRPCError).code, message: (e as TRPCError).message, key: cause?.key, params: cause?.params };
}

const events = (orderId: string) => pb().collection('order_events').getFullList<OrderEventRecord>({ filter: `order = '${orderId}'`, sort: 'created' });
const returnsOf = (orderId: string) => pb().collection('returns').getFullList<{ id: string; status: string; version: number }>({ filter: `order = '${orderId}'` });

/** A paid order with lines of these quantities, everything shipped in one parcel. */
async function shippedOrder(qtys: number[], payment: 'paid' | 'unpaid' = 'paid') {
  const made = await readyOrder(qtys.map((qty) => ({ qty })), { payment_status: payment, total_cents: 1990 });
  await office.caller.shipping.createShipment({ orderId: made.order.id, courier: 'manual', carrier: 'dhl', trackingNumber: '00340434161094042557', lines: made.lines.map((l) => ({ lineId: l.id, qty: l.qty })), clientId: clientId() });
  return { ...made, lines: await lineRecords(made.order.id) };
}

const key = () => randomUUID();

describe('F39 recording a return', () => {
  it('refuses more than shipped with a clear message, and changes nothing', async () => {
    const { order, lines, products } = await shippedOrder([2, 1]);
    const before = await stockAndLedger(products[0].id);
    const r = await refusal(office.caller.returns.create({ orderId: order.id, key: key(), lines: [{ lineId: lines[0].id, qty: 3, reason: 'damaged' }] }));
    expect(r).toMatchObject({ code: 'BAD_REQUEST', key: 'returns.errors.too_many', params: { max: 2, shipped: 2, returned: 0, open: 0, requested: 3 } });
    expect(r.message).toContain('At most 2 of');
    expect(await returnsOf(order.id)).toEqual([]);
    expect((await orderRecord(order.id)).open_returns).toBe(0);
    expect(await stockAndLedger(products[0].id)).toEqual(before);
  });

  it('refuses an order with nothing shipped yet', async () => {
    const { order, lines } = await readyOrder([{ qty: 1 }]);
    const r = await refusal(office.caller.returns.create({ orderId: order.id, key: key(), lines: [{ lineId: lines[0].id, qty: 1, reason: 'other' }] }));
    expect(r).toMatchObject({ code: 'CONFLICT', key: 'returns.errors.nothing_shipped' });
  });

  it('a double tap (the same key twice, at once) makes one return', async () => {
    const { order, lines } = await shippedOrder([2]);
    const input = { orderId: order.id, key: key(), lines: [{ lineId: lines[0].id, qty: 1, reason: 'defective' as const }] };
    const [a, b] = await Promise.all([office.caller.returns.create(input), office.caller.returns.create(input)]);
    expect(a.returnId).toBe(b.returnId);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(await returnsOf(order.id)).toHaveLength(1);
    expect((await orderRecord(order.id)).open_returns).toBe(1);
    expect((await events(order.id)).filter((e) => e.type === 'return_requested')).toHaveLength(1);
    // and again later: still the same one
    expect((await office.caller.returns.create(input)).returnId).toBe(a.returnId);
  });

  it('counts units on open returns: two returns of one line never exceed what shipped', async () => {
    const { order, lines } = await shippedOrder([3]);
    await office.caller.returns.create({ orderId: order.id, key: key(), lines: [{ lineId: lines[0].id, qty: 2, reason: 'damaged' }] });
    const r = await refusal(office.caller.returns.create({ orderId: order.id, key: key(), lines: [{ lineId: lines[0].id, qty: 2, reason: 'damaged' }] }));
    expect(r).toMatchObject({ key: 'returns.errors.too_many', params: { max: 1, open: 2 } });
  });

  it('two different returns at once never take more than shipped: one is recorded, the other refused', async () => {
    const { order, lines } = await shippedOrder([2]);
    const ask = () => office.caller.returns.create({ orderId: order.id, key: key(), lines: [{ lineId: lines[0].id, qty: 2, reason: 'damaged' }] }).then(() => 'made', (e: TRPCError) => (e.cause as { key?: string }).key);
    const outcomes = await Promise.all([ask(), ask()]);
    expect(outcomes.sort()).toEqual(['made', 'returns.errors.too_many']);
    expect(await returnsOf(order.id)).toHaveLength(1);
    expect((await orderRecord(order.id)).open_returns).toBe(1);
  });

  it('packers may not record or receive returns (role check)', async () => {
    const { order, lines } = await shippedOrder([1]);
    expect(await refusal(packer.returns.create({ orderId: order.id, key: key(), lines: [{ lineId: lines[0].id, qty: 1, reason: 'other' }] }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(packer.returns.forOrder({ orderId: order.id }))).toMatchObject({ code: 'FORBIDDEN' });
    const made = await office.caller.returns.create({ orderId: order.id, key: key(), lines: [{ lineId: lines[0].id, qty: 1, reason: 'other' }] });
    expect(await refusal(packer.returns.receive({ returnId: made.returnId, version: 0, lines: [] as never }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(anonymousCaller().returns.cancel({ returnId: made.returnId, version: 0 }))).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('F40 receiving a return', () => {
  it('restock and write-off keep stock equal to the ledger; the order is partially returned, then returned', async () => {
    const { order, lines, products } = await shippedOrder([2, 1]);
    const first = await office.caller.returns.create({ orderId: order.id, key: key(), lines: [{ lineId: lines[0].id, qty: 2, reason: 'damaged', note: 'box crushed' }] });
    const view = await office.caller.returns.forOrder({ orderId: order.id });
    const rl = view.returns[0].lines[0];
    const onHand = (await stockAndLedger(products[0].id)).stock.on_hand;
    const done = await office.caller.returns.receive({ returnId: first.returnId, version: 0, lines: [{ returnLineId: rl.id, restock: 1, writeoff: 1, inspect: 0 }] });
    expect(done).toMatchObject({ status: 'closed', alreadyDone: false });
    const s = await stockAndLedger(products[0].id);
    expect(s.stock.on_hand).toBe(onHand + 1);
    expect(s.stock).toEqual(s.ledger);
    expect(await stockInvariantViolations(products.map((p) => p.id))).toEqual([]);
    const rows = await pb().collection('stock_movements').getFullList<{ reason: string; delta_on_hand: number; note: string }>({ filter: `product = '${products[0].id}' && order = '${order.id}'` });
    expect(rows.filter((r) => r.reason === 'returned_restock')).toMatchObject([{ delta_on_hand: 1 }]);
    expect(rows.filter((r) => r.reason === 'returned_writeoff')).toMatchObject([{ delta_on_hand: 0, note: expect.stringContaining('1 returned unit written off') }]);
    expect((await lineRecords(order.id)).map((l) => l.returned)).toEqual([2, 0]);
    expect(await orderRecord(order.id)).toMatchObject({ fulfilment_status: 'partially_returned', open_returns: 0, status: 'completed' });

    // the second return of the rest: everything shipped came back
    const second = await office.caller.returns.create({ orderId: order.id, key: key(), lines: [{ lineId: lines[1].id, qty: 1, reason: 'no_longer_needed' }] });
    expect((await orderRecord(order.id)).status).toBe('placed'); // re-opened by the return
    const v2 = (await office.caller.returns.forOrder({ orderId: order.id })).returns.find((r) => r.id === second.returnId)!;
    await office.caller.returns.receive({ returnId: second.returnId, version: v2.version, lines: [{ returnLineId: v2.lines[0].id, restock: 1, writeoff: 0, inspect: 0 }] });
    expect(await orderRecord(order.id)).toMatchObject({ fulfilment_status: 'returned', status: 'completed', open_returns: 0 });
    expect(await stockInvariantViolations(products.map((p) => p.id))).toEqual([]);
    const types = (await events(order.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['return_requested', 'return_received', 'partially_returned', 'returned', 'completed', 'reopened']));
    const received = (await events(order.id)).find((e) => e.type === 'return_received')!;
    expect(received).toMatchObject({ actor: office.session.staff.id, data: { restocked: 1, written_off: 1, to_inspect: 0 } });
    // nothing more can come back
    expect(await refusal(office.caller.returns.create({ orderId: order.id, key: key(), lines: [{ lineId: lines[1].id, qty: 1, reason: 'other' }] }))).toMatchObject({ params: { max: 0 } });
  });

  it('two concurrent receives of the same return apply once', async () => {
    const { order, lines, products } = await shippedOrder([2]);
    const made = await office.caller.returns.create({ orderId: order.id, key: key(), lines: [{ lineId: lines[0].id, qty: 2, reason: 'wrong_item' }] });
    const rl = (await office.caller.returns.forOrder({ orderId: order.id })).returns[0].lines[0];
    const before = (await stockAndLedger(products[0].id)).stock.on_hand;
    const input = { returnId: made.returnId, version: 0, lines: [{ returnLineId: rl.id, restock: 2, writeoff: 0, inspect: 0 }] };
    const results = await Promise.all([office.caller.returns.receive(input), office.caller.returns.receive(input)]);
    expect(results.map((r) => r.alreadyDone).sort()).toEqual([false, true]);
    const s = await stockAndLedger(products[0].id);
    expect(s.stock.on_hand).toBe(before + 2);
    expect(s.stock).toEqual(s.ledger);
    expect((await lineRecords(order.id))[0].returned).toBe(2);
    expect((await events(order.id)).filter((e) => e.type === 'return_received')).toHaveLength(1);
    expect(await outboxFor(order.id, 'return_received')).toHaveLength(1);
  });

  it('units to inspect keep the return open until they are decided', async () => {
    const { order, lines, products } = await shippedOrder([2]);
    const made = await office.caller.returns.create({ orderId: order.id, key: key(), lines: [{ lineId: lines[0].id, qty: 2, reason: 'defective' }] });
    const rl = (await office.caller.returns.forOrder({ orderId: order.id })).returns[0].lines[0];
    // a split that does not add up is refused, nothing changes
    expect(await refusal(office.caller.returns.receive({ returnId: made.returnId, version: 0, lines: [{ returnLineId: rl.id, restock: 1, writeoff: 0, inspect: 0 }] }))).toMatchObject({
      code: 'BAD_REQUEST', key: 'returns.errors.split_mismatch', params: { expected: 2, given: 1 }
    });
    await office.caller.returns.receive({ returnId: made.returnId, version: 0, lines: [{ returnLineId: rl.id, restock: 0, writeoff: 0, inspect: 2 }] });
    expect(await orderRecord(order.id)).toMatchObject({ status: 'placed', open_returns: 1, fulfilment_status: 'returned' });
    const r = (await office.caller.returns.forOrder({ orderId: order.id })).returns[0];
    expect(r).toMatchObject({ status: 'received', lines: [{ to_inspect: 2 }] });
    await office.caller.returns.inspect({ returnId: r.id, version: r.version, lines: [{ returnLineId: rl.id, restock: 1, writeoff: 1 }] });
    expect((await office.caller.returns.forOrder({ orderId: order.id })).returns[0]).toMatchObject({ status: 'closed', lines: [{ restocked: 1, written_off: 1, to_inspect: 0 }] });
    expect(await orderRecord(order.id)).toMatchObject({ status: 'completed', open_returns: 0 });
    expect(await stockInvariantViolations(products.map((p) => p.id))).toEqual([]);
  });

  it('the customer gets a "return received" e-mail (en and de)', async () => {
    const { order, lines } = await shippedOrder([1]);
    const made = await office.caller.returns.create({ orderId: order.id, key: key(), lines: [{ lineId: lines[0].id, qty: 1, reason: 'other' }] });
    const rl = (await office.caller.returns.forOrder({ orderId: order.id })).returns[0].lines[0];
    await office.caller.returns.receive({ returnId: made.returnId, version: 0, lines: [{ returnLineId: rl.id, restock: 1, writeoff: 0, inspect: 0 }] });
    const [mail] = await outboxFor(order.id, 'return_received');
    expect(mail).toMatchObject({ recipient: order.email, payload: { data: { orderId: order.id, returnId: made.returnId } } });
    const en = await renderEmail({ topic: 'return_received', locale: 'en', data: mail.payload.data });
    expect(en.subject).toBe(`We received your return for order #${order.number}`);
    expect(en.text).toContain(lines[0].name);
    const de = await renderEmail({ topic: 'return_received', locale: 'de', data: mail.payload.data });
    expect(de.subject).toBe(`Ihre Rücksendung zu Bestellung #${order.number} ist eingegangen`);
  });

  it('cancelling a requested return frees its units and completes the order again', async () => {
    const { order, lines } = await shippedOrder([1]);
    expect((await orderRecord(order.id)).status).toBe('completed');
    const made = await office.caller.returns.create({ orderId: order.id, key: key(), lines: [{ lineId: lines[0].id, qty: 1, reason: 'other' }] });
    expect(await orderRecord(order.id)).toMatchObject({ status: 'placed', open_returns: 1 });
    await office.caller.returns.cancel({ returnId: made.returnId, version: 0 });
    expect(await orderRecord(order.id)).toMatchObject({ status: 'completed', open_returns: 0, fulfilment_status: 'shipped' });
    expect((await office.caller.returns.forOrder({ orderId: order.id })).lines[0].returnable).toBe(1);
  });
});

describe('F39/F40 order lifecycle', () => {
  it('an unpaid shipped order stays placed; marking it paid completes it', async () => {
    const { order } = await shippedOrder([1], 'unpaid');
    expect(await orderRecord(order.id)).toMatchObject({ status: 'placed', fulfilment_status: 'shipped' });
    const m = await createStaff('manager');
    const manager = (await signedInCaller(m.staff.email, m.password)).caller;
    await manager.payments.markPaid({ orderId: order.id, bankReference: 'REF-RETURNS-1' });
    expect(await orderRecord(order.id)).toMatchObject({ status: 'completed', payment_status: 'paid' });
  });

  it('a partially shipped paid order stays placed until the rest ships', async () => {
    const made = await readyOrder([{ qty: 2 }], { payment_status: 'paid' });
    await office.caller.shipping.createShipment({ orderId: made.order.id, courier: 'manual', carrier: 'dhl', trackingNumber: '00340434161094042557', lines: [{ lineId: made.lines[0].id, qty: 1 }], clientId: clientId() });
    expect((await orderRecord(made.order.id)).status).toBe('placed');
    await office.caller.shipping.createShipment({ orderId: made.order.id, courier: 'manual', carrier: 'dhl', trackingNumber: '00340434161094042557', lines: [{ lineId: made.lines[0].id, qty: 1 }], clientId: clientId() });
    expect((await orderRecord(made.order.id)).status).toBe('completed');
  });

  it('a return received while the rest waits: the order stays partly shipped, then is partly returned once the rest leaves', async () => {
    const made = await readyOrder([{ qty: 1 }, { qty: 1 }], { payment_status: 'paid' });
    const parcel = (lineId: string) =>
      office.caller.shipping.createShipment({ orderId: made.order.id, courier: 'manual', carrier: 'dhl', trackingNumber: '00340434161094042557', lines: [{ lineId, qty: 1 }], clientId: clientId() });
    await parcel(made.lines[0].id);
    const ret = await office.caller.returns.create({ orderId: made.order.id, key: key(), lines: [{ lineId: made.lines[0].id, qty: 1, reason: 'defective' }] });
    const view = (await office.caller.returns.forOrder({ orderId: made.order.id })).returns[0];
    await office.caller.returns.receive({ returnId: ret.returnId, version: view.version, lines: [{ returnLineId: view.lines[0].id, restock: 1, writeoff: 0, inspect: 0 }] });
    // units are still to ship: the state says so
    expect(await orderRecord(made.order.id)).toMatchObject({ fulfilment_status: 'partially_shipped', status: 'placed' });
    await parcel(made.lines[1].id);
    expect(await orderRecord(made.order.id)).toMatchObject({ fulfilment_status: 'partially_returned', status: 'completed' });
    const types = (await events(made.order.id)).map((e) => e.type);
    expect(types).toContain('partially_returned');
    expect(types).not.toContain('shipped');
  });
});

describe('F39/F40 the queue shows open or finished orders', () => {
  it('a completed order is finished; a return opens it again', async () => {
    const { order, lines } = await shippedOrder([1]);
    const search = String(order.number);
    const ids = async (stage: 'open' | 'finished') => (await office.caller.orders.queue({ stage, search })).items.map((o) => o.id);
    expect(await ids('finished')).toEqual([order.id]);
    expect(await ids('open')).toEqual([]);
    await office.caller.returns.create({ orderId: order.id, key: key(), lines: [{ lineId: lines[0].id, qty: 1, reason: 'other' }] });
    expect(await ids('open')).toEqual([order.id]);
    expect(await ids('finished')).toEqual([]);
  });
});

describe('F39 the customer asks on the tracking page', () => {
  let server: Awaited<ReturnType<typeof startSocketServer>>;
  beforeAll(async () => {
    server = await startSocketServer();
  });
  afterAll(() => server.stop());

  it('F39 is offered until the return window ends, then refused by name; staff may still record one', async () => {
    const { order, lines } = await shippedOrder([1]);
    const customer = anonymousCaller(undefined, '10.0.0.9');
    const m = await createStaff('manager');
    const manager = await signedInCaller(m.staff.email, m.password);
    // the parcel was delivered 20 days ago
    const [parcel] = await pb().collection('shipments').getFullList<{ id: string; events: unknown[] }>({ filter: `order = '${order.id}'` });
    const delivered = new Date(Date.now() - 20 * 86_400_000).toISOString();
    await pb().collection('shipments').update(parcel.id, { status: 'delivered', events: [...(parcel.events ?? []), { id: 'd1', status: 'delivered', at: delivered, location: '', description: 'delivered', source: 'courier' }] });

    // the manager sets the window in the settings hub
    await manager.caller.settings.saveReturns({ windowDays: 30 });
    expect((await manager.caller.settings.hub()).returns).toEqual({ windowDays: 30 });
    const open = await customer.returns.trackOptions({ token: order.tracking_token });
    expect(open.window).toMatchObject({ days: 30, open: true, until: new Date(new Date(delivered).getTime() + 30 * 86_400_000).toISOString() });
    expect(open.lines.map((l) => l.returnable)).toEqual([1]);

    await manager.caller.settings.saveReturns({ windowDays: 14 });
    const closed = await customer.returns.trackOptions({ token: order.tracking_token });
    expect(closed.window.open).toBe(false);
    expect(closed.lines.map((l) => l.returnable)).toEqual([0]);
    const refused = await refusal(customer.returns.trackRequest({ token: order.tracking_token, key: key(), lines: [{ lineId: lines[0].id, qty: 1, reason: 'other' }] }));
    expect(refused).toMatchObject({ code: 'CONFLICT', key: 'returns.errors.window_closed', params: { number: order.number, days: 14 } });
    expect(await returnsOf(order.id)).toHaveLength(0);
    // office staff: goodwill after the window, and their card says the window ended
    const view = await office.caller.returns.forOrder({ orderId: order.id });
    expect(view.window).toMatchObject({ days: 14, open: false });
    await office.caller.returns.create({ orderId: order.id, key: key(), lines: [{ lineId: lines[0].id, qty: 1, reason: 'defective' }] });
    expect(await returnsOf(order.id)).toHaveLength(1);

    // no limit
    await manager.caller.settings.saveReturns({ windowDays: null });
    expect((await customer.returns.trackOptions({ token: order.tracking_token })).window).toMatchObject({ days: null, open: true, until: null });
    await manager.caller.settings.saveReturns({ windowDays: 30 });
  });

  it('arrives in the office as a requested return, live', async () => {
    const { order, lines } = await shippedOrder([2, 1]);
    const s = server.connect(office.token);
    await connected(s);
    expect(await join(s, `order:${order.id}`)).toEqual({ ok: true });
    const live = nextRecord(s, (e) => e.collection === 'order_events' && e.record.type === 'return_requested');
    const customer = anonymousCaller(undefined, '10.0.0.7');
    const options = await customer.returns.trackOptions({ token: order.tracking_token });
    expect(options.lines.map((l) => l.returnable)).toEqual([2, 1]);
    const input = { token: order.tracking_token, key: key(), lines: [{ lineId: options.lines[1].id, qty: 1, reason: 'not_as_described' as const, note: 'colour is off' }] };
    await customer.returns.trackRequest(input);
    expect((await live).record).toMatchObject({ type: 'return_requested', data: { units: 1, source: 'customer' } });
    expect((await events(order.id)).find((e) => e.type === 'return_requested')).toMatchObject({ actor: '', actor_label: 'customer' });
    const view = await office.caller.returns.forOrder({ orderId: order.id });
    expect(view.returns).toMatchObject([{ status: 'requested', source: 'customer', lines: [{ qty: 1, reason: 'not_as_described', reason_note: 'colour is off' }] }]);
    // the same request again (a reload, a double tap) makes no second return
    await customer.returns.trackRequest(input);
    expect(await returnsOf(order.id)).toHaveLength(1);
    // a wrong token is a neutral not found
    expect(await refusal(customer.returns.trackRequest({ ...input, token: 'nope', key: key() }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is rate-limited per order', async () => {
    const { order, lines } = await shippedOrder([9]);
    const customer = anonymousCaller(undefined, '10.0.0.8');
    const ask = () => customer.returns.trackRequest({ token: order.tracking_token, key: key(), lines: [{ lineId: lines[0].id, qty: 1, reason: 'other' }] });
    for (let i = 0; i < 5; i++) await ask();
    expect(await refusal(ask())).toMatchObject({ code: 'TOO_MANY_REQUESTS', key: 'returns.errors.too_many_requests' });
    expect(await returnsOf(order.id)).toHaveLength(5);
  });
});

describe('F39/F40 the demo shop return (#1028) goes through the returns code', () => {
  it('records and receives the planned return once, however often the app starts', async () => {
    const { settleDemoReturns } = await import('../../src/lib/server/returns/demo');
    const { order, products } = await shippedOrder([2, 1]);
    await pb().collection('settings').create({ key: 'demo_seed', value: { at: new Date().toISOString(), version: 1, returns: [{ order: order.id, key: `demo-return-${order.number}`, receivedBy: office.session.staff.id }] } });
    const before = process.env.PACKBENCH_MODE;
    process.env.PACKBENCH_MODE = 'demo';
    try {
      expect(await settleDemoReturns()).toBe(1);
      expect(await settleDemoReturns()).toBe(0);
    } finally {
      process.env.PACKBENCH_MODE = before;
    }
    expect(await returnsOf(order.id)).toMatchObject([{ status: 'closed' }]);
    expect(await orderRecord(order.id)).toMatchObject({ fulfilment_status: 'returned', status: 'completed', open_returns: 0 });
    expect((await lineRecords(order.id)).map((l) => l.returned)).toEqual([2, 1]);
    expect(await stockInvariantViolations(products.map((p) => p.id))).toEqual([]);
    expect((await events(order.id)).map((e) => e.type)).toEqual(expect.arrayContaining(['return_requested', 'return_received', 'returned']));
  });
});
