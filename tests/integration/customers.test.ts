// The customers page (#14, F27/F38 neighbours): list and search, one customer with notes and
// orders, versioned edits, merging duplicates (also when two merges race), the JSON export
// and anonymising, through the real procedures and PocketBase.
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { CustomerFields } from '../../src/lib/customers/customer';
import type { OrderEventRecord, OrderRecord } from '../../src/lib/server/pocketbase/records';
import { forgetShopSettings } from '../../src/lib/server/shop/settings';
import { signedInCaller } from '../support/caller';
import { createOrder, createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>;
let manager: Caller;
let office: Caller;

beforeAll(async () => {
  const m = await createStaff('manager');
  manager = await signedInCaller(m.staff.email, m.password);
  const o = await createStaff('office');
  office = await signedInCaller(o.staff.email, o.password);
  await pb().collection('settings').create({ key: 'shop', value: { name: 'Teehaus', email: 'shop@example.com', currency: 'EUR', locale: 'de' } });
  forgetShopSettings();
});

let seq = 0;
async function customer(over: Record<string, unknown> = {}) {
  const n = ++seq;
  return pb()
    .collection('customers')
    .create<{ id: string; name: string }>({ name: `Kundin ${n} Brandt`, email: `kundin${n}@example.com`, phone: '+49 30 1234567', addresses: [{ name: `Kundin ${n}`, street: 'Torstraße 1', postcode: '10119', city: 'Berlin', country: 'DE' }], ...over });
}
const failure = (p: Promise<unknown>) => p.then(() => null, (e) => e as TRPCError & { cause: { key: string; params: Record<string, unknown> } });
const fields = (over: Partial<CustomerFields> = {}): CustomerFields => ({
  name: 'Greta Brandt',
  email: 'greta@example.com',
  phone: '+49 171 5550199',
  company: '',
  locale: 'de',
  addresses: [{ label: 'Home', name: 'Greta Brandt', street: 'Kastanienallee 12', postcode: '10435', city: 'Berlin', country: 'de' }],
  ...over
});

describe('#14 customers (F38): list and one customer', () => {
  it('lists newest first in keyset pages and finds by name, e-mail or phone', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await customer({ name: `Listing ${i} Quast` }));
    const first = await office.caller.customers.list({});
    const ids = first.items.map((c) => c.id);
    // newest first: the last created comes before the first
    expect(ids.indexOf(made[2].id)).toBeLessThan(ids.indexOf(made[0].id));
    expect((await office.caller.customers.list({ search: 'quast' })).items.map((c) => c.name).sort()).toEqual(['Listing 0 Quast', 'Listing 1 Quast', 'Listing 2 Quast']);
    const byMail = await office.caller.customers.list({ search: `kundin${seq}@example.com` });
    expect(byMail.items.map((c) => c.id)).toEqual([made[2].id]);
  });

  it('pages through more than one page without repeating or skipping anyone', async () => {
    for (let i = 0; i < 55; i++) await customer();
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await office.caller.customers.list({ after });
      seen.push(...page.items.map((c) => c.id));
      after = page.next ?? undefined;
    } while (after);
    const all = await pb().collection('customers').getFullList({ fields: 'id' });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(all.length);
  });

  it('shows the customer with notes (newest first), orders and totals in minor units', async () => {
    const c = await customer();
    await createOrder({ customer: c.id, total_cents: 1999, status: 'completed' });
    await createOrder({ customer: c.id, total_cents: 501, status: 'placed' });
    await createOrder({ customer: c.id, total_cents: 7000, status: 'cancelled' });
    await office.caller.customers.addNote({ id: c.id, body: 'Prefers DHL' });
    await office.caller.customers.addNote({ id: c.id, body: 'Called about a refund' });
    const page = await office.caller.customers.get({ id: c.id });
    expect(page.notes.map((n) => n.body)).toEqual(['Called about a refund', 'Prefers DHL']);
    expect(page.totals).toMatchObject({ count: 3, open: 1, spent: [{ currency: 'EUR', cents: 2500 }] });
    const orders = await office.caller.customers.orders({ id: c.id });
    expect(orders.items).toHaveLength(3);
    expect(orders.items[0].number).toBeGreaterThan(orders.items[2].number);
  });

  it('refuses an empty note and names the field', async () => {
    const c = await customer();
    const e = await failure(office.caller.customers.addNote({ id: c.id, body: '   ' }));
    expect(e?.code).toBe('BAD_REQUEST');
    expect((await office.caller.customers.get({ id: c.id })).notes).toEqual([]);
  });
});

describe('#14 customers (F38): edit by version', () => {
  it('saves contact data and addresses (normalised) and never touches the orders already taken', async () => {
    const c = await customer();
    const { order } = await createOrder({ customer: c.id, customer_name: c.name });
    const before = await office.caller.customers.get({ id: c.id });
    const saved = await office.caller.customers.update({ id: c.id, version: before.customer.version, fields: fields() });
    expect(saved).toMatchObject({ name: 'Greta Brandt', phone: '+49 171 5550199', version: before.customer.version + 1 });
    expect(saved.addresses[0]).toMatchObject({ label: 'Home', country: 'DE', street: 'Kastanienallee 12' });
    const kept = await pb().collection('orders').getOne<OrderRecord>(order.id);
    expect(kept.customer_name).toBe(c.name);
  });

  it('refuses a bad field with a message naming it, and changes nothing', async () => {
    const c = await customer();
    const before = await office.caller.customers.get({ id: c.id });
    for (const bad of [fields({ name: ' ' }), fields({ email: 'not-an-email' }), fields({ addresses: [{ ...fields().addresses[0], postcode: '' }] }), fields({ phone: 'call me' })]) {
      const e = await failure(office.caller.customers.update({ id: c.id, version: before.customer.version, fields: bad }));
      expect(e?.code).toBe('BAD_REQUEST');
    }
    expect((await office.caller.customers.get({ id: c.id })).customer).toEqual(before.customer);
  });

  it('two people saving the same version: one wins, the other gets a conflict with the current values', async () => {
    const c = await customer();
    const v = (await office.caller.customers.get({ id: c.id })).customer.version;
    const results = await Promise.allSettled([
      office.caller.customers.update({ id: c.id, version: v, fields: fields({ name: 'Greta Brandt' }) }),
      manager.caller.customers.update({ id: c.id, version: v, fields: fields({ name: 'Greta Brand-Meier' }) })
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    const e = lost.reason as TRPCError & { cause: { key: string; params: { current: { version: number } } } };
    expect(e.code).toBe('CONFLICT');
    expect(e.cause.key).toBe('customers.errors.changed_meanwhile');
    expect(e.cause.params.current.version).toBe(v + 1);
  });
});

describe('#14 customers (F38): merge duplicates', () => {
  it('moves orders, notes, addresses and the search history to the kept customer in one unit, with a timeline event per order', async () => {
    const keep = await customer({ phone: '' });
    const dupe = await customer({ addresses: [{ name: 'Zweitadresse', street: 'Ring 2', postcode: '50667', city: 'Köln', country: 'DE' }] });
    const { order } = await createOrder({ customer: dupe.id });
    await office.caller.customers.addNote({ id: dupe.id, body: 'Duplicate note' });
    const [k, d] = await Promise.all([office.caller.customers.get({ id: keep.id }), office.caller.customers.get({ id: dupe.id })]);
    const preview = await manager.caller.customers.mergePreview({ keepId: keep.id, mergeId: dupe.id });
    expect(preview).toMatchObject({ orders: 1, notes: 1, addresses: 1, tooMany: false });
    const done = await manager.caller.customers.merge({ keepId: keep.id, keepVersion: k.customer.version, mergeId: dupe.id, mergeVersion: d.customer.version });
    expect(done.moved).toEqual({ orders: 1, notes: 1 });
    expect(done.customer.addresses.map((a) => a.city)).toEqual(['Berlin', 'Köln']);
    expect(done.customer.phone).toBe('+49 30 1234567'); // the kept customer had none
    expect((await pb().collection('orders').getOne<OrderRecord>(order.id)).customer).toBe(keep.id);
    const events = await pb().collection('order_events').getFullList<OrderEventRecord>({ filter: `order = "${order.id}" && type = "customer_merged"` });
    expect(events).toHaveLength(1);
    expect((await office.caller.customers.get({ id: keep.id })).notes.map((n) => n.body)).toEqual(['Duplicate note']);
    expect((await failure(office.caller.customers.get({ id: dupe.id })))?.code).toBe('NOT_FOUND');
  });

  it('two merges of the same pair both ways round at once: one customer and one clear refusal', async () => {
    const a = await customer();
    const b = await customer();
    await createOrder({ customer: a.id });
    await createOrder({ customer: b.id });
    const [ca, cb] = await Promise.all([office.caller.customers.get({ id: a.id }), office.caller.customers.get({ id: b.id })]);
    const results = await Promise.allSettled([
      manager.caller.customers.merge({ keepId: a.id, keepVersion: ca.customer.version, mergeId: b.id, mergeVersion: cb.customer.version }),
      manager.caller.customers.merge({ keepId: b.id, keepVersion: cb.customer.version, mergeId: a.id, mergeVersion: ca.customer.version })
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as TRPCError).code).toMatch(/CONFLICT|NOT_FOUND/);
    const left = await pb().collection('customers').getFullList({ filter: `id = "${a.id}" || id = "${b.id}"` });
    expect(left).toHaveLength(1);
    // both orders belong to the one left
    expect(await pb().collection('orders').getFullList({ filter: `customer = "${left[0].id}"` })).toHaveLength(2);
  });

  it('is for managers: office staff are refused and nothing moves', async () => {
    const a = await customer();
    const b = await customer();
    const e = await failure(office.caller.customers.merge({ keepId: a.id, keepVersion: 0, mergeId: b.id, mergeVersion: 0 }));
    expect(e?.code).toBe('FORBIDDEN');
    expect(await pb().collection('customers').getOne(b.id)).toBeTruthy();
  });
});

describe('#14 customers (F38): export and anonymise (GDPR)', () => {
  it('exports everything held about the customer as JSON: contact, notes, orders with lines', async () => {
    const c = await customer();
    const { order } = await createOrder({ customer: c.id, customer_name: c.name, total_cents: 1234 });
    await office.caller.customers.addNote({ id: c.id, body: 'VIP' });
    const data = await manager.caller.customers.export({ id: c.id });
    expect(data.customer.name).toBe(c.name);
    expect(data.notes.map((n) => n.body)).toEqual(['VIP']);
    expect(data.orders).toHaveLength(1);
    expect(data.orders[0]).toMatchObject({ number: order.number, total_cents: 1234, customer_name: c.name });
    expect(data.orders[0].lines).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(data)).customer.email).toBe(data.customer.email);
  });

  it('refuses while an order is open, naming it, and changes nothing', async () => {
    const c = await customer();
    const { order } = await createOrder({ customer: c.id, status: 'placed' });
    const v = (await office.caller.customers.get({ id: c.id })).customer.version;
    const e = await failure(manager.caller.customers.anonymise({ id: c.id, version: v }));
    expect(e?.code).toBe('CONFLICT');
    expect(e?.cause.params.numbers).toContain(String(order.number));
    expect((await office.caller.customers.get({ id: c.id })).customer.name).toBe(c.name);
  });

  it('removes the person from the customer and their orders; invoiced orders keep the billing copy; amounts stay', async () => {
    const c = await customer();
    await office.caller.customers.addNote({ id: c.id, body: 'Lives next to the bakery' });
    const plain = await createOrder({ customer: c.id, status: 'completed', customer_name: c.name, email: 'p@example.com', phone: '+49 1', total_cents: 990 });
    const billing = { name: c.name, street: 'Torstraße 1', postcode: '10119', city: 'Berlin', country: 'DE' };
    const invoiced = await createOrder({ customer: c.id, status: 'completed', customer_name: c.name, email: 'p@example.com', invoice_number: `RE-${Date.now()}`, billing_address: billing, total_cents: 4500 });
    const v = (await office.caller.customers.get({ id: c.id })).customer.version;
    const done = await manager.caller.customers.anonymise({ id: c.id, version: v });
    expect(done.customer).toMatchObject({ name: 'Anonymised customer', email: '', phone: '', addresses: [] });
    expect(done.customer.anonymisedAt).toBeTruthy();
    const p = await pb().collection('orders').getOne<OrderRecord>(plain.order.id);
    expect(p).toMatchObject({ customer_name: 'Anonymised customer', email: '', phone: '', total_cents: 990 });
    expect(p.shipping_address).toMatchObject({ street: '', city: '', country: 'DE' });
    const i = await pb().collection('orders').getOne<OrderRecord>(invoiced.order.id);
    expect(i).toMatchObject({ customer_name: c.name, email: '', total_cents: 4500 });
    expect(i.billing_address).toEqual(billing);
    expect((await office.caller.customers.get({ id: c.id })).notes).toEqual([]);
    // the order search forgets the person too (kept by the orders' triggers)
    const hits = await pb().collection('orders').getFullList({ filter: `id = "${plain.order.id}" && search_text ~ "p@example.com"` });
    expect(hits).toHaveLength(0);
    // and the customer can no longer be edited
    const e = await failure(office.caller.customers.update({ id: c.id, version: done.customer.version, fields: fields() }));
    expect(e?.cause.key).toBe('customers.errors.anonymised');
  });
});
