// Shipping parcels (F21, F22, F06, F28) and Click & Collect (F23) through the real procedures
// and a real PocketBase: stock leaves with its ledger rows, and the order follows.
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderEventRecord } from '../../src/lib/server/pocketbase/records';
import { saveCourierSettings } from '../../src/lib/server/shipping/settings';
import { signedInCaller } from '../support/caller';
import { sensitiveKeys } from '../support/projection';
import { createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { clientId, lineRecords, orderRecord, outboxFor, readyOrder, shipmentRecord, stockAndLedger } from './shipping-fixtures';

usePocketBase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>['caller'];
let packer: Caller;
let office: Caller;
let packerId: string;

beforeAll(async () => {
  const p = await createStaff('packer');
  const o = await createStaff('office');
  packerId = p.staff.id;
  packer = (await signedInCaller(p.staff.email, p.password)).caller;
  office = (await signedInCaller(o.staff.email, o.password)).caller;
  await saveCourierSettings({ autoDeliveryEmail: true });
});

/** The refusal's message and i18n key. */
async function refusal(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(TRPCError);
  const cause = (e as TRPCError).cause as { key?: string; params?: Record<string, unknown> } | undefined;
  return { code: (e as TRPCError).code, message: (e as TRPCError).message, key: cause?.key, params: cause?.params };
}

const events = (orderId: string) => pb().collection('order_events').getFullList<OrderEventRecord>({ filter: `order = '${orderId}'`, sort: 'created' });

describe('a split order in two parcels', () => {
  it('ships part of each line, then the rest; stock and ledger move together and the order follows', async () => {
    const { order, lines, products } = await readyOrder([{ qty: 3 }, { qty: 2 }]);
    const [a, b] = lines;

    const first = await packer.shipping.createShipment({
      orderId: order.id,
      courier: 'sandbox',
      lines: [{ lineId: a.id, qty: 2 }, { lineId: b.id, qty: 1 }],
      clientId: clientId()
    });
    expect(first.status).toBe('label_created');
    expect(first.trackingNumber).toMatch(/^SB\d{9}PB$/);
    expect(first.labelError).toBeNull();
    expect((await orderRecord(order.id)).fulfilment_status).toBe('partially_shipped');
    expect((await lineRecords(order.id)).map((l) => l.shipped)).toEqual([2, 1]);
    expect(await stockAndLedger(products[0].id)).toEqual({ stock: { on_hand: 18, reserved: 1 }, ledger: { on_hand: 18, reserved: 1 }, shippedRows: 1 });
    expect(await stockAndLedger(products[1].id)).toEqual({ stock: { on_hand: 19, reserved: 1 }, ledger: { on_hand: 19, reserved: 1 }, shippedRows: 1 });

    const view = await packer.shipping.forOrder({ orderId: order.id });
    expect(view.lines.map((l) => [l.remaining, l.states])).toEqual([
      [1, { unfulfilled: 0, packed: 1, shipped: 2, delivered: 0, returned: 0 }],
      [1, { unfulfilled: 0, packed: 1, shipped: 1, delivered: 0, returned: 0 }]
    ]);
    expect(view.shipments[0].lines.map((l) => l.qty)).toEqual([2, 1]);
    // issue #12, finding 2: the packer's projection; office keeps the customer's address and link
    expect(sensitiveKeys(view)).toEqual([]);
    expect((await office.shipping.forOrder({ orderId: order.id })).order).toMatchObject({ email: order.email, trackingPath: `/track/${order.tracking_token}` });

    const second = await packer.shipping.createShipment({
      orderId: order.id,
      courier: 'manual',
      carrier: 'dhl',
      trackingNumber: '0034 0434 1610 9404 2557',
      lines: [{ lineId: a.id, qty: 1 }, { lineId: b.id, qty: 1 }],
      clientId: clientId()
    });
    expect(second).toMatchObject({ status: 'handed_over', trackingNumber: '00340434161094042557' });
    expect((await orderRecord(order.id)).fulfilment_status).toBe('shipped');
    for (const p of products) {
      const s = await stockAndLedger(p.id);
      expect(s.stock).toEqual(s.ledger);
      expect(s.stock.reserved).toBe(0);
      expect(s.shippedRows).toBe(2);
    }
    const manual = await shipmentRecord(second.shipmentId);
    expect(manual.tracking_url).toBe('https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161094042557');
    expect(manual.actor).toBe(packerId);
    expect((await events(order.id)).map((e) => e.type)).toEqual(expect.arrayContaining(['partially_shipped', 'shipped']));
  });

  it('refuses more than was picked, with a clear message, and changes nothing', async () => {
    const { order, lines, products } = await readyOrder([{ qty: 3, picked: 2 }], { fulfilment_status: 'partially_shipped' });
    const r = await refusal(packer.shipping.createShipment({ orderId: order.id, courier: 'sandbox', lines: [{ lineId: lines[0].id, qty: 3 }], clientId: clientId() }));
    expect(r).toMatchObject({ code: 'BAD_REQUEST', key: 'shipping.errors.too_many', params: { remaining: 2, picked: 2, requested: 3 } });
    expect(r.message).toBe(`At most 2 of ${lines[0].sku} ${lines[0].name} can go in this parcel (2 picked, 0 shipped), not 3.`);
    expect(await pb().collection('shipments').getFullList({ filter: `order = '${order.id}'` })).toHaveLength(0);
    expect((await stockAndLedger(products[0].id)).stock).toEqual({ on_hand: 20, reserved: 3 });
  });

  it('refuses more than remains after an earlier parcel', async () => {
    const { order, lines } = await readyOrder([{ qty: 2 }]);
    await packer.shipping.createShipment({ orderId: order.id, courier: 'sandbox', lines: [{ lineId: lines[0].id, qty: 1 }], clientId: clientId() });
    const r = await refusal(packer.shipping.createShipment({ orderId: order.id, courier: 'sandbox', lines: [{ lineId: lines[0].id, qty: 2 }], clientId: clientId() }));
    expect(r).toMatchObject({ key: 'shipping.errors.too_many', params: { remaining: 1, shipped: 1 } });
    expect((await lineRecords(order.id))[0].shipped).toBe(1);
  });

  it('refuses orders that are not packed, and Click & Collect orders', async () => {
    const picking = await readyOrder([{ qty: 1, picked: 0 }], { fulfilment_status: 'picking' });
    expect(await refusal(packer.shipping.createShipment({ orderId: picking.order.id, courier: 'sandbox', lines: [{ lineId: picking.lines[0].id, qty: 1 }], clientId: clientId() }))).toMatchObject({
      code: 'CONFLICT',
      key: 'shipping.errors.not_ready'
    });
    const collect = await readyOrder([{ qty: 1 }], { fulfilment_method: 'collect' });
    expect(await refusal(packer.shipping.createShipment({ orderId: collect.order.id, courier: 'sandbox', lines: [{ lineId: collect.lines[0].id, qty: 1 }], clientId: clientId() }))).toMatchObject({
      key: 'shipping.errors.is_collect'
    });
  });

  it('two parcels for the same last units at once: one ships them, the other is refused', async () => {
    const { order, lines, products } = await readyOrder([{ qty: 2 }]);
    const ship = () => packer.shipping.createShipment({ orderId: order.id, courier: 'sandbox', lines: [{ lineId: lines[0].id, qty: 2 }], clientId: clientId() });
    const results = await Promise.allSettled([ship(), ship()]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await lineRecords(order.id))[0].shipped).toBe(2);
    const s = await stockAndLedger(products[0].id);
    expect(s.stock).toEqual({ on_hand: 18, reserved: 0 });
    expect(s.ledger).toEqual(s.stock);
    expect((await orderRecord(order.id)).fulfilment_status).toBe('shipped');
  });

  it('a retried request (same client id) creates the parcel once', async () => {
    const { order, lines } = await readyOrder([{ qty: 2 }]);
    const id = clientId();
    const req = { orderId: order.id, courier: 'sandbox' as const, lines: [{ lineId: lines[0].id, qty: 1 }], clientId: id };
    const [a, b] = await Promise.all([packer.shipping.createShipment(req), packer.shipping.createShipment(req)]);
    expect(a.shipmentId).toBe(b.shipmentId);
    expect((await lineRecords(order.id))[0].shipped).toBe(1);
  });
});

describe('manual tracking numbers and the delivery e-mail (F20)', () => {
  it('warns about a number in the wrong format; the person may confirm it', async () => {
    const { order, lines } = await readyOrder([{ qty: 1 }], { locale: 'de' });
    const req = { orderId: order.id, courier: 'manual' as const, carrier: 'ups' as const, trackingNumber: '1Z12345', lines: [{ lineId: lines[0].id, qty: 1 }], clientId: clientId() };
    const r = await refusal(packer.shipping.createShipment(req));
    expect(r).toMatchObject({ code: 'BAD_REQUEST', key: 'shipping.errors.unusual_number', params: { carrier: 'UPS', example: '1Z999AA10123456784' } });
    expect((await orderRecord(order.id)).fulfilment_status).toBe('packed');

    const ok = await packer.shipping.createShipment({ ...req, allowUnusualNumber: true });
    const shipment = await shipmentRecord(ok.shipmentId);
    expect(shipment).toMatchObject({ carrier: 'ups', tracking_number: '1Z12345', tracking_url: 'https://www.ups.com/track?tracknum=1Z12345', status: 'handed_over' });
    expect(shipment.delivery_email_at).not.toBe('');
    const [mail] = await outboxFor(order.id, 'delivery');
    expect(mail.recipient).toBe(order.email);
    expect(mail.payload.locale).toBe('de');
    expect(mail.payload.data).toMatchObject({ orderId: order.id, shipmentId: ok.shipmentId, carrier: 'UPS', trackingNumber: '1Z12345', trackingUrl: 'https://www.ups.com/track?tracknum=1Z12345' });
  });

  it('without the automatic e-mail, the button sends it (office only)', async () => {
    await saveCourierSettings({ autoDeliveryEmail: false });
    try {
      const { order, lines } = await readyOrder([{ qty: 1 }]);
      const r = await packer.shipping.createShipment({ orderId: order.id, courier: 'manual', carrier: 'dpd', trackingNumber: '01234567890123', lines: [{ lineId: lines[0].id, qty: 1 }], clientId: clientId() });
      expect(await outboxFor(order.id, 'delivery')).toHaveLength(0);
      expect((await refusal(packer.shipping.sendDeliveryEmail({ shipmentId: r.shipmentId }))).code).toBe('FORBIDDEN');
      const sent = await office.shipping.sendDeliveryEmail({ shipmentId: r.shipmentId });
      expect(sent.to).toBe(order.email);
      expect(await outboxFor(order.id, 'delivery')).toHaveLength(1);
      expect((await events(order.id)).map((e) => e.type)).toContain('delivery_email_sent');
    } finally {
      await saveCourierSettings({ autoDeliveryEmail: true });
    }
  });

  it('a parcel without a tracking number cannot be e-mailed about', async () => {
    const { order, lines } = await readyOrder([{ qty: 1 }]);
    const r = await packer.shipping.createShipment({ orderId: order.id, courier: 'manual', carrier: 'other', lines: [{ lineId: lines[0].id, qty: 1 }], clientId: clientId() });
    expect(await refusal(office.shipping.sendDeliveryEmail({ shipmentId: r.shipmentId }))).toMatchObject({ key: 'shipping.errors.no_tracking_number' });
  });
});

describe('many orders at once (F28)', () => {
  it('ships each order that can ship and says why the others could not', async () => {
    const good = await readyOrder([{ qty: 2 }, { qty: 1 }]);
    const notPacked = await readyOrder([{ qty: 1, picked: 0 }], { fulfilment_status: 'unfulfilled' });
    const collect = await readyOrder([{ qty: 1 }], { fulfilment_method: 'collect' });
    const results = await packer.shipping.shipOrders({ orderIds: [good.order.id, notPacked.order.id, collect.order.id], courier: 'sandbox' });
    expect(results.map((r) => [r.number, r.ok, r.error?.key ?? null])).toEqual([
      [good.order.number, true, null],
      [notPacked.order.number, false, 'shipping.errors.not_ready'],
      [collect.order.number, false, 'shipping.errors.is_collect']
    ]);
    expect(results[0].trackingNumber).toMatch(/^SB/);
    expect((await orderRecord(good.order.id)).fulfilment_status).toBe('shipped');
    expect((await orderRecord(notPacked.order.id)).fulfilment_status).toBe('unfulfilled');
    for (const p of good.products) expect((await stockAndLedger(p.id)).stock.reserved).toBe(0);
  });

  it('the desk lists orders to ship, then parcels to hand over; hand-over is recorded', async () => {
    const { order } = await readyOrder([{ qty: 1 }]);
    let desk = await packer.shipping.desk();
    expect(desk.ready.find((o) => o.id === order.id)).toMatchObject({ units: 1, courier: 'sandbox' });
    const [r] = await packer.shipping.shipOrders({ orderIds: [order.id], courier: 'sandbox' });
    desk = await packer.shipping.desk();
    expect(desk.ready.find((o) => o.id === order.id)).toBeUndefined();
    expect(desk.waiting.find((s) => s.id === r.shipmentId)).toMatchObject({ number: order.number, status: 'label_created', courier: 'sandbox' });
    expect(await packer.shipping.handOver({ shipmentIds: [r.shipmentId!] })).toEqual([{ shipmentId: r.shipmentId, ok: true }]);
    const s = await shipmentRecord(r.shipmentId!);
    expect(s.status).toBe('handed_over');
    expect(s.shipped_at).not.toBe('');
    expect((await packer.shipping.desk()).waiting.find((x) => x.id === r.shipmentId)).toBeUndefined();
  });

  it('a voided label makes the parcel a draft again; a new label can be created', async () => {
    const { order, lines } = await readyOrder([{ qty: 1 }]);
    const r = await packer.shipping.createShipment({ orderId: order.id, courier: 'sandbox', lines: [{ lineId: lines[0].id, qty: 1 }], clientId: clientId() });
    await packer.shipping.cancelLabel({ shipmentId: r.shipmentId });
    expect(await shipmentRecord(r.shipmentId)).toMatchObject({ status: 'draft', tracking_number: '' });
    const [again] = await packer.shipping.createLabels({ shipmentIds: [r.shipmentId] });
    expect(again).toMatchObject({ ok: true, status: 'label_created' });
    expect(again.trackingNumber).not.toBe(r.trackingNumber);
    expect((await lineRecords(order.id))[0].shipped).toBe(1);
  });
});

describe('Click & Collect (F23)', () => {
  it('ready for pickup e-mails the customer; the scanned collection takes the stock and records who handed it over', async () => {
    const { order, lines, products } = await readyOrder([{ qty: 2 }, { qty: 1 }], { fulfilment_method: 'collect', shipping_address: null });
    expect(await refusal(packer.shipping.confirmCollection({ orderId: order.id, method: 'scan' }))).toMatchObject({ key: 'shipping.errors.collect_state' });

    await packer.shipping.readyForPickup({ orderId: order.id });
    expect((await orderRecord(order.id)).fulfilment_status).toBe('ready_for_pickup');
    const [mail] = await outboxFor(order.id, 'pickup_ready');
    expect(mail.payload.data).toEqual({ orderId: order.id });

    const found = await packer.shipping.findCollect({ code: String(order.number) });
    expect(found).toMatchObject({ id: order.id, fulfilmentStatus: 'ready_for_pickup', lines: [{ qty: 2 }, { qty: 1 }] });

    const done = await packer.shipping.confirmCollection({ orderId: order.id, method: 'scan' });
    expect(done).toMatchObject({ fulfilmentStatus: 'collected', units: 3 });
    expect((await lineRecords(order.id)).map((l) => l.shipped)).toEqual([2, 1]);
    for (const p of products) {
      const s = await stockAndLedger(p.id);
      expect(s.stock).toEqual(s.ledger);
      expect(s.stock.reserved).toBe(0);
    }
    expect((await stockAndLedger(products[0].id)).stock.on_hand).toBe(18);
    const collected = (await events(order.id)).find((e) => e.type === 'collected');
    expect(collected).toMatchObject({ actor: packerId, data: expect.objectContaining({ method: 'scan', units: 3 }) });
    // a second scan of the same order is refused and takes nothing
    expect(await refusal(packer.shipping.confirmCollection({ orderId: order.id, method: 'scan' }))).toMatchObject({ key: 'shipping.errors.collect_state' });
    expect((await lineRecords(order.id)).map((l) => l.shipped)).toEqual([2, 1]);
    void lines;
  });

  it('a code that is not an order is refused clearly', async () => {
    expect(await refusal(packer.shipping.findCollect({ code: 'hello' }))).toMatchObject({ key: 'shipping.errors.not_an_order_code' });
    expect(await refusal(packer.shipping.findCollect({ code: '987654321' }))).toMatchObject({ code: 'NOT_FOUND', key: 'shipping.errors.no_order_number' });
  });
});
