// Phone orders and amendments (F27) through the real procedures: drafts reserve nothing,
// placing is all-or-nothing, amendments adjust reservations under the order's version, and
// every open screen hears about it.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { CustomerRecord, OrderLineRecord, OrderRecord, ProductRecord } from '../../src/lib/server/pocketbase/records';
import { signedInCaller } from '../support/caller';
import { createStaff, createStockedProduct } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { connected, join, nextRecord, startSocketServer } from '../support/realtime';
import { stockInvariantViolations } from './stock-invariants';

usePocketBase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>;
let office: Caller;
let manager: Caller;
let packer: Caller;
let customer: CustomerRecord;

beforeAll(async () => {
  const o = await createStaff('office', { name: 'Olga Office' });
  office = await signedInCaller(o.staff.email, o.password);
  const m = await createStaff('manager', { name: 'Max Manager' });
  manager = await signedInCaller(m.staff.email, m.password);
  const p = await createStaff('packer');
  packer = await signedInCaller(p.staff.email, p.password);
  customer = await pb().collection('customers').create<CustomerRecord>({
    name: 'Greta Hoffmann', email: 'greta@example.de', phone: '+49 421 555123',
    addresses: [{ label: 'home', name: 'Greta Hoffmann', street: 'Am Markt 5', postcode: '28195', city: 'Bremen', country: 'DE' }], locale: 'de'
  });
});

const product = (id: string) => pb().collection('products').getOne<ProductRecord>(id);
const order = (id: string) => pb().collection('orders').getOne<OrderRecord>(id);
const lines = (orderId: string) => pb().collection('order_lines').getFullList<OrderLineRecord>({ filter: `order = '${orderId}'`, sort: 'position' });
const failure = (p: Promise<unknown>) => p.then(() => null, (e) => e as TRPCError & { cause: { key: string; params: Record<string, any> } });

function phoneOrder(lines: { productId: string; qty: number }[], place: boolean, over: object = {}) {
  return office.caller.orders.createPhoneOrder({ idempotencyKey: randomUUID(), customerId: customer.id, fulfilmentMethod: 'ship', paymentMethod: 'online_banking', lines, place, ...over });
}

describe('finding the caller', () => {
  it('searches by name, e-mail or phone and keeps the search with the customer it led to (F25)', async () => {
    const byName = await office.caller.orders.searchCustomers({ query: 'hoffm' });
    expect(byName.customers.map((c) => c.id)).toEqual([customer.id]);
    expect((await office.caller.orders.searchCustomers({ query: 'greta@example' })).customers.map((c) => c.id)).toEqual([customer.id]);
    expect((await office.caller.orders.searchCustomers({ query: '555123' })).customers.map((c) => c.id)).toEqual([customer.id]);

    const p = await createStockedProduct(5);
    await phoneOrder([{ productId: p.id, qty: 1 }], false, { customerSearchId: byName.searchId });
    const search = await pb().collection('customer_searches').getOne(byName.searchId);
    expect(search).toMatchObject({ staff: office.session.staff.id, query: 'hoffm', customer: customer.id });
  });

  it('F25 offers the customers recent searches led to on the phone screen: mine first, then the shop\'s, each once', async () => {
    const other = await pb().collection('customers').create<CustomerRecord>({ name: 'Jonas Dvořák', email: 'jonas@example.cz', addresses: [], locale: 'en' });
    const gone = await pb().collection('customers').create<CustomerRecord>({ name: 'Gone Customer', email: 'gone@example.de', addresses: [], locale: 'en' });
    // the manager's search led to Jonas, mine (office) to Greta twice, and one to a customer removed since
    await pb().collection('customer_searches').create({ staff: manager.session.staff.id, query: 'dvor', customer: other.id });
    await pb().collection('customer_searches').create({ staff: office.session.staff.id, query: 'gone', customer: gone.id });
    await pb().collection('customer_searches').create({ staff: office.session.staff.id, query: 'hoff', customer: customer.id });
    await pb().collection('customers').delete(gone.id);
    const mine = await office.caller.orders.recentCustomers();
    expect(mine.map((c) => c.name)).toEqual(['Greta Hoffmann', 'Jonas Dvořák']);
    expect(mine[0]).toMatchObject({ email: 'greta@example.de', addresses: [{ city: 'Bremen' }] });
    // the manager sees their own first
    expect((await manager.caller.orders.recentCustomers()).map((c) => c.name)).toEqual(['Jonas Dvořák', 'Greta Hoffmann']);
  });

  it('creates a new customer with the order', async () => {
    const p = await createStockedProduct(5);
    const created = await office.caller.orders.createPhoneOrder({
      idempotencyKey: randomUUID(), newCustomer: { name: 'Neu Kunde', email: 'neu@example.de', phone: '0171 1' },
      fulfilmentMethod: 'ship', shippingAddress: { name: 'Neu Kunde', street: 'Weg 1', postcode: '12345', city: 'Ort', country: 'DE' },
      paymentMethod: 'cheque', lines: [{ productId: p.id, qty: 1 }], place: true
    });
    const stored = await order(created.id);
    const c = await pb().collection('customers').getOne<CustomerRecord>(stored.customer);
    expect(c).toMatchObject({ name: 'Neu Kunde', email: 'neu@example.de' });
    expect(stored).toMatchObject({ channel: 'phone', status: 'placed', created_by: office.session.staff.id, shipping_address: { city: 'Ort' } });
  });
});

describe('drafts (F27)', () => {
  it('a draft reserves nothing; placing it reserves every line', async () => {
    const a = await createStockedProduct(5);
    const b = await createStockedProduct(5);
    const draft = await phoneOrder([{ productId: a.id, qty: 2 }, { productId: b.id, qty: 1 }], false);
    expect(draft.status).toBe('draft');
    expect(await order(draft.id)).toMatchObject({ status: 'draft', placed_at: '', shipping_address: { city: 'Bremen' } });
    expect(await product(a.id)).toMatchObject({ reserved: 0 });

    await office.caller.orders.placeDraft({ orderId: draft.id, version: 1 });
    expect(await order(draft.id)).toMatchObject({ status: 'placed', version: 2 });
    expect(await product(a.id)).toMatchObject({ reserved: 2 });
    expect(await product(b.id)).toMatchObject({ reserved: 1 });
    const events = await pb().collection('order_events').getFullList({ filter: `order = '${draft.id}'`, sort: 'created' });
    expect(events.map((e) => [e.type, e.actor])).toEqual([['created', office.session.staff.id], ['placed', office.session.staff.id]]);
    expect(await stockInvariantViolations([a.id, b.id])).toEqual([]);
  });

  it('placing a draft whose line cannot be served reserves nothing and names the line', async () => {
    const plenty = await createStockedProduct(5);
    const scarce = await createStockedProduct(1, { name: 'Feinwaage' });
    const draft = await phoneOrder([{ productId: plenty.id, qty: 2 }, { productId: scarce.id, qty: 3 }], false);
    const err = await failure(office.caller.orders.placeDraft({ orderId: draft.id, version: 1 }));
    expect(err?.cause.key).toBe('orderflow.errors.lines_refused');
    expect(err?.cause.params.lines).toEqual([expect.objectContaining({ productId: scarce.id, name: 'Feinwaage', requested: 3, available: 1 })]);
    expect(await order(draft.id)).toMatchObject({ status: 'draft', version: 1 });
    expect(await product(plenty.id)).toMatchObject({ reserved: 0 });
  });
});

describe('amending a placed order', () => {
  it('adds, removes and changes lines with reservations adjusted and totals recomputed', async () => {
    const a = await createStockedProduct(10, { price_cents: 1000, name: 'Tee A' });
    const b = await createStockedProduct(10, { price_cents: 500, name: 'Tee B' });
    const c = await createStockedProduct(10, { price_cents: 300, name: 'Tee C' });
    const placed = await phoneOrder([{ productId: a.id, qty: 2 }, { productId: b.id, qty: 1 }], true);
    const [la] = await lines(placed.id);

    const res = await office.caller.orders.amend({ orderId: placed.id, version: 1, lines: [{ lineId: la.id, productId: a.id, qty: 4 }, { productId: c.id, qty: 3 }] });
    expect(res).toEqual({ version: 2, changed: 3 });
    expect((await lines(placed.id)).map((l) => [l.name, l.qty])).toEqual([['Tee A', 4], ['Tee C', 3]]);
    expect(await order(placed.id)).toMatchObject({ version: 2, subtotal_cents: 4900, shipping_cents: 495, total_cents: 5395 });
    expect(await product(a.id)).toMatchObject({ reserved: 4 });
    expect(await product(b.id)).toMatchObject({ reserved: 0 });
    expect(await product(c.id)).toMatchObject({ reserved: 3 });
    const amended = await pb().collection('order_events').getFirstListItem(`order = '${placed.id}' && type = 'amended'`);
    expect(amended.actor).toBe(office.session.staff.id);
    expect(amended.data).toMatchObject({ total_before: 2995, total_after: 5395, changes: expect.arrayContaining([{ sku: a.sku, name: 'Tee A', from: 2, to: 4 }, { sku: b.sku, name: 'Tee B', from: 1, to: 0 }, { sku: c.sku, name: 'Tee C', from: 0, to: 3 }]) });
    expect(await stockInvariantViolations([a.id, b.id, c.id])).toEqual([]);
  });

  it('re-checks stock: a line that cannot grow is refused and nothing changes', async () => {
    const a = await createStockedProduct(3, { name: 'Knapp' });
    const placed = await phoneOrder([{ productId: a.id, qty: 2 }], true);
    const [l] = await lines(placed.id);
    const err = await failure(office.caller.orders.amend({ orderId: placed.id, version: 1, lines: [{ lineId: l.id, productId: a.id, qty: 5 }] }));
    expect(err?.code).toBe('CONFLICT');
    expect(err?.cause.params.lines).toEqual([expect.objectContaining({ name: 'Knapp', problem: 'not_enough', requested: 5, available: 3 })]);
    expect(await order(placed.id)).toMatchObject({ version: 1 });
    expect(await product(a.id)).toMatchObject({ reserved: 2 });
  });

  it('two people amending the same version: the second gets a conflict with the current state, never a silent overwrite', async () => {
    const a = await createStockedProduct(20, { name: 'Teekanne' });
    const placed = await phoneOrder([{ productId: a.id, qty: 1 }], true);
    const [l] = await lines(placed.id);
    const results = await Promise.all([
      office.caller.orders.amend({ orderId: placed.id, version: 1, lines: [{ lineId: l.id, productId: a.id, qty: 3 }] }).then(() => 3, (e) => e),
      manager.caller.orders.amend({ orderId: placed.id, version: 1, lines: [{ lineId: l.id, productId: a.id, qty: 7 }] }).then(() => 7, (e) => e)
    ]);
    const won = results.find((r) => typeof r === 'number') as number;
    const lost = results.find((r) => typeof r !== 'number') as TRPCError & { cause: { key: string; params: any } };
    expect(won).toBeDefined();
    expect(lost.code).toBe('CONFLICT');
    expect(lost.cause.key).toBe('orderflow.errors.changed_meanwhile');
    expect(lost.cause.params.current).toMatchObject({ version: 2, lines: [{ name: 'Teekanne', qty: won }] });
    expect((await lines(placed.id))[0].qty).toBe(won);
    expect(await product(a.id)).toMatchObject({ reserved: won });
    expect(await stockInvariantViolations([a.id])).toEqual([]);
  });

  it('refuses to go below what is already picked, and refuses once packed', async () => {
    const a = await createStockedProduct(10, { name: 'Gepickt' });
    const placed = await phoneOrder([{ productId: a.id, qty: 3 }], true);
    const [l] = await lines(placed.id);
    await pb().collection('order_lines').update(l.id, { picked: 2 });
    const err = await failure(office.caller.orders.amend({ orderId: placed.id, version: 1, lines: [{ lineId: l.id, productId: a.id, qty: 1 }] }));
    expect(err?.cause.params.lines).toEqual([expect.objectContaining({ problem: 'already_picked', requested: 1, available: 2 })]);

    await pb().collection('orders').update(placed.id, { fulfilment_status: 'packed' });
    const packed = await failure(office.caller.orders.amend({ orderId: placed.id, version: 1, lines: [{ lineId: l.id, productId: a.id, qty: 4 }] }));
    expect(packed?.cause.key).toBe('orderflow.errors.amend_refused');
    expect(await product(a.id)).toMatchObject({ reserved: 3 });
  });

  it('refuses bad input with a per-field message: zero, fractional, no lines at all', async () => {
    const a = await createStockedProduct(10);
    const placed = await phoneOrder([{ productId: a.id, qty: 1 }], true);
    const [l] = await lines(placed.id);
    for (const qty of [0, 1.5, -1]) {
      const err = await failure(office.caller.orders.amend({ orderId: placed.id, version: 1, lines: [{ lineId: l.id, productId: a.id, qty }] }));
      expect(err?.code).toBe('BAD_REQUEST');
      expect((err?.cause as unknown as { issues: { path: unknown[] }[] }).issues[0].path).toEqual(['lines', 0, 'qty']);
    }
    expect((await failure(office.caller.orders.amend({ orderId: placed.id, version: 1, lines: [] })))?.cause.key).toBe('orderflow.errors.no_lines');
    expect(await order(placed.id)).toMatchObject({ version: 1 });
  });

  it('cancels one line: its reservation goes back, the rest stays', async () => {
    const a = await createStockedProduct(10);
    const b = await createStockedProduct(10);
    const placed = await phoneOrder([{ productId: a.id, qty: 2 }, { productId: b.id, qty: 3 }], true);
    const [, lb] = await lines(placed.id);
    await office.caller.orders.cancelLine({ orderId: placed.id, lineId: lb.id, version: 1, reason: 'Out of season' });
    expect((await lines(placed.id)).map((l) => l.product)).toEqual([a.id]);
    expect(await product(b.id)).toMatchObject({ reserved: 0 });
    const m = await pb().collection('stock_movements').getFirstListItem(`product = '${b.id}' && reason = 'line_cancelled'`);
    expect(m).toMatchObject({ delta_reserved: -3, note: 'Out of season' });
    const ev = await pb().collection('order_events').getFirstListItem(`order = '${placed.id}' && type = 'line_cancelled'`);
    expect(ev.data).toMatchObject({ reason: 'Out of season', changes: [{ from: 3, to: 0 }] });
    expect(await stockInvariantViolations([a.id, b.id])).toEqual([]);
  });

  it('cancelling the last unshipped line of a partly shipped order makes it shipped', async () => {
    const a = await createStockedProduct(10);
    const b = await createStockedProduct(10);
    const placed = await phoneOrder([{ productId: a.id, qty: 2 }, { productId: b.id, qty: 3 }], true);
    const [la, lb] = await lines(placed.id);
    // line a went out in a first parcel (as shipping records it)
    await pb().collection('order_lines').update(la.id, { picked: 2, shipped: 2 });
    await pb().collection('orders').update(placed.id, { fulfilment_status: 'partially_shipped' });
    const { version } = await office.caller.orders.cancelLine({ orderId: placed.id, lineId: lb.id, version: 1, reason: 'Not coming back into stock' });
    expect(version).toBe(2);
    expect(await order(placed.id)).toMatchObject({ fulfilment_status: 'shipped', version: 2 });
    const types = (await pb().collection('order_events').getFullList({ filter: `order = '${placed.id}'`, sort: 'created' })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['line_cancelled', 'shipped']));
    expect(await product(b.id)).toMatchObject({ reserved: 0 });
  });

  it('cancelling a line while others still wait keeps a partly shipped order partly shipped', async () => {
    const [a, b, c] = await Promise.all([createStockedProduct(10), createStockedProduct(10), createStockedProduct(10)]);
    const placed = await phoneOrder([{ productId: a.id, qty: 1 }, { productId: b.id, qty: 1 }, { productId: c.id, qty: 1 }], true);
    const [la, lb] = await lines(placed.id);
    await pb().collection('order_lines').update(la.id, { picked: 1, shipped: 1 });
    await pb().collection('orders').update(placed.id, { fulfilment_status: 'partially_shipped' });
    await office.caller.orders.cancelLine({ orderId: placed.id, lineId: lb.id, version: 1, reason: 'Broken' });
    expect(await order(placed.id)).toMatchObject({ fulfilment_status: 'partially_shipped' });
  });

  it('cancels the whole order from the order page with a reason', async () => {
    const a = await createStockedProduct(10);
    const placed = await phoneOrder([{ productId: a.id, qty: 2 }], true);
    const stale = await failure(office.caller.orders.cancel({ orderId: placed.id, version: 7, reason: 'Customer called' }));
    expect(stale?.cause.key).toBe('orderflow.errors.changed_meanwhile');
    expect((await failure(office.caller.orders.cancel({ orderId: placed.id, version: 1, reason: '' })))?.code).toBe('BAD_REQUEST');
    await office.caller.orders.cancel({ orderId: placed.id, version: 1, reason: 'Customer called' });
    expect(await order(placed.id)).toMatchObject({ status: 'cancelled', cancel_reason: 'Customer called', version: 2 });
    expect(await product(a.id)).toMatchObject({ reserved: 0 });
  });

  it('packers may not take, amend or cancel orders', async () => {
    const a = await createStockedProduct(10);
    const placed = await phoneOrder([{ productId: a.id, qty: 1 }], true);
    for (const attempt of [
      packer.caller.orders.searchCustomers({ query: 'greta' }),
      packer.caller.orders.amend({ orderId: placed.id, version: 1, lines: [] }),
      packer.caller.orders.cancel({ orderId: placed.id, version: 1, reason: 'nope nope' }),
      packer.caller.orders.placeDraft({ orderId: placed.id, version: 1 })
    ]) {
      expect((await failure(attempt))?.code).toBe('FORBIDDEN');
    }
  });
});

describe('live on every open screen', () => {
  let server: Awaited<ReturnType<typeof startSocketServer>>;
  beforeAll(async () => {
    server = await startSocketServer();
  });
  afterAll(() => server.stop());

  it('an amendment reaches the order room: the order, the changed line and the timeline event', async () => {
    const a = await createStockedProduct(10);
    const placed = await phoneOrder([{ productId: a.id, qty: 1 }], true);
    const [l] = await lines(placed.id);
    const s = server.connect(manager.token);
    await connected(s);
    expect(await join(s, `order:${placed.id}`)).toEqual({ ok: true });
    const orderEvent = nextRecord(s, (e) => e.collection === 'orders' && e.record.version === 2);
    const lineEvent = nextRecord(s, (e) => e.collection === 'order_lines' && e.record.id === l.id && e.record.qty === 2);
    const timeline = nextRecord(s, (e) => e.collection === 'order_events' && e.record.type === 'amended');
    await office.caller.orders.amend({ orderId: placed.id, version: 1, lines: [{ lineId: l.id, productId: a.id, qty: 2 }] });
    expect((await orderEvent).record).toMatchObject({ id: placed.id, version: 2 });
    await lineEvent;
    expect((await timeline).record).toMatchObject({ type: 'amended', actor: 'Olga Office' });
  });
});
