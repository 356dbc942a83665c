// Change of customer (F38) through the real procedures and a real PocketBase: the order moves
// to the customer found by search, contact and address follow only when chosen, both
// customers' histories follow, the timeline says who and from whom.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { CustomerRecord, OrderEventRecord, OrderRecord } from '../../src/lib/server/pocketbase/records';
import { signedInCaller } from '../support/caller';
import { createStaff, createStockedProduct } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

type Signed = Awaited<ReturnType<typeof signedInCaller>>;
let office: Signed;
let greta: CustomerRecord;
let hans: CustomerRecord;

beforeAll(async () => {
  const o = await createStaff('office', { name: 'Olga Office' });
  office = await signedInCaller(o.staff.email, o.password);
  greta = await pb().collection('customers').create<CustomerRecord>({
    name: 'Greta Hoffmann', email: 'greta@example.de', phone: '+49 421 555123',
    addresses: [{ label: 'home', name: 'Greta Hoffmann', street: 'Am Markt 5', postcode: '28195', city: 'Bremen', country: 'DE' }], locale: 'de'
  });
  hans = await pb().collection('customers').create<CustomerRecord>({
    name: 'Hans Huber', email: 'hans@example.at', phone: '+43 1 5550000',
    addresses: [{ label: 'home', name: 'Hans Huber', street: 'Mariahilfer Str. 45', postcode: '1060', city: 'Wien', country: 'AT' }], locale: 'de'
  });
});

const order = (id: string) => pb().collection('orders').getOne<OrderRecord>(id);
const events = (orderId: string) => pb().collection('order_events').getFullList<OrderEventRecord>({ filter: `order = '${orderId}'`, sort: 'created' });
async function gretasOrder() {
  const p = await createStockedProduct(5);
  const r = await office.caller.orders.createPhoneOrder({ idempotencyKey: randomUUID(), customerId: greta.id, fulfilmentMethod: 'ship', paymentMethod: 'online_banking', lines: [{ productId: p.id, qty: 1 }], place: true });
  return order(r.id);
}

describe('F38 change of customer', () => {
  it('F38 moves the order to the customer found by search; both histories follow; contact and address stay when not chosen', async () => {
    const o = await gretasOrder();
    const found = await office.caller.orders.searchCustomers({ query: 'huber' });
    expect(found.customers.map((c) => c.id)).toEqual([hans.id]);
    const before = { greta: await office.caller.orders.customerOrders({ customerId: greta.id }), hans: await office.caller.orders.customerOrders({ customerId: hans.id }) };
    expect(before.greta.items.map((x) => x.id)).toContain(o.id);

    await office.caller.orders.changeCustomer({ orderId: o.id, version: o.version, customerId: hans.id, takeContact: false, takeAddress: false, customerSearchId: found.searchId });
    const now = await order(o.id);
    expect(now).toMatchObject({ customer: hans.id, customer_name: 'Greta Hoffmann', email: 'greta@example.de', shipping_address: o.shipping_address, version: o.version + 1 });
    const after = { greta: await office.caller.orders.customerOrders({ customerId: greta.id }), hans: await office.caller.orders.customerOrders({ customerId: hans.id }) };
    expect(after.greta.items.map((x) => x.id)).not.toContain(o.id);
    expect(after.hans.items.map((x) => x.id)).toContain(o.id);
    expect(after.greta.total).toBe(before.greta.total - 1);
    expect(after.hans.total).toBe(before.hans.total + 1);
    expect((await pb().collection('customer_searches').getOne(found.searchId)).customer).toBe(hans.id);
    expect((await events(o.id)).find((e) => e.type === 'customer_changed')?.data).toMatchObject({ before: 'Greta Hoffmann', after: 'Hans Huber', contact: false, address: false });
  });

  it('F38 contact and address follow when chosen; the new address is checked', async () => {
    const o = await gretasOrder();
    await office.caller.orders.changeCustomer({ orderId: o.id, version: o.version, customerId: hans.id, takeContact: true, takeAddress: true });
    const now = await order(o.id);
    expect(now).toMatchObject({
      customer: hans.id,
      customer_name: 'Hans Huber',
      email: 'hans@example.at',
      phone: '+43 1 5550000',
      shipping_address: { name: 'Hans Huber', street: 'Mariahilfer Str. 45', postcode: '1060', city: 'Wien', country: 'AT' },
      billing_address: { city: 'Wien' },
      address_check_status: 'passed'
    });
    expect(now.address_check?.formatted).toContain('1060 Wien');
    expect((await events(o.id)).find((e) => e.type === 'customer_changed')?.data).toMatchObject({ address_after: expect.stringContaining('Wien') });
  });

  it('F38 a stale version is refused; the same customer is refused', async () => {
    const o = await gretasOrder();
    const stale = await office.caller.orders.changeCustomer({ orderId: o.id, version: o.version - 1, customerId: hans.id, takeContact: false, takeAddress: false }).then(() => null, (e: TRPCError) => e);
    expect(stale?.code).toBe('CONFLICT');
    const same = await office.caller.orders.changeCustomer({ orderId: o.id, version: o.version, customerId: greta.id, takeContact: false, takeAddress: false }).then(() => null, (e: TRPCError) => e);
    expect(same?.code).toBe('BAD_REQUEST');
    expect((await order(o.id)).customer).toBe(greta.id);
  });
});
