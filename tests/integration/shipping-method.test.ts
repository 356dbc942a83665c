// F42 (#13 point 5): changing an open order's shipping method (ship ↔ Click & Collect, another
// courier) against a real PocketBase: the fee difference changes an open order's total, becomes a
// surcharge with its own invoice on a paid order, or a creditable amount; the courier desk follows;
// a shipped, cancelled or stale order is refused and nothing changes; two people at once: one wins.
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeTotals } from '../../src/lib/documents/tax';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderRecord } from '../../src/lib/server/pocketbase/records';
import type { MoneyOrder, SurchargeRecord } from '../../src/lib/server/refunds/records';
import { formatInvoiceNumber, yearIn } from '../../src/lib/server/documents/invoice-number';
import { signedInCaller } from '../support/caller';
import { createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { invoiceCounter, setShop } from './documents-fixtures';
import { readyOrder } from './shipping-fixtures';

usePocketBase();

let office: Awaited<ReturnType<typeof signedInCaller>>;
beforeAll(async () => {
  await setShop();
  const { staff, password } = await createStaff('office');
  office = await signedInCaller(staff.email, password);
});

const getOrder = (id: string) => pb().collection('orders').getOne<MoneyOrder & { courier: string }>(id);
const eventsOf = (id: string, type: string) => pb().collection('order_events').getFullList<{ type: string; data: Record<string, unknown> }>({ filter: `order = '${id}' && type = '${type}'` });
const surchargesOf = (id: string) => pb().collection('surcharges').getFullList<SurchargeRecord>({ filter: `order = '${id}'` });
const rejection = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as TRPCError);

/** A packed two-line order (2 × 12,00 €, 1 × 9,90 €) with consistent totals at the given shipping fee. */
async function order(overrides: Partial<OrderRecord>, shippingCents: number) {
  const made = await readyOrder([{ qty: 2 }, { qty: 1 }], overrides);
  const prices = [1200, 990];
  const uow = made.lines.map((l, i) => pb().collection('order_lines').update(l.id, { unit_price_cents: prices[i], tax_rate_bp: 1900 }));
  await Promise.all(uow);
  const totals = computeTotals(made.lines.map((l, i) => ({ sku: l.sku, name: l.name, qty: l.qty, unitPriceCents: prices[i], taxRateBp: 1900 })), shippingCents);
  await pb().collection('orders').update(made.order.id, {
    subtotal_cents: totals.itemsCents, shipping_cents: shippingCents, total_cents: totals.totalCents, tax_cents: totals.taxes.reduce((s, t) => s + t.taxCents, 0)
  });
  return getOrder(made.order.id);
}

describe('F42 shipping method change on an open order', () => {
  it('changes an unpaid order\'s shipping and total directly, and the courier desk lists it for collection', async () => {
    const o = await order({ payment_status: 'unpaid', payment_method: 'online_banking' }, 495);
    expect(o.total_cents).toBe(2 * 1200 + 990 + 495);
    const fees = await office.caller.shipping.methodFees({ orderId: o.id });
    expect(fees).toMatchObject({ ship: 495, collect: 0, currency: 'EUR' });
    expect(fees.couriers).toContain('manual');

    const r = await office.caller.shipping.changeMethod({ orderId: o.id, version: o.version, method: 'collect', reason: 'Customer lives next door' });
    expect(r).toMatchObject({ path: 'adjust', feeCents: 0, diffCents: -495 });
    const after = await getOrder(o.id);
    expect(after).toMatchObject({ fulfilment_method: 'collect', shipping_cents: 0, total_cents: 3390, version: r.version, surcharge_cents: 0 });
    const [event] = await eventsOf(o.id, 'shipping_method_changed');
    expect(event.data).toMatchObject({ method_before: 'ship', method_after: 'collect', fee_before: 495, fee_after: 0, total_before: 3885, total_after: 3390, money: 'adjust', reason: 'Customer lives next door' });
    const desk = await office.caller.shipping.desk();
    expect(desk.pickups.map((p) => p.id)).toContain(o.id);
    expect(desk.ready.map((p) => p.id)).not.toContain(o.id);
  });

  it('makes a surcharge with the next invoice number when a paid collect order is to be shipped after all', async () => {
    const o = await order({ payment_status: 'paid', payment_method: 'card', fulfilment_method: 'collect', fulfilment_status: 'ready_for_pickup', shipping_address: null }, 0);
    // no address yet: refused by name, nothing changes
    const noAddress = await rejection(office.caller.shipping.changeMethod({ orderId: o.id, version: o.version, method: 'ship' }));
    expect(noAddress?.message).toMatch(/no address to ship to/);
    expect((await getOrder(o.id)).version).toBe(o.version);

    await pb().collection('orders').update(o.id, { billing_address: { name: 'Ada Weber', street: 'Lindenstraße 4', postcode: '28195', city: 'Bremen', country: 'DE' } });
    const now = await getOrder(o.id);
    const before = await invoiceCounter();
    const r = await office.caller.shipping.changeMethod({ orderId: o.id, version: now.version, method: 'ship', courier: 'manual' });
    expect(r).toMatchObject({ path: 'surcharge', feeCents: 495, diffCents: 495, invoiceNumber: formatInvoiceNumber(yearIn('Europe/Berlin', new Date()), before + 1) });
    expect(await invoiceCounter()).toBe(before + 1);
    const after = await getOrder(o.id);
    // the paid total stays; the surcharge is owed on top, and the packed goods go back to the courier desk
    expect(after).toMatchObject({ fulfilment_method: 'ship', fulfilment_status: 'packed', courier: 'manual', total_cents: now.total_cents, shipping_cents: 0, surcharge_open_cents: 495, address_check_status: 'passed' });
    expect(after.shipping_address).toMatchObject({ street: 'Lindenstraße 4', city: 'Bremen' });
    expect(await surchargesOf(o.id)).toMatchObject([{ kind: 'shipping_change', amount_cents: 495, tax_rate_bp: 1900, status: 'open', invoice_number: r.invoiceNumber }]);
    const [event] = await eventsOf(o.id, 'shipping_method_changed');
    expect(event.data).toMatchObject({ method_after: 'ship', courier_after: 'manual', money: 'surcharge', invoice_number: r.invoiceNumber });
    expect(await pb().collection('outbox').getFullList({ filter: `order = '${o.id}' && topic = 'surcharge_due'` })).toHaveLength(1);
    // the desk groups it under the chosen courier
    const desk = await office.caller.shipping.desk();
    expect(desk.ready.find((x) => x.id === o.id)).toMatchObject({ courier: 'manual' });
    const queue = await office.caller.payments.queue({ page: 1, perPage: 500 });
    expect(queue.items.find((x) => x.id === o.id)).toMatchObject({ owed_cents: 495 });
  });

  it('records a paid order\'s cheaper method as creditable, and a manager can credit that shipping', async () => {
    const o = await order({ payment_status: 'paid', payment_method: 'card' }, 495);
    const r = await office.caller.shipping.changeMethod({ orderId: o.id, version: o.version, method: 'collect' });
    expect(r).toMatchObject({ path: 'credit', diffCents: -495 });
    const after = await getOrder(o.id);
    expect(after).toMatchObject({ fulfilment_method: 'collect', total_cents: o.total_cents, shipping_cents: 495, surcharge_cents: 0 });
    const [event] = await eventsOf(o.id, 'shipping_method_changed');
    expect(event.data).toMatchObject({ money: 'credit', credit_due_cents: 495 });
    const { staff, password } = await createStaff('manager');
    const manager = await signedInCaller(staff.email, password);
    const note = await manager.caller.refunds.issueCreditNote({ orderId: o.id, shippingCents: 495, reason: 'Collected instead of shipped' });
    expect(note.number).toMatch(/^GS-/);
  });

  it('changes only the courier at the same fee', async () => {
    const o = await order({ payment_status: 'paid' }, 495);
    const r = await office.caller.shipping.changeMethod({ orderId: o.id, version: o.version, method: 'ship', courier: 'manual' });
    expect(r).toMatchObject({ path: 'none', diffCents: 0 });
    expect(await getOrder(o.id)).toMatchObject({ courier: 'manual', shipping_cents: 495, total_cents: o.total_cents });
    // the same again: nothing to change, said by name
    const again = await rejection(office.caller.shipping.changeMethod({ orderId: o.id, version: r.version, method: 'ship', courier: 'manual' }));
    expect(again?.message).toMatch(/Nothing to change/);
  });

  it('refuses a shipped, a cancelled or a stale order and changes nothing', async () => {
    const shipped = await order({ payment_status: 'paid', fulfilment_status: 'shipped' }, 495);
    const cancelled = await order({ status: 'cancelled', payment_status: 'unpaid' }, 495);
    const stale = await order({ payment_status: 'unpaid' }, 495);
    for (const [o, message] of [[shipped, /can no longer be changed/], [cancelled, /can no longer be changed/], [stale, /changed this order in the meantime/]] as const) {
      const version = o.id === stale.id ? o.version - 1 : o.version;
      const e = await rejection(office.caller.shipping.changeMethod({ orderId: o.id, version, method: 'collect' }));
      expect(e?.code).toBe('CONFLICT');
      expect(e?.message).toMatch(message);
      const now = await getOrder(o.id);
      expect(now).toMatchObject({ fulfilment_method: 'ship', total_cents: o.total_cents, version: o.version });
      expect(await eventsOf(o.id, 'shipping_method_changed')).toHaveLength(0);
    }
    const bad = await rejection(office.caller.shipping.changeMethod({ orderId: stale.id, version: stale.version, method: 'collect', feeCents: -5 }));
    expect(bad?.code).toBe('BAD_REQUEST');
    expect(bad?.message).toMatch(/fee cannot be negative/);
  });

  it('lets one of two people changing the same version at once win; the other is told and nothing doubles', async () => {
    const o = await order({ payment_status: 'paid', payment_method: 'card', fulfilment_method: 'collect', shipping_address: { name: 'Jo', street: 'Am Markt 2', postcode: '20095', city: 'Hamburg', country: 'DE' } }, 0);
    const before = await invoiceCounter();
    const results = await Promise.allSettled([
      office.caller.shipping.changeMethod({ orderId: o.id, version: o.version, method: 'ship' }),
      office.caller.shipping.changeMethod({ orderId: o.id, version: o.version, method: 'ship', courier: 'manual' })
    ]);
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((x) => x.status === 'rejected') as PromiseRejectedResult;
    expect(String(lost.reason.message)).toMatch(/changed this order in the meantime/);
    expect(await surchargesOf(o.id)).toHaveLength(1);
    expect(await invoiceCounter()).toBe(before + 1);
    expect(await getOrder(o.id)).toMatchObject({ surcharge_open_cents: 495, fulfilment_method: 'ship' });
    expect(await eventsOf(o.id, 'shipping_method_changed')).toHaveLength(1);
  });
});
