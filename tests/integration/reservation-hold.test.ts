// The stock hold of unpaid web orders (#12 finding 3, with F10): after its payment method's
// hours the reservation goes back on the shelf (ledger 'hold_expired', timeline), the order stays
// open and is not picked; paying renews the hold when the stock is there, says once when it is
// not; a payment racing the release leaves stock and order consistent either way.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { placeWebOrder } from '../../src/lib/server/orders/place';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderEventRecord, OrderRecord, PaymentMethod, ProductRecord } from '../../src/lib/server/pocketbase/records';
import { releaseHold, runReservationHold } from '../../src/lib/server/payments/reservation-hold';
import { DEFAULT_PAYMENT_SETTINGS, savePaymentSettings } from '../../src/lib/server/payments/settings';
import { pickQueueFilter } from '../../src/lib/server/picking/views';
import { signedInCaller } from '../support/caller';
import { createStaff, createStockedProduct } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>;
let manager: Caller;
beforeAll(async () => {
  const m = await createStaff('manager');
  manager = await signedInCaller(m.staff.email, m.password);
});
afterEach(async () => {
  await savePaymentSettings(DEFAULT_PAYMENT_SETTINGS);
});

const NOW = new Date();
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

async function webOrder(product: ProductRecord, method: PaymentMethod, placedHoursAgo: number, qty = 2) {
  const s = await placeWebOrder({
    idempotencyKey: randomUUID(),
    name: 'Greta Hoffmann',
    email: 'greta@example.de',
    fulfilmentMethod: 'collect',
    paymentMethod: method as 'card' | 'online_banking' | 'cheque',
    locale: 'de',
    lines: [{ productId: product.id, qty }]
  });
  return pb().collection('orders').update<OrderRecord>(s.id, { placed_at: hoursAgo(placedHoursAgo).toISOString() });
}
const stock = async (p: ProductRecord) => pb().collection('products').getOne<ProductRecord>(p.id);
const order = (id: string) => pb().collection('orders').getOne<OrderRecord>(id);
const events = (id: string, type: string) => pb().collection('order_events').getFullList<OrderEventRecord>({ filter: `order = '${id}' && type = '${type}'` });
const pickable = async (id: string) => (await pb().collection('orders').getFullList({ filter: `id = '${id}' && ${pickQueueFilter()}` })).length === 1;
const markPaid = (o: OrderRecord) => manager.caller.payments.markPaid({ orderId: o.id, bankReference: `REF-${o.number}` });

describe('#12 finding 3: the stock hold of unpaid web orders (F10)', () => {
  it('releases only web orders past their method hours: stock back, ledger row, timeline; the order stays open', async () => {
    const product = await createStockedProduct(50);
    const dueTransfer = await webOrder(product, 'online_banking', 73);
    const freshTransfer = await webOrder(product, 'online_banking', 70);
    const dueCard = await webOrder(product, 'card', 3);
    const freshCard = await webOrder(product, 'card', 1);
    expect((await stock(product)).reserved).toBe(8);

    const run = await runReservationHold(NOW);
    expect(run.released.sort()).toEqual([dueTransfer.number, dueCard.number].sort());
    expect((await stock(product)).reserved).toBe(4);
    for (const o of [dueTransfer, dueCard]) expect(await order(o.id)).toMatchObject({ status: 'placed', payment_status: 'unpaid', hold_released: true });
    for (const o of [freshTransfer, freshCard]) expect((await order(o.id)).hold_released).toBe(false);
    const ledger = await pb().collection('stock_movements').getFullList({ filter: `order = '${dueCard.id}' && reason = 'hold_expired'` });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ delta_reserved: -2 });
    const [ev] = await events(dueCard.id, 'reservation_released');
    expect(ev).toMatchObject({ actor_label: 'scheduler', data: { hours: 2, method: 'card' } });
    // a second run finds nothing more to do
    expect((await runReservationHold(NOW)).released).toEqual([]);
    expect((await stock(product)).reserved).toBe(4);
  });

  it('leaves phone orders and methods without a hold alone, and follows the settings', async () => {
    const product = await createStockedProduct(20);
    const transfer = await webOrder(product, 'online_banking', 73);
    await pb().collection('orders').update(transfer.id, { channel: 'phone' });
    const cheque = await webOrder(product, 'cheque', 100);
    await savePaymentSettings({ ...DEFAULT_PAYMENT_SETTINGS, reservationHold: { ...DEFAULT_PAYMENT_SETTINGS.reservationHold, cheque: { enabled: true, hours: 96 } } });
    const run = await runReservationHold(NOW);
    expect(run.released).toEqual([cheque.number]);
    expect((await order(transfer.id)).hold_released).toBe(false);
  });

  it('paying a released order reserves its stock again and makes it pickable', async () => {
    const product = await createStockedProduct(10);
    const o = await webOrder(product, 'online_banking', 80, 3);
    await runReservationHold(NOW);
    expect((await stock(product)).reserved).toBe(0);
    await markPaid(o);
    expect(await pickable(o.id)).toBe(false); // paid, but holds nothing yet
    const run = await runReservationHold(NOW);
    expect(run.renewed).toEqual([o.number]);
    expect((await stock(product)).reserved).toBe(3);
    expect(await order(o.id)).toMatchObject({ payment_status: 'paid', hold_released: false });
    expect(await pickable(o.id)).toBe(true);
    expect(await events(o.id, 'reservation_renewed')).toHaveLength(1);
  });

  it('when the stock went to someone else: the paid order says so once, is not picked, and is renewed when stock arrives', async () => {
    const product = await createStockedProduct(4);
    const slow = await webOrder(product, 'online_banking', 80, 3);
    await runReservationHold(NOW);
    const fast = await webOrder(product, 'card', 0, 3);
    await markPaid(slow);
    expect((await runReservationHold(NOW)).short).toEqual([slow.number]);
    expect((await runReservationHold(NOW)).short).toEqual([slow.number]);
    expect(await events(slow.id, 'reservation_short')).toHaveLength(1);
    expect(await pickable(slow.id)).toBe(false);
    expect((await stock(product)).reserved).toBe(3);
    // goods in: now both fit
    await manager.caller.stock.receive({ idempotencyKey: randomUUID(), supplierRef: 'delivery', lines: [{ productId: product.id, qty: 5 }] });
    expect((await runReservationHold(NOW)).renewed).toEqual([slow.number]);
    expect((await stock(product)).reserved).toBe(6);
    expect(fast.hold_released).toBe(false);
  });

  it('a payment racing the release: whichever wins, the stock reserved matches what the order holds', async () => {
    for (let round = 0; round < 4; round++) {
      const product = await createStockedProduct(10);
      const o = await webOrder(product, 'online_banking', 80, 2);
      await Promise.all([releaseHold(o, 72), markPaid(o)]);
      const now = await order(o.id);
      expect(now.payment_status).toBe('paid');
      expect((await stock(product)).reserved).toBe(now.hold_released ? 0 : 2);
      await runReservationHold(NOW);
      expect(await order(o.id)).toMatchObject({ hold_released: false });
      expect((await stock(product)).reserved).toBe(2);
    }
  });

  it('a released order: amending is refused with a clear message, cancelling releases nothing twice, office may renew by hand', async () => {
    const product = await createStockedProduct(10);
    const a = await webOrder(product, 'online_banking', 80, 2);
    const b = await webOrder(product, 'online_banking', 80, 2);
    await runReservationHold(NOW);
    const fresh = await order(a.id);
    const refused = await manager.caller.orders.amend({ orderId: a.id, version: fresh.version, lines: [{ productId: product.id, qty: 3 }] }).catch((e) => e);
    expect(refused.cause?.key).toBe('payments.hold.released');
    await manager.caller.orders.cancel({ orderId: a.id, version: fresh.version, reason: 'customer changed their mind' });
    expect((await stock(product)).reserved).toBe(0);
    expect(await manager.caller.payments.renewHold({ orderId: b.id })).toEqual({ result: 'renewed' });
    expect((await stock(product)).reserved).toBe(2);
  });
});
