// F42 with F09/F28: surcharges paid by bank transfer, against a real PocketBase. A statement
// line naming the surcharge's invoice number (or the order's number, once the order's own
// total is paid) settles the surcharge through the import's review and confirmation; a wrong
// amount is left for the order page; the same statement again changes nothing; "Mark paid" in
// the payment queue settles the open surcharges of an order whose own total is paid.
import { beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { PaymentRecordFull } from '../../src/lib/server/pocketbase/records';
import type { MoneyOrder, SurchargeRecord } from '../../src/lib/server/refunds/records';
import { gzipBase64 } from '../support/payments';
import { signedInCaller } from '../support/caller';
import { createOrder, createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { setShop } from './documents-fixtures';

usePocketBase();

let manager: Awaited<ReturnType<typeof signedInCaller>>;
beforeAll(async () => {
  await setShop();
  const { staff, password } = await createStaff('manager');
  manager = await signedInCaller(staff.email, password);
});

const getOrder = (id: string) => pb().collection('orders').getOne<MoneyOrder>(id);
const paymentsOf = (id: string) => pb().collection('payments').getFullList<PaymentRecordFull>({ filter: `order = '${id}'`, sort: 'created' });
const surchargesOf = (id: string) => pb().collection('surcharges').getFullList<SurchargeRecord>({ filter: `order = '${id}'`, sort: 'created' });
const upload = (content: string) => manager.caller.payments.importStatement({ fileName: 'statement.csv', gzipBase64: gzipBase64(content) });
const euro = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
const inQueue = async (id: string) => (await manager.caller.payments.queue({ page: 1, perPage: 500 })).items.some((o) => o.id === id);

/** A shipped, paid transfer order (so it completes once nothing is owed) with one surcharge added. */
async function paidWithSurcharge(amountCents: number) {
  const { order } = await createOrder({ payment_method: 'online_banking', payment_status: 'paid', fulfilment_status: 'shipped', status: 'completed', total_cents: 4990, subtotal_cents: 4990 });
  await pb().collection('payments').create({ order: order.id, method: 'online_banking', amount_cents: 4990, currency: 'EUR', status: 'succeeded', provider: 'manual', bank_reference: `OWN-${order.number}` });
  const s = await manager.caller.refunds.addSurcharge({ orderId: order.id, kind: 'extra_work', reason: 'Gift wrapping', amountCents, taxRateBp: 1900 });
  return { order, surcharge: s };
}

const header = '"Buchungstag";"Wertstellung";"Name";"Verwendungszweck";"Betrag";"Bankreferenz"';

describe('F42 surcharge transfers in the statement import', () => {
  it('settles a surcharge named by its invoice number, once; a wrong amount waits for the order page', async () => {
    const a = await paidWithSurcharge(990);
    const b = await paidWithSurcharge(1500);
    // b's transfer: by the order number, but short
    const csv = [
      header,
      `"05.12.2026";"05.12.2026";"Anna Schäfer";"Nachberechnung ${a.surcharge.invoiceNumber}";"${euro(990)}";"SUR-1"`,
      `"05.12.2026";"05.12.2026";"Jürgen Weiß";"Bestellung ${b.order.number}";"${euro(1000)}";"SUR-2"`
    ].join('\r\n');
    const review = await upload(csv);
    expect(review.proposals.map((p) => [p.flag, p.due, p.order?.number, p.selectable, p.selected])).toEqual([
      ['match', 'surcharge', a.order.number, true, true],
      ['partial', 'surcharge', b.order.number, false, false]
    ]);
    expect(review.proposals[0].surcharge).toMatchObject({ id: a.surcharge.id, invoiceNumber: a.surcharge.invoiceNumber, amountCents: 990 });
    expect(await inQueue(a.order.id)).toBe(true);

    const chosen = review.proposals.filter((p) => p.selected);
    const results = await manager.caller.payments.confirmStatement({
      matches: chosen.map((p) => ({ orderId: p.order!.id, bankReference: p.line.bankReference, amountCents: p.line.amountCents, bookedOn: p.line.bookingDate, surchargeIds: p.surcharge ? [p.surcharge.id] : undefined }))
    });
    expect(results).toMatchObject([{ orderId: a.order.id, outcome: 'paid', surcharges: true }]);
    expect(await surchargesOf(a.order.id)).toMatchObject([{ status: 'paid', payment_reference: 'SUR-1' }]);
    expect(await getOrder(a.order.id)).toMatchObject({ surcharge_open_cents: 0, status: 'completed', payment_status: 'paid' });
    expect((await paymentsOf(a.order.id)).at(-1)).toMatchObject({ provider: 'bank_statement', bank_reference: 'SUR-1', amount_cents: 990 });
    expect(await inQueue(a.order.id)).toBe(false);
    const events = await pb().collection('order_events').getFullList<{ type: string }>({ filter: `order = '${a.order.id}'` });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['surcharge_paid', 'completed']));
    // b: nothing settled
    expect(await getOrder(b.order.id)).toMatchObject({ surcharge_open_cents: 1500 });

    // the same statement again: applied, nothing twice
    const again = await upload(csv);
    expect(again.proposals[0].flag).toBe('already_applied');
    const twice = await manager.caller.payments.confirmStatement({ matches: [{ orderId: a.order.id, bankReference: 'SUR-1', amountCents: 990, bookedOn: '2026-12-05', surchargeIds: [a.surcharge.id] }] });
    expect(twice[0].outcome).not.toBe('paid');
    expect(await paymentsOf(a.order.id)).toHaveLength(2);
  });

  it('"Mark paid" in the payment queue pays the open surcharges of an order whose own total is paid', async () => {
    const { order } = await paidWithSurcharge(700);
    const r = await manager.caller.payments.markPaid({ orderId: order.id, bankReference: 'TRANSFER-77' });
    expect(r).toMatchObject({ outcome: 'paid', surcharges: true });
    expect(await getOrder(order.id)).toMatchObject({ surcharge_open_cents: 0, status: 'completed' });
    expect(await surchargesOf(order.id)).toMatchObject([{ status: 'paid', payment_reference: 'TRANSFER-77' }]);
    // and again: nothing is open any more
    await expect(manager.caller.payments.markPaid({ orderId: order.id, bankReference: 'TRANSFER-78' })).rejects.toThrow(/already paid/);
  });
});
