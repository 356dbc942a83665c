// Repeat orders (F30) through the real procedures and a real PocketBase: a phone-order draft
// for the same customer with today's prices, linked to the original, every unservable line
// listed on the draft, a timeline entry on both orders.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { CustomerRecord, OrderEventRecord, OrderLineRecord, OrderRecord, ProductRecord } from '../../src/lib/server/pocketbase/records';
import { signedInCaller } from '../support/caller';
import { createStaff, createStockedProduct } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

type Signed = Awaited<ReturnType<typeof signedInCaller>>;
let office: Signed;
let customer: CustomerRecord;

beforeAll(async () => {
  const o = await createStaff('office', { name: 'Olga Office' });
  office = await signedInCaller(o.staff.email, o.password);
  customer = await pb().collection('customers').create<CustomerRecord>({
    name: 'Greta Hoffmann', email: 'greta@example.de', phone: '+49 421 555123',
    addresses: [{ label: 'home', name: 'Greta Hoffmann', street: 'Am Markt 5', postcode: '28195', city: 'Bremen', country: 'DE' }], locale: 'de'
  });
});

const order = (id: string) => pb().collection('orders').getOne<OrderRecord>(id);
const lines = (orderId: string) => pb().collection('order_lines').getFullList<OrderLineRecord>({ filter: `order = '${orderId}'`, sort: 'position' });
const events = (orderId: string) => pb().collection('order_events').getFullList<OrderEventRecord>({ filter: `order = '${orderId}'`, sort: 'created' });
const placeFor = (items: { productId: string; qty: number }[]) =>
  office.caller.orders.createPhoneOrder({ idempotencyKey: randomUUID(), customerId: customer.id, fulfilmentMethod: 'ship', paymentMethod: 'online_banking', lines: items, place: true });

describe('F30 repeat orders', () => {
  it('F30 makes a draft for the same customer with the same items at today’s prices, linked to the original, on both timelines', async () => {
    const a = await createStockedProduct(10, { price_cents: 1000 });
    const b = await createStockedProduct(10, { price_cents: 500 });
    const original = await placeFor([{ productId: a.id, qty: 2 }, { productId: b.id, qty: 1 }]);
    await pb().collection('products').update(a.id, { price_cents: 1200 });

    const repeat = await office.caller.orders.repeat({ orderId: original.id, idempotencyKey: randomUUID() });
    expect(repeat).toMatchObject({ status: 'draft', problems: [] });
    const draft = await order(repeat.id);
    expect(draft).toMatchObject({ channel: 'repeat', status: 'draft', customer: customer.id, repeat_of: original.id, customer_name: 'Greta Hoffmann', address_check_status: 'passed' });
    expect((await lines(repeat.id)).map((l) => [l.product, l.qty, l.unit_price_cents])).toEqual([[a.id, 2, 1200], [b.id, 1, 500]]);
    // drafts reserve nothing
    expect((await pb().collection('products').getOne<ProductRecord>(a.id)).reserved).toBe(2);

    expect((await events(original.id)).find((e) => e.type === 'repeated')?.data).toMatchObject({ link_order: repeat.id, link_number: repeat.number });
    expect((await events(repeat.id)).find((e) => e.type === 'repeat_created')?.data).toMatchObject({ link_order: original.id, link_number: original.number });
  });

  it('F30 an archived product and a line short of stock are listed as unservable, never silently dropped', async () => {
    const kept = await createStockedProduct(10);
    const archived = await createStockedProduct(10);
    const short = await createStockedProduct(4);
    const original = await placeFor([{ productId: kept.id, qty: 1 }, { productId: archived.id, qty: 2 }, { productId: short.id, qty: 3 }]);
    await pb().collection('products').update(archived.id, { active: false });
    // someone else takes most of the short product
    await placeFor([{ productId: short.id, qty: 1 }]);

    const repeat = await office.caller.orders.repeat({ orderId: original.id, idempotencyKey: randomUUID() });
    const problems = [
      { productId: archived.id, sku: archived.sku, qty: 2, problem: 'archived', available: 0 },
      { productId: short.id, sku: short.sku, qty: 3, problem: 'not_enough', available: 0 }
    ];
    expect(repeat.problems).toMatchObject(problems);
    expect((await order(repeat.id)).repeat_problems).toMatchObject(problems);
    // the short line is on the draft (placing it names the shortage); the archived one cannot be
    expect((await lines(repeat.id)).map((l) => [l.product, l.qty])).toEqual([[kept.id, 1], [short.id, 3]]);
    const placing = await office.caller.orders.placeDraft({ orderId: repeat.id, version: 1 }).then(() => null, (e: TRPCError) => e);
    expect(placing?.code).toBe('CONFLICT');
  });

  it('F30 the same idempotency key makes one draft', async () => {
    const a = await createStockedProduct(5);
    const original = await placeFor([{ productId: a.id, qty: 1 }]);
    const key = randomUUID();
    const [x, y] = await Promise.all([office.caller.orders.repeat({ orderId: original.id, idempotencyKey: key }), office.caller.orders.repeat({ orderId: original.id, idempotencyKey: key })]);
    expect(x.id).toBe(y.id);
    expect((await pb().collection('orders').getFullList({ filter: `repeat_of = '${original.id}'` })).length).toBe(1);
  });

  it('F30 an order none of whose products is sold any more is refused with every line named', async () => {
    const a = await createStockedProduct(5);
    const original = await placeFor([{ productId: a.id, qty: 1 }]);
    await pb().collection('products').update(a.id, { active: false });
    const e = await office.caller.orders.repeat({ orderId: original.id, idempotencyKey: randomUUID() }).then(() => null, (err: TRPCError) => err);
    expect(e?.code).toBe('CONFLICT');
    expect((e?.cause as unknown as { key: string }).key).toBe('addresses.repeat.nothing_servable');
    expect(e?.message).toContain(a.sku);
  });
});
