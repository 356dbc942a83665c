// Address check (F36) and address edits (F37) through the real procedures and a real
// PocketBase: the check is stored at placement, a failing or unchecked address blocks the label
// until it is fixed or overridden, edits are guarded by the order's version and frozen by a
// bought label, and every open screen of the order hears of the change.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { Address, CustomerRecord, OrderEventRecord, OrderRecord } from '../../src/lib/server/pocketbase/records';
import { packerProjection } from '../../src/lib/server/realtime/rooms';
import { httpProvider, setAddressProvider } from '../../src/lib/server/addresses/provider';
import { anonymousCaller, signedInCaller } from '../support/caller';
import { proven } from '../support/shop';
import { createOrder, createStaff, createStockedProduct } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { connected, join, nextRecord, startSocketServer } from '../support/realtime';
import { clientId, readyOrder, shipmentRecord } from './shipping-fixtures';

usePocketBase();

type Signed = Awaited<ReturnType<typeof signedInCaller>>;
let office: Signed;
let packer: Signed;
let customer: CustomerRecord;

const BERLIN: Address = { name: 'Greta Hoffmann', street: 'Am Markt 5', postcode: '28195', city: 'Bremen', country: 'DE' };
const BAD_POSTCODE: Address = { ...BERLIN, postcode: '2819' };

beforeAll(async () => {
  const o = await createStaff('office', { name: 'Olga Office' });
  office = await signedInCaller(o.staff.email, o.password);
  const p = await createStaff('packer');
  packer = await signedInCaller(p.staff.email, p.password);
  customer = await pb().collection('customers').create<CustomerRecord>({ name: 'Greta Hoffmann', email: 'greta@example.de', addresses: [{ label: 'home', ...BERLIN }], locale: 'de' });
});

const order = (id: string) => pb().collection('orders').getOne<OrderRecord>(id);
const events = (orderId: string) => pb().collection('order_events').getFullList<OrderEventRecord>({ filter: `order = '${orderId}'`, sort: 'created' });
async function refusal(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(TRPCError);
  const cause = (e as TRPCError).cause as { key?: string; params?: Record<string, any> } | undefined;
  return { code: (e as TRPCError).code, message: (e as TRPCError).message, key: cause?.key, params: cause?.params ?? {} };
}
async function phoneOrder(address: Address, place = true) {
  const p = await createStockedProduct(10);
  return office.caller.orders.createPhoneOrder({ idempotencyKey: randomUUID(), customerId: customer.id, fulfilmentMethod: 'ship', shippingAddress: address, paymentMethod: 'online_banking', lines: [{ productId: p.id, qty: 1 }], place });
}
const edit = (orderId: string, version: number, address: Address, kind: 'shipping' | 'billing' = 'shipping', saveAnyway = false) =>
  office.caller.addresses.edit({ orderId, version, kind, address, saveAnyway });
const ship = (o: { order: OrderRecord; lines: { id: string }[] }) =>
  packer.caller.shipping.createShipment({ orderId: o.order.id, courier: 'sandbox', lines: [{ lineId: o.lines[0].id, qty: 1 }], clientId: clientId() });

describe('F36 the address is checked when the order is placed', () => {
  it('F36 the demo shop\'s orders are checked by the same code when the app starts in demo mode, once', async () => {
    const { checkDemoAddresses } = await import('../../src/lib/server/addresses/demo');
    const { order: good } = await createOrder({ shipping_address: BERLIN });
    const { order: bad } = await createOrder({ shipping_address: BAD_POSTCODE });
    const before = process.env.PACKBENCH_MODE;
    process.env.PACKBENCH_MODE = 'demo';
    try {
      expect(await checkDemoAddresses()).toBeGreaterThanOrEqual(2);
      expect(await checkDemoAddresses()).toBe(0);
    } finally {
      process.env.PACKBENCH_MODE = before;
    }
    expect(await order(good.id)).toMatchObject({ address_check_status: 'passed', address_verified: true });
    expect(await order(bad.id)).toMatchObject({ address_check_status: 'failed', address_verified: false });
    const events = await pb().collection('order_events').getFullList<OrderEventRecord>({ filter: `order = '${bad.id}' && type = 'address_checked'` });
    expect(events).toHaveLength(1);
  });

  it('F36 a good address is stored as passed, with the country’s layout; a bad postcode as failed with a message naming the field', async () => {
    const good = await order((await phoneOrder(BERLIN)).id);
    expect(good).toMatchObject({ address_check_status: 'passed', address_verified: true });
    expect(good.address_check?.formatted).toEqual(['Greta Hoffmann', 'Am Markt 5', '28195 Bremen', 'Germany']);

    const bad = await order((await phoneOrder(BAD_POSTCODE)).id);
    expect(bad).toMatchObject({ address_check_status: 'failed', address_verified: false });
    expect(bad.address_check?.messages).toMatchObject([{ field: 'postcode', code: 'postcode_format', message: expect.stringMatching(/^Postcode “2819”/) }]);
  });

  it('F36 the web checkout stores the check too, and never refuses a customer for it', async () => {
    const p = await createStockedProduct(5);
    const shop = anonymousCaller(undefined, '10.9.0.1').shop;
    const placed = await shop.placeOrder(
      await proven({
        idempotencyKey: randomUUID(), name: 'Emily Carter', email: 'emily@example.co.uk', fulfilmentMethod: 'ship',
        shippingAddress: { name: 'Emily Carter', street: '12 Baker Street', postcode: 'nw1 6xe', city: 'London', country: 'gb' },
        paymentMethod: 'online_banking', locale: 'en', lines: [{ productId: p.id, qty: 1 }]
      })
    );
    const web = await order(placed.id);
    expect(web).toMatchObject({ channel: 'web', address_check_status: 'passed', address_verified: true });
    expect(web.address_check?.formatted).toEqual(['Emily Carter', '12 Baker Street', 'London', 'NW1 6XE', 'United Kingdom']);
    const bad = await shop.placeOrder(
      await proven({
        idempotencyKey: randomUUID(), name: 'Emily Carter', email: 'emily@example.co.uk', fulfilmentMethod: 'ship',
        shippingAddress: { name: 'Emily Carter', street: '12 Baker Street', postcode: '12345', city: 'London', country: 'GB' },
        paymentMethod: 'online_banking', locale: 'en', lines: [{ productId: p.id, qty: 1 }]
      })
    );
    expect(await order(bad.id)).toMatchObject({ status: 'placed', address_check_status: 'failed' });
  });

  it('F36 Click & Collect orders are not checked', async () => {
    const p = await createStockedProduct(5);
    const r = await office.caller.orders.createPhoneOrder({ idempotencyKey: randomUUID(), customerId: customer.id, fulfilmentMethod: 'collect', paymentMethod: 'cash', lines: [{ productId: p.id, qty: 1 }], place: false });
    expect((await order(r.id)).address_check_status).toBe('');
  });
});

describe('F36 a failing or unchecked address blocks the label', () => {
  it('F36 an unchecked failing address is checked at the desk and refused; no parcel is made; after the fix the label is bought', async () => {
    const o = await readyOrder([{ qty: 1 }], { shipping_address: BAD_POSTCODE });
    expect(o.order.address_check_status).toBe('');
    const r = await refusal(ship(o));
    expect(r).toMatchObject({ code: 'CONFLICT', key: 'addresses.errors.label_blocked' });
    expect(r.message).toMatch(/Postcode “2819” is not a valid postcode for DE/);
    expect(await pb().collection('shipments').getFullList({ filter: `order = '${o.order.id}'` })).toEqual([]);
    const checked = await order(o.order.id);
    expect(checked.address_check_status).toBe('failed');

    const desk = await packer.caller.shipping.desk();
    expect(desk.ready.find((x) => x.id === o.order.id)?.addressCheck).toEqual({ status: 'failed', overridden: false, labelAllowed: false });

    await edit(o.order.id, checked.version, BERLIN);
    const parcel = await ship(o);
    expect(parcel).toMatchObject({ status: 'label_created', labelError: null });
  });

  it('F36 an override with a reason lets the label through and is on the timeline', async () => {
    const o = await readyOrder([{ qty: 1 }], { shipping_address: { ...BERLIN, street: 'Am Markt' } });
    await refusal(ship(o));
    const now = await order(o.order.id);
    expect(now.address_check?.messages[0]).toMatchObject({ field: 'street', code: 'house_number_missing' });
    expect(await refusal(packer.caller.addresses.override({ orderId: o.order.id, version: now.version, reason: 'Customer confirmed by phone' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(office.caller.addresses.override({ orderId: o.order.id, version: now.version, reason: 'ok' }))).toMatchObject({ code: 'BAD_REQUEST' });
    await office.caller.addresses.override({ orderId: o.order.id, version: now.version, reason: 'Farm without house number, confirmed by phone' });
    expect(await ship(o)).toMatchObject({ status: 'label_created' });
    const ev = (await events(o.order.id)).find((e) => e.type === 'address_check_overridden');
    expect(ev?.data).toMatchObject({ reason: 'Farm without house number, confirmed by phone' });
    expect(ev?.actor).toBe(office.session.staff.id);
    // a passing address has nothing to override
    const good = await order((await phoneOrder(BERLIN)).id);
    expect(await refusal(office.caller.addresses.override({ orderId: good.id, version: good.version, reason: 'Just because' }))).toMatchObject({ key: 'addresses.errors.nothing_to_override' });
  });

  it('F36 a draft parcel whose address was changed to a failing one gets no label from the desk', async () => {
    const o = await readyOrder([{ qty: 2 }]);
    const first = await ship(o);
    await packer.caller.shipping.cancelLabel({ shipmentId: first.shipmentId });
    const v = (await order(o.order.id)).version;
    // refused by default, kept with saveAnyway
    expect(await refusal(edit(o.order.id, v, BAD_POSTCODE))).toMatchObject({ code: 'BAD_REQUEST', key: 'addresses.errors.check_failed' });
    await edit(o.order.id, v, BAD_POSTCODE, 'shipping', true);
    const [r] = await packer.caller.shipping.createLabels({ shipmentIds: [first.shipmentId] });
    expect(r).toMatchObject({ ok: false });
    expect(r.labelError).toMatch(/failed the address check/);
    expect((await shipmentRecord(first.shipmentId)).status).toBe('draft');
  });
});

describe('F37 editing an address', () => {
  it('F37 an invalid postcode is refused with a message naming the field; nothing changes', async () => {
    const placed = await order((await phoneOrder(BERLIN)).id);
    const r = await refusal(edit(placed.id, placed.version, BAD_POSTCODE));
    expect(r).toMatchObject({ code: 'BAD_REQUEST', key: 'addresses.errors.check_failed' });
    expect(r.params.messages).toMatchObject([{ field: 'postcode', code: 'postcode_format' }]);
    expect(await order(placed.id)).toMatchObject({ version: placed.version, shipping_address: BERLIN });
  });

  it('F37 the timeline shows the old and the new address; the check runs again', async () => {
    const placed = await order((await phoneOrder(BAD_POSTCODE)).id);
    const done = await edit(placed.id, placed.version, { ...BERLIN, street: 'Obernstraße 1' });
    expect(done.version).toBe(placed.version + 1);
    const now = await order(placed.id);
    expect(now).toMatchObject({ address_check_status: 'passed', address_verified: true, shipping_address: { street: 'Obernstraße 1' } });
    const ev = (await events(placed.id)).find((e) => e.type === 'shipping_address_changed');
    expect(ev?.data).toMatchObject({ kind: 'shipping', before: 'Greta Hoffmann, Am Markt 5, 2819 Bremen, DE', after: 'Greta Hoffmann, Obernstraße 1, 28195 Bremen, DE', check: 'passed' });
  });

  it('F37 two concurrent edits of one version: one wins, the other gets a conflict with the current address', async () => {
    const placed = await order((await phoneOrder(BERLIN)).id);
    const a = { ...BERLIN, street: 'Am Markt 6' };
    const b = { ...BERLIN, street: 'Am Markt 7' };
    const results = await Promise.allSettled([edit(placed.id, placed.version, a), edit(placed.id, placed.version, b)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    const cause = (lost.reason as TRPCError).cause as unknown as { key: string; params: { current: { shipping_address: Address; version: number } } };
    expect((lost.reason as TRPCError).code).toBe('CONFLICT');
    expect(cause.key).toBe('addresses.errors.changed_meanwhile');
    const now = await order(placed.id);
    expect(now.version).toBe(placed.version + 1);
    expect(cause.params.current).toMatchObject({ version: now.version, shipping_address: now.shipping_address });
    expect([a.street, b.street]).toContain(now.shipping_address?.street);
  });

  it('F37 once a label is bought the shipping address is refused (cancel the label first); the billing address may still change', async () => {
    // two lines, one in the parcel: the order stays open (#13 lifecycle) with a label bought
    const o = await readyOrder([{ qty: 1 }, { qty: 1 }]);
    const parcel = await ship(o);
    const v = (await order(o.order.id)).version;
    expect((await order(o.order.id)).status).toBe('placed');
    const r = await refusal(edit(o.order.id, v, BERLIN));
    expect(r).toMatchObject({ code: 'CONFLICT', key: 'addresses.errors.label_bought' });
    expect(r.message).toMatch(/Cancel the label/);
    await edit(o.order.id, v, { ...BERLIN, name: 'Buchhaltung Hoffmann' }, 'billing');
    expect((await order(o.order.id)).billing_address).toMatchObject({ name: 'Buchhaltung Hoffmann' });
    // after voiding the label, the shipping address can change
    await packer.caller.shipping.cancelLabel({ shipmentId: parcel.shipmentId });
    await edit(o.order.id, (await order(o.order.id)).version, BERLIN);
    expect((await order(o.order.id)).shipping_address).toEqual(BERLIN);
  });

  it('F37 a label that finished the order still says to cancel the label first', async () => {
    const o = await readyOrder([{ qty: 1 }]);
    await ship(o);
    expect((await order(o.order.id)).status).toBe('completed');
    expect(await refusal(edit(o.order.id, (await order(o.order.id)).version, BERLIN))).toMatchObject({ code: 'CONFLICT', key: 'addresses.errors.label_bought' });
  });

  it('F37 a cancelled order’s address is refused', async () => {
    const placed = await order((await phoneOrder(BERLIN)).id);
    await office.caller.orders.cancel({ orderId: placed.id, version: placed.version, reason: 'Customer changed mind' });
    const now = await order(placed.id);
    expect(await refusal(edit(placed.id, now.version, { ...BERLIN, street: 'Am Markt 9' }))).toMatchObject({ code: 'CONFLICT', key: 'addresses.errors.order_closed' });
  });
});

describe('F36 F37 F30 F38 packers', () => {
  it('F36 F37 F30 F38 a packer is refused by every new procedure', async () => {
    const placed = await order((await phoneOrder(BERLIN)).id);
    const attempts = [
      packer.caller.addresses.edit({ orderId: placed.id, version: placed.version, kind: 'shipping', address: BERLIN, saveAnyway: false }),
      packer.caller.addresses.recheck({ orderId: placed.id }),
      packer.caller.addresses.override({ orderId: placed.id, version: placed.version, reason: 'Confirmed by phone' }),
      packer.caller.orders.repeat({ orderId: placed.id, idempotencyKey: randomUUID() }),
      packer.caller.orders.changeCustomer({ orderId: placed.id, version: placed.version, customerId: customer.id, takeContact: true, takeAddress: false }),
      packer.caller.orders.customerOrders({ customerId: customer.id })
    ];
    for (const a of attempts) expect((await refusal(a)).code).toBe('FORBIDDEN');
    expect(await order(placed.id)).toMatchObject({ version: placed.version });
  });

  it('F36 packer projections carry no address fields beyond the desk’s country and check verdict', async () => {
    const full = await order((await phoneOrder(BAD_POSTCODE)).id);
    const projected = packerProjection('orders', full as unknown as Parameters<typeof packerProjection>[1])!;
    expect(Object.keys(projected).filter((k) => /address|repeat|override/.test(k))).toEqual([]);

    const o = await readyOrder([{ qty: 1 }], { shipping_address: BAD_POSTCODE });
    await refusal(ship(o));
    const desk = await packer.caller.shipping.desk();
    const row = desk.ready.find((x) => x.id === o.order.id)!;
    expect(Object.keys(row).sort()).toEqual(['addressCheck', 'country', 'courier', 'customerName', 'fulfilmentStatus', 'id', 'number', 'units']);
    expect(Object.keys(row.addressCheck).sort()).toEqual(['labelAllowed', 'overridden', 'status']);
    const view = await packer.caller.shipping.forOrder({ orderId: o.order.id });
    expect(JSON.stringify(view)).not.toMatch(/address|2819|Bremen/);
  });
});

describe('F37 live on every open screen', () => {
  let server: Awaited<ReturnType<typeof startSocketServer>>;
  beforeAll(async () => {
    server = await startSocketServer();
  });
  afterAll(() => server.stop());

  it('F37 an address edit reaches the order room with the new address and check; the packer room hears no address', async () => {
    const placed = await order((await phoneOrder(BERLIN)).id);
    const s = server.connect(office.token);
    const p = server.connect(packer.token);
    await Promise.all([connected(s), connected(p)]);
    expect(await join(s, `order:${placed.id}`)).toEqual({ ok: true });
    expect(await join(p, `order:${placed.id}`)).toEqual({ ok: true });
    // the relay subscribes to PocketBase in the background: wait until it passes changes on
    await vi.waitFor(
      async () => {
        const seen = nextRecord(s, (e) => e.collection === 'orders' && e.record.id === placed.id, 400);
        await pb().collection('orders').update(placed.id, { phone: `+49 ${Math.floor(Math.random() * 1e6)}` });
        await seen;
      },
      { timeout: 10_000, interval: 50 }
    );
    const packerSeen: Record<string, unknown>[] = [];
    p.on('record', (e) => packerSeen.push(e.record));
    const live = nextRecord(s, (e) => e.collection === 'orders' && (e.record.shipping_address as Address | undefined)?.street === 'Obernstraße 2');
    const timeline = nextRecord(s, (e) => e.collection === 'order_events' && e.record.type === 'shipping_address_changed');
    const now = await order(placed.id);
    await edit(placed.id, now.version, { ...BERLIN, street: 'Obernstraße 2' });
    expect((await live).record).toMatchObject({ address_check_status: 'passed', version: now.version + 1 });
    expect((await timeline).record).toMatchObject({ actor: 'Olga Office', data: { after: expect.stringContaining('Obernstraße 2') } });
    await vi.waitFor(() => expect(packerSeen.some((r) => r.version === now.version + 1)).toBe(true));
    expect(JSON.stringify(packerSeen)).not.toMatch(/address|Obernstraße/);
  });
});

describe('F36 an external validation service behind the provider interface', () => {
  it('F36 the configured HTTP service is asked before the label; its refusal blocks; when it is down the embedded answer stands', async () => {
    const seen: { auth?: string; body: { address: Address } }[] = [];
    let answer: object = { status: 'failed', messages: [{ field: 'street', code: 'required', severity: 'error', message: 'Street unknown to the postal service.', params: {} }] };
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body: JSON.parse(body) });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/check`;
    setAddressProvider(httpProvider(url, { token: 'secret-token', timeoutMs: 2000 }));
    try {
      const o = await readyOrder([{ qty: 1 }]);
      const r = await refusal(ship(o));
      expect(r).toMatchObject({ key: 'addresses.errors.label_blocked' });
      expect(r.message).toContain('Street unknown to the postal service.');
      expect(seen[0]).toMatchObject({ auth: 'Bearer secret-token', body: { address: { street: 'Hauptstraße 1', postcode: '10115', country: 'DE' } } });
      expect((await order(o.order.id)).address_check).toMatchObject({ provider: 'http', status: 'failed' });

      answer = { status: 'passed' };
      await office.caller.addresses.recheck({ orderId: o.order.id });
      expect(await ship(o)).toMatchObject({ status: 'label_created' });

      // the service goes away: the embedded rules' answer stands, the label is not held up
      await new Promise((res) => server.close(res));
      const down = await readyOrder([{ qty: 1 }]);
      expect(await ship(down)).toMatchObject({ status: 'label_created' });
      expect((await order(down.order.id)).address_check).toMatchObject({ provider: 'embedded', status: 'passed' });
    } finally {
      setAddressProvider(null);
      server.close();
    }
  });
});
