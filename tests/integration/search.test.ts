// F25/F26: the queue's search against a real PocketBase (search_text kept by SQLite triggers).
import { randomBytes, randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import { shopSetting } from '../../src/lib/server/shop/settings';
import { createOrder, createProduct, createStaff, createStockedProduct } from '../support/factories';
import { signedInCaller } from '../support/caller';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>;
let office: Caller;
let colleague: Caller;
beforeAll(async () => {
  await shopSetting.save({ timeZone: 'Europe/Berlin' });
  office = await signedInCaller(...(await staffLogin('office')));
  colleague = await signedInCaller(...(await staffLogin('manager')));
});

async function staffLogin(role: 'office' | 'manager'): Promise<[string, string]> {
  const { staff, password } = await createStaff(role);
  return [staff.email, password];
}

const find = async (input: Parameters<Caller['caller']['orders']['queue']>[0]) => (await office.caller.orders.queue(input)).items.map((o) => o.number);

describe('F26 search kinds', () => {
  let muller: Awaited<ReturnType<typeof createOrder>>;
  let dvorak: Awaited<ReturnType<typeof createOrder>>;
  beforeAll(async () => {
    const lamp = await createProduct({ sku: 'LAMP-ÖL-7731', name: 'Petroleumlampe Größe M' });
    muller = await createOrder({ customer_name: 'Hans Müller', email: 'h.mueller@beispiel.de', phone: '+49 171 555 0199' }, [{ product: lamp, qty: 1 }]);
    dvorak = await createOrder({ customer_name: 'Antonín Dvořák', email: 'antonin@praha.example', phone: '0420 777 123 456', payment_status: 'paid', payment_method: 'card' });
  });

  it('finds a customer name case- and accent-insensitively, by word prefix', async () => {
    for (const q of ['mull', 'Muller', 'MÜLLER', 'hans mul', 'Müller Hans']) expect(await find({ search: q }), q).toEqual([muller.order.number]);
    for (const q of ['dvorak', 'Dvořák', 'anto dvo']) expect(await find({ search: q }), q).toEqual([dvorak.order.number]);
    // a word prefix, not any substring
    expect(await find({ search: 'ller' })).not.toContain(muller.order.number);
  });

  it('finds by order number exactly and by #prefix', async () => {
    expect(await find({ search: String(muller.order.number) })).toEqual([muller.order.number]);
    // the two orders' numbers share their first digits (made one after the other)
    const [a, b] = [String(muller.order.number), String(dvorak.order.number)];
    let common = 0;
    while (common < a.length - 1 && a[common] === b[common]) common++;
    const prefix = a.slice(0, Math.max(common, 1));
    const hits = await find({ search: `#${prefix}`, perPage: 200 });
    expect(hits).toContain(muller.order.number);
    expect(hits).toContain(dvorak.order.number);
    expect(hits.every((n) => String(n).startsWith(prefix))).toBe(true);
  });

  it('pages through a #prefix across its number ranges newest first, with the cursor, without gaps or repeats, and with a filter', async () => {
    // numbers of every length under one prefix: 58, 583, 5831, … (the factories draw 7 digits)
    const prefix = '58';
    for (const number of [58, 583, 5831, 58312, 583120, 583121]) await createOrder({ number, payment_status: number % 2 ? 'paid' : 'unpaid' });
    const all = await pb().collection('orders').getFullList<{ number: number; payment_status: string }>({ fields: 'number,payment_status', sort: '-number' });
    const want = all.filter((o) => String(o.number).startsWith(prefix)).map((o) => o.number);
    expect(new Set(want.map((n) => String(n).length)).size).toBeGreaterThanOrEqual(5);
    const pages: number[] = [];
    let after: string | undefined;
    do {
      const page = await office.caller.orders.queue({ search: `#${prefix}`, perPage: 3, after });
      pages.push(...page.items.map((o) => o.number));
      after = page.nextCursor ?? undefined;
    } while (after);
    expect(pages).toEqual(want);
    const paid = await find({ search: `#${prefix}`, paymentStatus: 'paid', perPage: 200 });
    expect(paid).toEqual(all.filter((o) => String(o.number).startsWith(prefix) && o.payment_status === 'paid').map((o) => o.number));
    expect(paid).toEqual(expect.arrayContaining([583121, 5831, 583]));
  });

  it('asks no #prefix range above the newest order, and finds an order written far above it at once', async () => {
    const top = (await pb().collection('orders').getList<{ number: number }>(1, 1, { sort: '-number', fields: 'number' })).items[0].number;
    // 9 digits: a range the search skipped a moment ago, as long as no order was that high
    const high = 900_000_000 + (top % 1000);
    const prefix = String(high).slice(0, 3);
    expect(await find({ search: `#${prefix}` })).toEqual([]);
    await createOrder({ number: high });
    expect(await find({ search: `#${prefix}` })).toEqual([high]);
  });

  it('finds by e-mail (whole, local part, domain) and phone in any format', async () => {
    expect(await find({ search: 'h.mueller@beispiel.de' })).toEqual([muller.order.number]);
    expect(await find({ search: 'beispiel.de' })).toEqual([muller.order.number]);
    expect(await find({ search: '0171 555 0199' })).toEqual([muller.order.number]);
    expect(await find({ search: '+49-171-5550199' })).toEqual([muller.order.number]);
  });

  it('finds by SKU or product name of any line, and follows line changes', async () => {
    expect(await find({ search: 'LAMP-ÖL-7731' })).toEqual([muller.order.number]);
    expect(await find({ search: 'lamp ol 7731' })).toEqual([muller.order.number]);
    expect(await find({ search: 'petroleum grosse' })).toEqual([muller.order.number]);
    const line = muller.lines[0];
    await pb().collection('order_lines').update(line.id, { name: 'Sturmlaterne' });
    expect(await find({ search: 'petroleum' })).toEqual([]);
    expect(await find({ search: 'sturmlat' })).toEqual([muller.order.number]);
    const product = await createProduct({ sku: 'KERZE-42' });
    await pb().collection('order_lines').create({ order: dvorak.order.id, product: product.id, sku: 'KERZE-42', name: 'Kerze', qty: 1, unit_price_cents: 100, tax_rate_bp: 1900, picked: 0, shipped: 0, returned: 0, position: 5 });
    expect(await find({ search: 'kerze-42' })).toEqual([dvorak.order.number]);
  });

  it('finds by tracking number and invoice number, written later', async () => {
    await pb().collection('shipments').create({ order: dvorak.order.id, courier: 'manual', status: 'handed_over', tracking_number: '00340434161234567890' });
    expect(await find({ search: '00340434161234567890' })).toEqual([dvorak.order.number]);
    await pb().collection('orders').update(muller.order.id, { invoice_number: 'RE-2025-000417' });
    expect(await find({ search: 'RE-2025-000417' })).toEqual([muller.order.number]);
    // an unrelated update (the app writes every field back) keeps the search text
    await pb().collection('orders').update(muller.order.id, { fulfilment_status: 'packed' });
    expect(await find({ search: 'mull' })).toEqual([muller.order.number]);
  });

  it('combines the search with the state and payment-method filters', async () => {
    expect(await find({ search: 'dvorak', paymentStatus: 'paid', paymentMethod: 'card' })).toEqual([dvorak.order.number]);
    expect(await find({ search: 'dvorak', paymentStatus: 'unpaid' })).toEqual([]);
    expect(await find({ search: 'dvorak', paymentMethod: 'online_banking' })).toEqual([]);
  });
});

describe('F26 search text through the unit of work', () => {
  it('finds a phone order placed through the tx engine by its SKU and customer, after it is placed', async () => {
    const product = await createStockedProduct(10, { sku: 'TXSKU-5521', name: 'Windlicht Öl' });
    const created = await office.caller.orders.createPhoneOrder({
      idempotencyKey: randomUUID(), newCustomer: { name: 'Renée Šťastná', email: 'renee@example.cz', phone: '0171 99887766' },
      fulfilmentMethod: 'ship', shippingAddress: { name: 'Renée Šťastná', street: 'Weg 1', postcode: '12345', city: 'Ort', country: 'DE' },
      paymentMethod: 'cheque', lines: [{ productId: product.id, qty: 1 }], place: false
    });
    const draft = await pb().collection('orders').getOne(created.id);
    await office.caller.orders.placeDraft({ orderId: created.id, version: draft.version });
    for (const q of ['txsku-5521', 'stastna renee', 'windlicht ol', '0171 99887766']) expect(await find({ search: q }), q).toEqual([draft.number]);
  });
});

describe('F26 keyset pagination', () => {
  it('pages newest first without duplicates or gaps while new orders arrive', async () => {
    const tag = `Keyset${randomBytes(3).toString('hex')}`;
    const before: number[] = [];
    for (let i = 0; i < 12; i++) before.push((await createOrder({ customer_name: `${tag} ${i}` })).order.number);
    const seen: number[] = [];
    let after: string | undefined;
    for (let round = 0; round < 10; round++) {
      const [page] = await Promise.all([
        office.caller.orders.queue({ search: tag, perPage: 5, after }),
        createOrder({ customer_name: `${tag} late ${round}` })
      ]);
      seen.push(...page.items.map((o) => o.number));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    const original = seen.filter((n) => before.includes(n));
    expect(original).toEqual([...before].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
  });

  it('counts separately, capped at 1,000', async () => {
    const tag = `Count${randomBytes(3).toString('hex')}`;
    await Promise.all([1, 2, 3].map((i) => createOrder({ customer_name: `${tag} ${i}` })));
    expect(await office.caller.orders.queueCount({ search: tag })).toEqual({ count: 3, capped: false });
    expect(await office.caller.orders.queueCount({ month: '2099-01' })).toEqual({ count: 0, capped: false });
  });
});

describe('F26 month and date range in the shop time zone', () => {
  it('puts an order at 23:30 on the last day of a month (Europe/Berlin) in that month', async () => {
    const tag = `Month${randomBytes(3).toString('hex')}`;
    // 2025-03-31 23:30 CEST = 21:30 UTC; 2025-04-01 00:30 CEST = 22:30 UTC; 2025-01-31 23:30 CET = 22:30 UTC
    const march = await createOrder({ customer_name: tag, placed_at: '2025-03-31 21:30:00.000Z' });
    const april = await createOrder({ customer_name: tag, placed_at: '2025-03-31 22:30:00.000Z' });
    const january = await createOrder({ customer_name: tag, placed_at: '2025-01-31 22:30:00.000Z' });
    const february = await createOrder({ customer_name: tag, placed_at: '2025-01-31 23:00:00.000Z' });
    expect(await find({ search: tag, month: '2025-03' })).toEqual([march.order.number]);
    expect(await find({ search: tag, month: '2025-04' })).toEqual([april.order.number]);
    expect(await find({ search: tag, month: '2025-01' })).toEqual([january.order.number]);
    expect(await find({ search: tag, month: '2025-02' })).toEqual([february.order.number]);
    // a date range lists newest placed first, and pages along placed time
    expect(await find({ search: tag, from: '2025-02-01', to: '2025-03-31' })).toEqual([march.order.number, february.order.number]);
    const first = await office.caller.orders.queue({ search: tag, from: '2025-01-01', to: '2025-04-30', perPage: 2 });
    const second = await office.caller.orders.queue({ search: tag, from: '2025-01-01', to: '2025-04-30', perPage: 2, after: first.nextCursor! });
    expect([...first.items, ...second.items].map((o) => o.number)).toEqual([april, march, february, january].map((o) => o.order.number));
    expect(second.nextCursor).toBeNull();
    expect(await find({ search: tag, from: '2025-04-01' })).toEqual([april.order.number]);
  });

  it('answers a future month or an inverted range with no orders and a notice', async () => {
    const next = new Date();
    next.setUTCMonth(next.getUTCMonth() + 2);
    const res = await office.caller.orders.queue({ month: next.toISOString().slice(0, 7) });
    expect(res).toMatchObject({ items: [], notices: ['future_month'] });
    expect(await office.caller.orders.queue({ from: '2025-03-10', to: '2025-03-01' })).toMatchObject({ items: [], notices: ['empty_range'] });
  });
});

describe('F26 hostile input', () => {
  it('never breaks out of the filter, and long or empty text is harmless', async () => {
    const { order } = await createOrder({ customer_name: 'Quoted "Name" Test' });
    for (const q of ["' || 1=1", '" || id != "', '%', '_', '\\', '%%mull', 'x~y', '()', '1=1 || true']) {
      const res = await office.caller.orders.queue({ search: q });
      expect(res.items.length, q).toBeLessThan(50);
    }
    expect((await office.caller.orders.queue({ search: '%' })).notices).toEqual(['search_ignored']);
    expect(await find({ search: '"name" test' })).toEqual([order.number]);
    expect((await office.caller.orders.queue({ search: '' })).items.length).toBeGreaterThan(0);
    expect((await office.caller.orders.queue({ search: 'müller '.repeat(140) })).items).toBeDefined();
    const err = await office.caller.orders.queue({ search: 'x'.repeat(1001) }).catch((e) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect(err.code).toBe('BAD_REQUEST');
    const bad = await office.caller.orders.queue({ month: '2025-13' } as never).catch((e) => e);
    expect(bad.code).toBe('BAD_REQUEST');
  });
});

describe('F26 saved views', () => {
  it('keeps my views to me and shows shared ones to the team', async () => {
    const mine = await office.caller.orders.saveView({ name: 'Unpaid online banking this month', query: 'paymentStatus=unpaid&paymentMethod=online_banking&month=2025-03&after=99&bogus=1', shared: false });
    expect(mine).toMatchObject({ mine: true, shared: false, query: 'paymentStatus=unpaid&paymentMethod=online_banking&month=2025-03' });
    const team = await office.caller.orders.saveView({ name: 'Cheques', query: 'paymentMethod=cheque', shared: true });
    const theirs = await colleague.caller.orders.saveView({ name: 'Colleague private', query: 'status=draft', shared: false });

    const names = async (c: Caller) => (await c.caller.orders.savedViews()).map((v) => v.name);
    expect(await names(office)).toEqual(expect.arrayContaining(['Unpaid online banking this month', 'Cheques']));
    expect(await names(office)).not.toContain('Colleague private');
    expect(await names(colleague)).toEqual(expect.arrayContaining(['Cheques', 'Colleague private']));
    expect(await names(colleague)).not.toContain('Unpaid online banking this month');
    expect((await colleague.caller.orders.savedViews()).find((v) => v.id === team.id)).toMatchObject({ mine: false, ownerName: office.session.staff.name });

    const refused = await colleague.caller.orders.deleteView({ id: team.id }).catch((e) => e);
    expect(refused.code).toBe('FORBIDDEN');
    await office.caller.orders.deleteView({ id: mine.id });
    expect(await names(office)).not.toContain('Unpaid online banking this month');
    await colleague.caller.orders.deleteView({ id: theirs.id });
  });
});

describe('F25 customer search history', () => {
  it("shows my recent searches and the shop's, with the customer a search led to", async () => {
    const customer = await pb().collection('customers').create({ name: 'Erika Mustermann', email: 'erika@example.com' });
    const mine = await office.caller.orders.searchCustomers({ query: 'mustermann' });
    await pb().collection('customer_searches').update(mine.searchId, { customer: customer.id });
    await colleague.caller.orders.searchCustomers({ query: 'zz-colleague' });
    const recent = await office.caller.orders.recentSearches();
    expect(recent.mine[0]).toMatchObject({ query: 'mustermann', customer: { id: customer.id, name: 'Erika Mustermann' }, staffName: office.session.staff.name });
    expect(recent.shop.map((s) => s.query)).toContain('zz-colleague');
    expect(recent.mine.map((s) => s.query)).not.toContain('zz-colleague');
    // jumping from the search to that customer's orders
    const { order } = await createOrder({ customer: customer.id, customer_name: 'Erika Mustermann' });
    expect(await find({ customer: customer.id })).toEqual([order.number]);
  });
});
