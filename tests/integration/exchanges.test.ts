// F40 exchanges through the real procedures and a real PocketBase: the new items are reserved
// at once, refused whole when out of stock, a double tap is one exchange, two exchanges racing
// for the last unit: one wins; the order is back on the pick queue; a dearer item adds a surcharge.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import { pickQueueFilter } from '../../src/lib/server/picking/views';
import { signedInCaller } from '../support/caller';
import { createStaff, createStockedProduct } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { clientId, lineRecords, orderRecord, outboxFor, readyOrder, stockAndLedger } from './shipping-fixtures';
import { renderEmail } from '../../src/lib/server/mail/templates/registry';
import { stockInvariantViolations } from './stock-invariants';
import { setShop } from './documents-fixtures';
import { sensitiveKeys } from '../support/projection';

usePocketBase();

let office: Awaited<ReturnType<typeof signedInCaller>>;
let packer: Awaited<ReturnType<typeof signedInCaller>>;
beforeAll(async () => {
  await setShop();
  const o = await createStaff('office');
  office = await signedInCaller(o.staff.email, o.password);
  const p = await createStaff('packer');
  packer = await signedInCaller(p.staff.email, p.password);
});

async function shippedOrder() {
  const made = await readyOrder([{ qty: 1 }], { payment_status: 'paid', total_cents: 1990 });
  await office.caller.shipping.createShipment({ orderId: made.order.id, courier: 'manual', carrier: 'dhl', trackingNumber: '00340434161094042557', lines: made.lines.map((l) => ({ lineId: l.id, qty: l.qty })), clientId: clientId() });
  return { ...made, lines: await lineRecords(made.order.id) };
}

const exchange = (orderId: string, lineId: string, productId: string, key = randomUUID()) =>
  office.caller.returns.exchange({ orderId, key, lines: [{ lineId, qty: 1, reason: 'wrong_item' as const }], items: [{ productId, qty: 1 }] });

describe('F40 exchanges', () => {
  it('F40 reserves the new item at once and puts the order back on the pick queue', async () => {
    const { order, lines } = await shippedOrder();
    const other = await createStockedProduct(3);
    const r = await exchange(order.id, lines[0].id, other.id);
    expect(r.duplicate).toBe(false);
    expect((await stockAndLedger(other.id))).toMatchObject({ stock: { reserved: 1 }, ledger: { reserved: 1 } });
    const now = await lineRecords(order.id);
    expect(now.find((l) => l.product === other.id)).toMatchObject({ qty: 1, picked: 0, shipped: 0, exchange_return: r.returnId });
    const queue = await pb().collection('orders').getFullList({ filter: `${pickQueueFilter()} && id = '${order.id}'` });
    expect(queue).toHaveLength(1);
    const mails = await outboxFor(order.id, 'exchange_on_its_way');
    expect(mails).toHaveLength(1);
    for (const locale of ['en', 'de'] as const) {
      const m = await renderEmail({ topic: 'exchange_on_its_way', locale, data: { orderId: order.id, returnId: r.returnId } });
      expect(m.text).toContain(other.sku);
    }
    const ev = await pb().collection('order_events').getFullList<{ type: string; data: { difference: number } }>({ filter: `order = '${order.id}' && type = 'exchange_created'` });
    expect(ev).toHaveLength(1);
    expect(await stockInvariantViolations()).toEqual([]);
  });

  it('F40 refuses an out-of-stock item and writes nothing', async () => {
    const { order, lines } = await shippedOrder();
    const none = await createStockedProduct(0);
    const e = await exchange(order.id, lines[0].id, none.id).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(TRPCError);
    expect((e as TRPCError).message).toContain(none.name);
    expect(await pb().collection('returns').getFullList({ filter: `order = '${order.id}'` })).toEqual([]);
    expect(await lineRecords(order.id)).toHaveLength(1);
    expect((await orderRecord(order.id)).fulfilment_status).toBe('shipped');
  });

  it('F40 a double tap is one exchange', async () => {
    const { order, lines } = await shippedOrder();
    const other = await createStockedProduct(3);
    const key = randomUUID();
    const [a, b] = await Promise.all([exchange(order.id, lines[0].id, other.id, key), exchange(order.id, lines[0].id, other.id, key)]);
    expect(a.returnId).toBe(b.returnId);
    expect((await lineRecords(order.id)).filter((l) => l.product === other.id)).toHaveLength(1);
    expect(await stockAndLedger(other.id)).toMatchObject({ stock: { reserved: 1 }, ledger: { reserved: 1 } });
  });

  it('F40 two exchanges racing for the last unit: one wins', async () => {
    const [x, y] = await Promise.all([shippedOrder(), shippedOrder()]);
    const last = await createStockedProduct(1);
    const results = await Promise.allSettled([exchange(x.order.id, x.lines[0].id, last.id), exchange(y.order.id, y.lines[0].id, last.id)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await stockAndLedger(last.id)).toMatchObject({ stock: { reserved: 1 }, ledger: { reserved: 1 } });
    expect(await stockInvariantViolations()).toEqual([]);
    // all-or-nothing: the loser's order holds no return, no new line and no event of it
    const loser = results[0].status === 'rejected' ? x : y;
    const lost = (results[0].status === 'rejected' ? results[0] : results[1]) as PromiseRejectedResult;
    expect(String(lost.reason.message)).toMatch(/available|not enough|Only/i);
    expect(await pb().collection('returns').getFullList({ filter: `order = '${loser.order.id}'` })).toEqual([]);
    expect(await lineRecords(loser.order.id)).toHaveLength(1);
    expect(await orderRecord(loser.order.id)).toMatchObject({ fulfilment_status: 'shipped', open_returns: 0 });
    const events = await pb().collection('order_events').getFullList<{ type: string }>({ filter: `order = '${loser.order.id}'` });
    expect(events.map((e) => e.type)).not.toEqual(expect.arrayContaining(['return_requested']));
  });

  it('F40 F42 two dearer exchanges at once: each takes its surcharge and its own invoice number in the same unit', async () => {
    const [x, y] = await Promise.all([shippedOrder(), shippedOrder()]);
    const dear = await createStockedProduct(5, { price_cents: x.lines[0].unit_price_cents + 700 });
    const [a, b] = await Promise.all([exchange(x.order.id, x.lines[0].id, dear.id), exchange(y.order.id, y.lines[0].id, dear.id)]);
    const surcharges = await pb().collection('surcharges').getFullList<{ id: string; invoice_number: string; amount_cents: number }>({ filter: `order = '${x.order.id}' || order = '${y.order.id}'` });
    expect(surcharges.map((s) => s.id).sort()).toEqual([a.surchargeId, b.surchargeId].sort());
    expect(new Set(surcharges.map((s) => s.invoice_number)).size).toBe(2);
    expect(surcharges.every((s) => s.amount_cents === 700)).toBe(true);
    for (const o of [x, y]) expect(await orderRecord(o.order.id)).toMatchObject({ fulfilment_status: 'picking', surcharge_open_cents: 700, open_returns: 1 });
  });

  it('F40 a dearer item adds a surcharge for the difference', async () => {
    const { order, lines } = await shippedOrder();
    const dear = await createStockedProduct(3, { price_cents: lines[0].unit_price_cents + 500 });
    const r = await exchange(order.id, lines[0].id, dear.id);
    expect(r.differenceCents).toBe(500);
    expect(r.surchargeId).toBeTruthy();
    const o = await orderRecord(order.id);
    // the surcharge is owed separately: the exchange is still picked and shipped meanwhile
    expect(o).toMatchObject({ status: 'placed', payment_status: 'paid', fulfilment_status: 'picking' });
  });

  it('F40 a cheaper item: no surcharge, the creditable difference is on the timeline', async () => {
    const { order, lines } = await shippedOrder();
    const cheap = await createStockedProduct(3, { price_cents: Math.max(1, lines[0].unit_price_cents - 300) });
    const r = await exchange(order.id, lines[0].id, cheap.id);
    expect(r.differenceCents).toBeLessThan(0);
    expect(r.surchargeId).toBeUndefined();
    expect(await pb().collection('surcharges').getFullList({ filter: `order = '${order.id}'` })).toEqual([]);
    const [ev] = await pb().collection('order_events').getFullList<{ data: { creditable: number } }>({ filter: `order = '${order.id}' && type = 'exchange_created'` });
    expect(ev.data.creditable).toBe(-r.differenceCents);
  });

  it('F40 the exchange line is on the pick queue, picked by scanning, and shipped in a new parcel', async () => {
    const { order, lines } = await shippedOrder();
    const { ean13 } = await import('../../scripts/lib/demo-data.js');
    const ean = ean13(`21${String(Date.now() % 1e10).padStart(10, '0')}`);
    const other = await createStockedProduct(2, { gtins: [`0${ean}`] });
    await exchange(order.id, lines[0].id, other.id);
    const queue = await packer.caller.pack.queue();
    expect(JSON.stringify(queue)).toContain(order.id);
    const view = await packer.caller.pack.order({ id: order.id });
    expect(sensitiveKeys(view)).toEqual([]);
    expect(JSON.stringify(view)).toContain(other.sku);
    // the tablet marks the exchange line; the original line is not one
    expect(view.lines.map((l) => [l.sku, l.exchange])).toEqual(expect.arrayContaining([[other.sku, true], [lines[0].sku, false]]));
    await packer.caller.pack.pick({ orderId: order.id, code: ean, clientScanId: `x-${randomUUID()}` });
    const picked = (await lineRecords(order.id)).find((l) => l.product === other.id)!;
    expect(picked.picked).toBe(1);
    await office.caller.shipping.createShipment({ orderId: order.id, courier: 'manual', carrier: 'dhl', trackingNumber: '00340434161094042557', lines: [{ lineId: picked.id, qty: 1 }], clientId: clientId() });
    expect((await lineRecords(order.id)).find((l) => l.id === picked.id)!.shipped).toBe(1);
    expect(await stockAndLedger(other.id)).toMatchObject({ stock: { on_hand: 1, reserved: 0 }, ledger: { on_hand: 1, reserved: 0 } });
    expect(await stockInvariantViolations()).toEqual([]);
  });
});
