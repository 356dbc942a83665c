// The payment queue (F07) and marking orders paid by hand, one or many (F09, F28).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import { countWhere } from '../../src/lib/server/pocketbase/count';
import type { OrderEventRecord, OrderRecord, PaymentRecordFull } from '../../src/lib/server/pocketbase/records';
import { signedInCaller } from '../support/caller';
import { createOrder, createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { connected, join, nextRecord, collectUntil, startSocketServer } from '../support/realtime';

usePocketBase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>;
let manager: Caller;
let manager2: Caller;
let office: Caller;
let packer: Caller;

beforeAll(async () => {
  const as = async (role: 'manager' | 'office' | 'packer') => {
    const { staff, password } = await createStaff(role);
    return signedInCaller(staff.email, password);
  };
  [manager, manager2, office, packer] = await Promise.all([as('manager'), as('manager'), as('office'), as('packer')]);
});

const unpaid = (over: Partial<OrderRecord> = {}) => createOrder({ total_cents: 2590, subtotal_cents: 2590, ...over }).then((r) => r.order);
const getOrder = (id: string) => pb().collection('orders').getOne<OrderRecord>(id);
const paymentsOf = (id: string) => pb().collection('payments').getFullList<PaymentRecordFull>({ filter: `order = '${id}'` });
const paidEvents = (id: string) => pb().collection('order_events').getFullList<OrderEventRecord>({ filter: `order = '${id}' && type = 'paid'` });
const receipts = (id: string) => pb().collection('outbox').getFullList({ filter: `order = '${id}' && topic = 'receipt'` });
const error = (p: Promise<unknown>) => p.then(() => null, (e) => e as { code: string; message: string; cause?: { issues?: { path: string[] }[] } });

describe('who may do what', () => {
  it('packers see no payments at all; office staff look, managers act', async () => {
    const o = await unpaid();
    expect((await error(packer.caller.payments.queue({})))?.code).toBe('FORBIDDEN');
    expect((await error(packer.caller.payments.forOrder({ orderId: o.id })))?.code).toBe('FORBIDDEN');
    expect((await office.caller.payments.queue({})).items.length).toBeGreaterThan(0);
    expect((await error(office.caller.payments.markPaid({ orderId: o.id, bankReference: 'X' })))?.code).toBe('FORBIDDEN');
    expect((await error(office.caller.payments.markPaidBulk({ items: [{ orderId: o.id, bankReference: 'X' }] })))?.code).toBe('FORBIDDEN');
    expect((await error(office.caller.payments.importStatement({ fileName: 'a.csv', gzipBase64: 'AA==' })))?.code).toBe('FORBIDDEN');
    expect((await error(office.caller.payments.settings()))?.code).toBe('FORBIDDEN');
    expect((await getOrder(o.id)).payment_status).toBe('unpaid');
  });
});

describe('the payment queue', () => {
  it('lists placed orders awaiting payment, oldest first, with their business-day age and auto-cancel date', async () => {
    const old = await unpaid({ placed_at: new Date(Date.now() - 30 * 86_400_000).toISOString(), payment_method: 'cheque' });
    const fresh = await unpaid({ placed_at: new Date().toISOString(), payment_method: 'cheque' });
    const failed = await unpaid({ payment_status: 'failed', payment_method: 'cheque' });
    const paid = await unpaid({ payment_status: 'paid', payment_method: 'cheque' });
    const draft = await unpaid({ status: 'draft', payment_method: 'cheque' });
    const card = await unpaid({ payment_method: 'card' });

    const q = await office.caller.payments.queue({ method: 'cheque' });
    const ids = q.items.map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining([old.id, fresh.id, failed.id]));
    expect(ids).not.toContain(paid.id);
    expect(ids).not.toContain(draft.id);
    expect(ids).not.toContain(card.id);
    expect(ids.indexOf(old.id)).toBeLessThan(ids.indexOf(fresh.id));
    const oldRow = q.items.find((o) => o.id === old.id)!;
    expect(oldRow.age_business_days).toBeGreaterThanOrEqual(20);
    expect(oldRow.overdue).toBe(true);
    const freshRow = q.items.find((o) => o.id === fresh.id)!;
    expect(freshRow).toMatchObject({ age_business_days: 0, overdue: false });
    expect(new Date(freshRow.cancel_at!).getTime()).toBeGreaterThan(Date.now() + 10 * 86_400_000);
    expect(q.timeZone).toBe('Europe/Berlin');
    expect(Object.keys(oldRow)).not.toContain('email');
  });
});

describe('marking one order paid', () => {
  it('records the payment with its reference, the timeline event and the receipt', async () => {
    const o = await unpaid();
    const r = await manager.caller.payments.markPaid({ orderId: o.id, bankReference: ` ${o.number} ` });
    expect(r).toMatchObject({ outcome: 'paid', number: o.number, bankReference: String(o.number) });
    expect(await getOrder(o.id)).toMatchObject({ payment_status: 'paid' });
    expect(await paymentsOf(o.id)).toMatchObject([{ method: 'online_banking', provider: 'manual', status: 'succeeded', amount_cents: 2590, bank_reference: String(o.number), actor: manager.session.staff.id }]);
    expect(await paidEvents(o.id)).toMatchObject([{ actor: manager.session.staff.id, data: { bank_reference: String(o.number), source: 'manual', from: 'unpaid', to: 'paid' } }]);
    expect(await receipts(o.id)).toHaveLength(1);
    expect(await office.caller.payments.forOrder({ orderId: o.id })).toMatchObject({ payments: [{ bank_reference: String(o.number), provider: 'manual', amount_cents: 2590 }], receipt: 'automatic' });
  });

  it('says clearly why not: already paid, cancelled, no reference, reference used elsewhere; and changes nothing', async () => {
    const o = await unpaid();
    await manager.caller.payments.markPaid({ orderId: o.id, bankReference: 'REF-ONCE' });
    expect(await error(manager.caller.payments.markPaid({ orderId: o.id, bankReference: 'REF-TWICE' }))).toMatchObject({ code: 'CONFLICT', message: 'This order is already paid.' });
    const cancelled = await unpaid({ status: 'cancelled' });
    expect(await error(manager.caller.payments.markPaid({ orderId: cancelled.id, bankReference: 'X1' }))).toMatchObject({ code: 'CONFLICT', message: 'This order is cancelled; it cannot be marked paid.' });
    const other = await unpaid();
    expect(await error(manager.caller.payments.markPaid({ orderId: other.id, bankReference: 'REF-ONCE' }))).toMatchObject({ message: 'This bank reference is already recorded on another payment.' });
    const empty = await error(manager.caller.payments.markPaid({ orderId: other.id, bankReference: '   ' }));
    expect(empty?.code).toBe('BAD_REQUEST');
    expect(empty?.cause?.issues?.[0].path).toEqual(['bankReference']);
    expect(await paymentsOf(o.id)).toHaveLength(1);
    expect(await paymentsOf(other.id)).toHaveLength(0);
    expect((await getOrder(cancelled.id)).payment_status).toBe('unpaid');
  });

  it('records a different amount and keeps the difference on the timeline', async () => {
    const o = await unpaid();
    await manager.caller.payments.markPaid({ orderId: o.id, bankReference: 'PART-1', amountCents: 2500 });
    expect((await paidEvents(o.id))[0].data).toMatchObject({ amount_cents: 2500, due_cents: 2590, difference_cents: -90 });
  });
});

describe('marking many orders paid', () => {
  it('reports each order: paid, already paid, refused with its reason', async () => {
    const [a, b, c] = await Promise.all([unpaid(), unpaid(), unpaid()]);
    const alreadyPaid = await unpaid({ payment_status: 'paid' });
    const cancelled = await unpaid({ status: 'cancelled' });
    const results = await manager.caller.payments.markPaidBulk({
      items: [
        { orderId: a.id, bankReference: `BULK-${a.number}` },
        { orderId: alreadyPaid.id, bankReference: 'BULK-X' },
        { orderId: b.id, bankReference: `BULK-${b.number}` },
        { orderId: cancelled.id, bankReference: 'BULK-Y' },
        { orderId: c.id, bankReference: `BULK-${a.number}` }, // same reference as a
        { orderId: 'zzzzzzzzzzzzzzz', bankReference: 'BULK-Z' },
        { orderId: a.id, bankReference: 'BULK-AGAIN' }
      ]
    });
    expect(results.map((r) => [r.orderId, r.outcome, r.reason ?? null])).toEqual([
      [a.id, 'paid', null],
      [alreadyPaid.id, 'already_paid', null],
      [b.id, 'paid', null],
      [cancelled.id, 'refused', 'cancelled'],
      [c.id, 'refused', 'duplicate_reference'],
      ['zzzzzzzzzzzzzzz', 'refused', 'not_found'],
      [a.id, 'refused', 'twice']
    ]);
    expect((await getOrder(c.id)).payment_status).toBe('unpaid');
    expect(await paymentsOf(a.id)).toHaveLength(1);
  });

  it('two managers marking the same 40 orders at once pay each order exactly once', async () => {
    const orders = await Promise.all(Array.from({ length: 40 }, () => unpaid()));
    const items = orders.map((o) => ({ orderId: o.id, bankReference: `RACE-${o.number}` }));
    const [r1, r2] = await Promise.all([manager.caller.payments.markPaidBulk({ items }), manager2.caller.payments.markPaidBulk({ items: [...items].reverse() })]);
    for (const o of orders) {
      const outcomes = [r1.find((r) => r.orderId === o.id)!.outcome, r2.find((r) => r.orderId === o.id)!.outcome].sort();
      // one paid it; the other found it paid (or, racing on the same reference, refused it)
      expect(outcomes[0]).toMatch(/already_paid|paid/);
      expect(outcomes.filter((x) => x === 'paid')).toHaveLength(1);
      expect(await paymentsOf(o.id)).toHaveLength(1);
      expect(await paidEvents(o.id)).toHaveLength(1);
      expect(await receipts(o.id)).toHaveLength(1);
    }
  });

  it('handles long bank references (200 characters, quotes) in big batches', async () => {
    const orders = await Promise.all(Array.from({ length: 40 }, () => unpaid()));
    const long = (o: OrderRecord) => `'"${o.number}`.padEnd(200, `x'"`);
    const results = await manager.caller.payments.markPaidBulk({ items: orders.map((o) => ({ orderId: o.id, bankReference: long(o) })) });
    expect(results.every((r) => r.outcome === 'paid')).toBe(true);
    expect((await paymentsOf(orders[7].id))[0].bank_reference).toBe(long(orders[7]));
    // and the same references are recognised as used
    const again = await manager2.caller.payments.markPaidBulk({ items: [{ orderId: (await unpaid()).id, bankReference: long(orders[39]) }] });
    expect(again[0]).toMatchObject({ outcome: 'refused', reason: 'duplicate_reference' });
  });

  it('select-all gives managers every order in the queue with its amount', async () => {
    const o = await unpaid({ payment_method: 'cash' });
    const all = await manager.caller.payments.selection({ method: 'cash' });
    expect(all).toContainEqual({ id: o.id, number: o.number, customer_name: o.customer_name, total_cents: 2590, currency: 'EUR', payment_method: 'cash' });
  });
});

describe('live: the order page hears about payments, packers never do', () => {
  let server: Awaited<ReturnType<typeof startSocketServer>>;
  beforeAll(async () => {
    server = await startSocketServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('a payment reaches office staff in the order room with the panel fields, and not the packer', async () => {
    const o = await unpaid();
    const officeSocket = server.connect(office.token);
    const packerSocket = server.connect(packer.token);
    await Promise.all([connected(officeSocket), connected(packerSocket)]);
    expect(await join(officeSocket, `order:${o.id}`)).toEqual({ ok: true });
    expect(await join(packerSocket, `order:${o.id}`)).toEqual({ ok: true });
    // the barrier: the order changed after the payment, which the packer does see
    const packerSaw = collectUntil(packerSocket, (x) => x.collection === 'orders' && x.record.id === o.id && x.record.fulfilment_status === 'picking');
    const seen = nextRecord(officeSocket, (e) => e.collection === 'payments');
    await manager.caller.payments.markPaid({ orderId: o.id, bankReference: 'LIVE-1' });
    const e = await seen;
    await pb().collection('orders').update(o.id, { fulfilment_status: 'picking' });
    expect(e.record).toMatchObject({ order: o.id, bank_reference: 'LIVE-1', amount_cents: 2590, provider: 'manual', status: 'succeeded' });
    expect(Object.keys(e.record).sort()).toEqual(['amount_cents', 'at', 'bank_reference', 'created', 'currency', 'id', 'method', 'order', 'provider', 'status', 'updated'].sort());
    const packerEvents = await packerSaw;
    expect(packerEvents.filter((x) => x.collection === 'payments')).toEqual([]);
    expect(JSON.stringify(packerEvents)).not.toContain('LIVE-1');
  });
});

describe('F07 #15 the queue at scale: its rule is one indexed column', () => {
  const flag = async (id: string) => (await pb().collection('orders').getOne<OrderRecord & { awaiting_payment: boolean }>(id)).awaiting_payment;
  const inQueue = async (id: string) => {
    const ids: string[] = [];
    for (let page = 1, pages = 1; page <= pages; page++) {
      const res = await office.caller.payments.queue({ page, perPage: 200 });
      ids.push(...res.items.map((o) => o.id));
      pages = res.totalPages;
    }
    return ids.includes(id);
  };

  it('awaiting_payment follows every write, whoever writes, and a stale save is repaired', async () => {
    const o = await unpaid();
    expect(await flag(o.id)).toBe(true);
    expect(await inQueue(o.id)).toBe(true);
    // paid by hand through the app (the tx engine writes)
    await manager.caller.payments.markPaid({ orderId: o.id, bankReference: 'SEPA 1' });
    expect(await flag(o.id)).toBe(false);
    expect(await inQueue(o.id)).toBe(false);
    // a surcharge opened on the completed order brings it back; written straight to PocketBase
    await pb().collection('orders').update(o.id, { status: 'completed', surcharge_open_cents: 500 });
    expect(await flag(o.id)).toBe(true);
    expect(await inQueue(o.id)).toBe(true);
    // a save from a record held in memory that writes the old flag back is repaired
    await pb().collection('orders').update(o.id, { surcharge_open_cents: 0, awaiting_payment: true });
    expect(await flag(o.id)).toBe(false);
    // cancelled while unpaid: out
    const c = await unpaid({ status: 'cancelled' });
    expect(await flag(c.id)).toBe(false);
    for (const payment_status of ['pending', 'failed'] as const) expect(await flag((await unpaid({ payment_status })).id)).toBe(true);
  });

  it('its total is counted beside the page (COUNT(*) over the index), the same as PocketBase counts the list', async () => {
    await Promise.all([unpaid(), unpaid({ payment_method: 'cheque' }), unpaid({ payment_method: 'cheque' })]);
    for (const method of [undefined, 'cheque', 'online_banking'] as const) {
      const res = await office.caller.payments.queue({ perPage: 2, method });
      const listed = await pb().collection('orders').getList(1, 1, { filter: `awaiting_payment = true${method ? ` && payment_method = '${method}'` : ''}` });
      expect(res.totalItems, method).toBe(listed.totalItems);
      expect(res.totalPages, method).toBe(Math.ceil(listed.totalItems / 2));
    }
    expect(await countWhere('orders', { awaiting_payment: true, payment_method: 'cheque' })).toBeGreaterThanOrEqual(2);
    // the count route names what it refuses
    const refused = (body: unknown) => pb().send('/api/packbench/count', { method: 'POST', body }).then(() => null, (e: { status: number; response: { message: string } }) => `${e.status} ${e.response.message}`);
    expect(await refused({ collection: 'nope', where: {} })).toBe('400 collection: no such collection');
    expect(await refused({ collection: 'orders', where: { 'x; drop': 1 } })).toBe('400 where: x; drop is not a field of orders');
    expect(await refused({ collection: 'orders', where: { status: { $gt: 1 } } })).toBe('400 where: status needs a text, number or true/false');
  });
});
