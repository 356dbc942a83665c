// Bank statement import (F09, F28): CSV and CAMT.053 files become proposed matches, the
// manager confirms them in one step, and the orders are paid with the bank's references.
import { beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderRecord, PaymentRecordFull } from '../../src/lib/server/pocketbase/records';
import { camt053Sample } from '../support/statements/camt053-sample';
import { gzipBase64 } from '../support/payments';
import { signedInCaller } from '../support/caller';
import { createOrder, createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

let manager: Awaited<ReturnType<typeof signedInCaller>>;
beforeAll(async () => {
  const { staff, password } = await createStaff('manager');
  manager = await signedInCaller(staff.email, password);
});

const order = (total: number, over: Partial<OrderRecord> = {}) => createOrder({ total_cents: total, subtotal_cents: total, ...over }).then((r) => r.order);
const getOrder = (id: string) => pb().collection('orders').getOne<OrderRecord>(id);
const paymentsOf = (id: string) => pb().collection('payments').getFullList<PaymentRecordFull>({ filter: `order = '${id}'` });
const upload = (content: string, fileName = 'statement.csv') => manager.caller.payments.importStatement({ fileName, gzipBase64: gzipBase64(content) });
const euro = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

describe('a German CSV statement', () => {
  it('proposes matches, flags the rest, and pays the confirmed orders with the bank references', async () => {
    const exact = await order(4990);
    const partial = await order(10000);
    const over = await order(1500);
    const paidBefore = await order(2000);
    await manager.caller.payments.markPaid({ orderId: paidBefore.id, bankReference: 'BANK-OLD' });
    const csv = [
      '\uFEFF"Buchungstag";"Wertstellung";"Name";"Verwendungszweck";"Betrag";"Bankreferenz"',
      `"03.03.2025";"03.03.2025";"Anna Schäfer";"Bestellung ${exact.number}";"${euro(4990)}";"BANK-1"`,
      `"03.03.2025";"03.03.2025";"Jürgen Weiß";"Best. ${partial.number} Teilzahlung";"${euro(6000)}";"BANK-2"`,
      `"04.03.2025";"04.03.2025";"Zofia Wójcik";"Order #${over.number}";"${euro(2000)}";"BANK-3"`,
      `"04.03.2025";"04.03.2025";"Anna Schäfer";"Bestellung ${exact.number}";"${euro(4990)}";"BANK-1"`,
      `"04.03.2025";"04.03.2025";"Greta Hoffmann";"Bestellung ${paidBefore.number}";"${euro(2000)}";"BANK-OLD"`,
      `"05.03.2025";"05.03.2025";"Unbekannt";"Spende";"10,00";"BANK-5"`,
      `"05.03.2025";"05.03.2025";"Stadtwerke";"Abschlag";"-80,00";"BANK-6"`
    ].join('\r\n');
    const review = await upload(csv);
    expect(review.format).toBe('csv');
    expect(review.proposals.map((p) => [p.line.line, p.flag, p.order?.number ?? null, p.selected])).toEqual([
      [2, 'match', exact.number, true],
      [3, 'partial', partial.number, false],
      [4, 'overpayment', over.number, false],
      [5, 'duplicate_in_file', exact.number, false],
      [6, 'already_applied', paidBefore.number, false],
      [7, 'unmatched', null, false],
      [8, 'debit', null, false]
    ]);
    expect(review.proposals[1].differenceCents).toBe(-4000);
    expect(review.counts).toMatchObject({ match: 1, partial: 1, overpayment: 1 });
    // nothing is paid by looking
    expect((await getOrder(exact.id)).payment_status).toBe('unpaid');

    // the manager ticks the clean match and accepts the overpayment
    const chosen = review.proposals.filter((p) => p.selected || p.flag === 'overpayment');
    const results = await manager.caller.payments.confirmStatement({
      matches: chosen.map((p) => ({ orderId: p.order!.id, bankReference: p.line.bankReference, amountCents: p.line.amountCents, bookedOn: p.line.bookingDate }))
    });
    expect(results.map((r) => [r.number, r.outcome])).toEqual([
      [exact.number, 'paid'],
      [over.number, 'paid']
    ]);
    expect(await paymentsOf(exact.id)).toMatchObject([{ provider: 'bank_statement', bank_reference: 'BANK-1', amount_cents: 4990, provider_event_at: '2025-03-02 23:00:00.000Z', actor: manager.session.staff.id }]);
    expect(await paymentsOf(over.id)).toMatchObject([{ amount_cents: 2000 }]);
    expect((await getOrder(partial.id)).payment_status).toBe('unpaid');

    // the same file again: what was applied is now recognised
    const again = await upload(csv);
    expect(again.proposals.map((p) => p.flag)).toEqual(['already_applied', 'partial', 'already_applied', 'already_applied', 'already_applied', 'unmatched', 'debit']);
    // and confirming a stale review again pays nothing twice
    const twice = await manager.caller.payments.confirmStatement({ matches: [{ orderId: exact.id, bankReference: 'BANK-1', amountCents: 4990, bookedOn: '2025-03-03' }] });
    expect(twice[0].outcome).toBe('already_paid');
    expect(await paymentsOf(exact.id)).toHaveLength(1);
  });

  it('names the line of a malformed file and changes nothing', async () => {
    const o = await order(100);
    const csv = `Datum;Betrag;Verwendungszweck\n03.03.2025;1,00;${o.number}\n04.03.2025;1,00;x\n05.03.2025;zehn Euro;${o.number}\n`;
    const err = await upload(csv).catch((e) => e);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toBe("Line 4: 'zehn Euro' is not an amount.");
    expect(err.cause.params).toMatchObject({ line: 4, value: 'zehn Euro' });
    expect(err.cause.key).toBe('payments.import.errors.amount');
    const unreadable = await manager.caller.payments.importStatement({ fileName: 'x.csv', gzipBase64: Buffer.from('not gzip').toString('base64') }).catch((e) => e);
    expect(unreadable.cause.key).toBe('payments.import.errors.unreadable');
  });
});

describe('a CAMT.053 statement', () => {
  it('matches by order number and amount, including a batch booking, and pays on confirmation', async () => {
    const a = await order(2590);
    const b = await order(1290);
    const c = await order(999, { status: 'cancelled' });
    const xml = camt053Sample({
      version: '08',
      entries: [
        { amountCents: 2590, bookingDate: '2025-03-10', text: `Bestellung ${a.number}`, payer: 'Anna Schäfer', bankReference: 'CAMT-A' },
        { amountCents: 0, bookingDate: '2025-03-11', text: '', bankReference: 'CAMT-BATCH', parts: [
          { amountCents: 1290, text: `Order ${b.number}`, bankReference: 'CAMT-B' },
          { amountCents: 999, text: `Order ${c.number}`, bankReference: 'CAMT-C' }
        ] }
      ]
    });
    const review = await upload(xml, 'camt.xml');
    expect(review.format).toBe('camt053');
    expect(review.proposals.map((p) => [p.flag, p.order?.number, p.line.bankReference])).toEqual([
      ['match', a.number, 'CAMT-A'],
      ['match', b.number, 'CAMT-B'],
      ['order_closed', c.number, 'CAMT-C']
    ]);
    const results = await manager.caller.payments.confirmStatement({
      matches: review.proposals.filter((p) => p.selected).map((p) => ({ orderId: p.order!.id, bankReference: p.line.bankReference, amountCents: p.line.amountCents, bookedOn: p.line.bookingDate }))
    });
    expect(results.every((r) => r.outcome === 'paid')).toBe(true);
    expect((await getOrder(b.id)).payment_status).toBe('paid');
    expect((await paymentsOf(b.id))[0]).toMatchObject({ bank_reference: 'CAMT-B', provider_event_at: '2025-03-10 23:00:00.000Z' });
  });

  it('names the line of broken XML', async () => {
    const xml = camt053Sample({ entries: [{ amountCents: 100, bookingDate: '2025-03-10', text: 'x' }] }).replace('</Amt>', '</Amount>');
    const err = await upload(xml, 'camt.xml').catch((e) => e);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/^Line \d+: the XML is malformed/);
    expect(err.cause.params.line).toBe(xml.split('\n').findIndex((l) => l.includes('</Amount>')) + 1);
  });
});
