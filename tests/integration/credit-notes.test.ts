// F41 credit notes: items at their snapshot price (never more than ordered minus already
// credited), shipping, free amounts; their own gap-free sequence also under concurrent
// issue; the PDF; managers and owners only.
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCombined, renderCreditNote } from '../../src/lib/documents';
import { pdfPages } from '../support/documents/pdf';
import { pb } from '../../src/lib/server/pocketbase/client';
import { yearIn } from '../../src/lib/server/documents/invoice-number';
import { formatCreditNoteNumber } from '../../src/lib/server/refunds/credit-notes';
import type { CreditNoteRecord, MoneyOrder } from '../../src/lib/server/refunds/records';
import { pdfText } from '../support/documents/pdf';
import { createStaff } from '../support/factories';
import { signedInCaller } from '../support/caller';
import { usePocketBase } from '../support/pocketbase';
import { pricedOrder, setShop } from './documents-fixtures';

usePocketBase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>;
let manager: Caller;
let office: Caller;
let packer: Caller;
beforeAll(async () => {
  await setShop();
  const sign = async (role: 'manager' | 'office' | 'packer') => {
    const { staff, password } = await createStaff(role);
    return signedInCaller(staff.email, password);
  };
  [manager, office, packer] = await Promise.all([sign('manager'), sign('office'), sign('packer')]);
});

const counter = async () => (await pb().collection('counters').getList<{ value: number }>(1, 1, { filter: "name = 'credit_note_number'" })).items[0]?.value ?? 0;
const rejection = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as TRPCError & { cause?: { key?: string } });
const orderOf = (id: string) => pb().collection('orders').getOne<MoneyOrder>(id);
const notesOf = (id: string) => pb().collection('credit_notes').getFullList<CreditNoteRecord>({ filter: `order = '${id}'` });
const year = () => yearIn('Europe/Berlin', new Date());

describe('F41 credit notes', () => {
  it('credit items at their snapshot price and tax, and shipping, numbered GS-<year>-<six digits>, with a timeline event', async () => {
    const { order, lines } = await pricedOrder({}, { paid: true });
    const before = await counter();
    const issued = await manager.caller.refunds.issueCreditNote({ orderId: order.id, lines: [{ lineId: lines[0].id, qty: 1 }], shippingCents: 495, reason: 'Mug arrived broken' });
    expect(issued).toMatchObject({ number: formatCreditNoteNumber(year(), before + 1), totalCents: 1290 + 495 });
    expect(issued.number).toMatch(/^GS-\d{4}-\d{6}$/);

    const [note] = await notesOf(order.id);
    expect(note).toMatchObject({ number: issued.number, total_cents: 1785, shipping_cents: 495, reason: 'Mug arrived broken' });
    expect(note.lines).toEqual([{ line: lines[0].id, sku: lines[0].sku, name: lines[0].name, qty: 1, unit_price_cents: 1290, tax_rate_bp: 1900 }]);
    expect(await orderOf(order.id)).toMatchObject({ credited_cents: 1785, shipping_credited_cents: 495 });
    expect((await pb().collection('order_lines').getOne(lines[0].id)).credited).toBe(1);
    const events = await pb().collection('order_events').getFullList({ filter: `order = '${order.id}' && type = 'credit_note_issued'` });
    expect(events).toMatchObject([{ actor: manager.session.staff.id, data: { number: issued.number, total_cents: 1785 } }]);

    // the PDF: the order page and the refund e-mail draw it from this input
    const input = await office.caller.refunds.creditNoteDocument({ creditNoteId: issued.id, locale: 'en' });
    const text = await pdfText(await renderCreditNote(input));
    expect(text).toContain(issued.number);
    expect(text).toContain('Mug arrived broken');
    const thermal = await office.caller.refunds.creditNoteDocument({ creditNoteId: issued.id, format: 'thermal80' });
    expect(thermal.format).toBe('thermal80');
    expect((await renderCreditNote(thermal)).byteLength).toBeGreaterThan(1000);
  });

  it('never more than ordered minus already credited: refused with a clear message, nothing changed, no number used', async () => {
    const { order, lines } = await pricedOrder({}, { paid: true });
    await manager.caller.refunds.issueCreditNote({ orderId: order.id, lines: [{ lineId: lines[1].id, qty: 2 }], reason: 'Two teas missing' });
    const before = await counter();
    const e = await rejection(manager.caller.refunds.issueCreditNote({ orderId: order.id, lines: [{ lineId: lines[1].id, qty: 2 }], reason: 'again' }));
    expect(e?.message).toMatch(/at most 1 more can be credited \(3 ordered, 2 already credited\)/);
    const shipping = await rejection(manager.caller.refunds.issueCreditNote({ orderId: order.id, shippingCents: 496, reason: 'too much shipping' }));
    expect(shipping?.message).toMatch(/At most 495 of the shipping/);
    expect(await counter()).toBe(before);
    expect(await notesOf(order.id)).toHaveLength(1);
    expect((await pb().collection('order_lines').getOne(lines[1].id)).credited).toBe(2);
    const empty = await rejection(manager.caller.refunds.issueCreditNote({ orderId: order.id, reason: 'nothing' }));
    expect(empty?.code).toBe('BAD_REQUEST');
  });

  it('a free amount with its tax rate and reason', async () => {
    const { order } = await pricedOrder({}, { paid: true });
    const issued = await manager.caller.refunds.issueCreditNote({ orderId: order.id, free: { amountCents: 500, taxRateBp: 1900 }, reason: 'Goodwill for the delay' });
    expect(issued.totalCents).toBe(500);
    expect((await notesOf(order.id))[0].lines).toEqual([{ sku: '', name: 'Goodwill for the delay', qty: 1, unit_price_cents: 500, tax_rate_bp: 1900 }]);
  });

  it('numbers stay gap-free and unique when many are issued at the same moment (Promise.all)', async () => {
    const orders = await Promise.all(Array.from({ length: 6 }, () => pricedOrder({}, { paid: true })));
    const before = await counter();
    const issued = await Promise.all(orders.map(({ order, lines }) => manager.caller.refunds.issueCreditNote({ orderId: order.id, lines: [{ lineId: lines[0].id, qty: 1 }], reason: 'race' })));
    const sequences = issued.map((i) => Number(i.number.slice(-6))).sort((a, b) => a - b);
    expect(sequences).toEqual([1, 2, 3, 4, 5, 6].map((n) => before + n));
    expect(await counter()).toBe(before + 6);
  });

  it('two people crediting the last pieces of a line at once: exactly one succeeds', async () => {
    const { order, lines } = await pricedOrder({}, { paid: true });
    const results = await Promise.allSettled([1, 2].map(() => manager.caller.refunds.issueCreditNote({ orderId: order.id, lines: [{ lineId: lines[0].id, qty: 2 }], reason: 'both mugs broken' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await pb().collection('order_lines').getOne(lines[0].id)).credited).toBe(2);
    expect(await notesOf(order.id)).toHaveLength(1);
  });

  it('office staff cannot issue credit notes; packers reach nothing of after-sales', async () => {
    const { order, lines } = await pricedOrder({}, { paid: true });
    const issue = { orderId: order.id, lines: [{ lineId: lines[0].id, qty: 1 }], reason: 'x' };
    expect((await rejection(office.caller.refunds.issueCreditNote(issue)))?.code).toBe('FORBIDDEN');
    expect((await rejection(office.caller.refunds.refund({ orderId: order.id, amountCents: 100, method: 'bank_transfer', reference: 'x' })))?.code).toBe('FORBIDDEN');
    const issued = await manager.caller.refunds.issueCreditNote(issue);
    const p = packer.caller.refunds;
    for (const call of [
      p.forOrder({ orderId: order.id }),
      p.issueCreditNote(issue),
      p.refund({ orderId: order.id, amountCents: 100, method: 'bank_transfer', reference: 'x' }),
      p.addSurcharge({ orderId: order.id, kind: 'extra_work', amountCents: 100, taxRateBp: 1900 }),
      p.creditNoteDocument({ creditNoteId: issued.id }),
      p.markSurchargePaid({ surchargeId: issued.id, reference: 'x' }),
      p.surchargeInvoice({ surchargeId: issued.id })
    ]) {
      expect((await rejection(call))?.code).toBe('FORBIDDEN');
    }
    expect(await notesOf(order.id)).toHaveLength(1);
    // every procedure of the router is in the list above
    const { appRouter } = await import('../../src/lib/server/trpc/root');
    expect(Object.keys(appRouter._def.procedures).filter((k) => k.startsWith('refunds.')).sort()).toEqual(
      ['refunds.addSurcharge', 'refunds.creditNoteDocument', 'refunds.forOrder', 'refunds.issueCreditNote', 'refunds.markSurchargePaid', 'refunds.refund', 'refunds.surchargeInvoice']
    );
  });
});

describe('F41 F35 credit notes in bulk printing', () => {
  it('prints the credit notes of the selected orders that have any into one PDF, order by order; packers are refused', async () => {
    const a = await pricedOrder({}, { paid: true });
    const b = await pricedOrder({}, { paid: true });
    const none = await pricedOrder({}, { paid: true });
    const a1 = await manager.caller.refunds.issueCreditNote({ orderId: a.order.id, lines: [{ lineId: a.lines[0].id, qty: 1 }], reason: 'Broken' });
    const b1 = await manager.caller.refunds.issueCreditNote({ orderId: b.order.id, shippingCents: 495, reason: 'Late' });
    const a2 = await manager.caller.refunds.issueCreditNote({ orderId: a.order.id, free: { amountCents: 500, taxRateBp: 1900 }, reason: 'Goodwill' });

    const plan = await office.caller.documents.bulkPlan({ kind: 'credit-note', orderIds: [b.order.id, none.order.id, a.order.id], sort: 'number' });
    expect(plan.orderIds).toEqual([a.order.id, b.order.id]);
    const inputs = await office.caller.documents.bulkInputs({ kind: 'credit-note', orderIds: plan.orderIds });
    expect(inputs.map((i) => ('creditNoteNumber' in i ? i.creditNoteNumber : ''))).toEqual([a1.number, a2.number, b1.number]);
    const pages = await pdfPages(await renderCombined('credit-note', inputs as Parameters<typeof renderCombined<'credit-note'>>[1]));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const n of [a1.number, a2.number, b1.number]) expect(pages.some((p) => p.includes(n))).toBe(true);

    const nothing = await rejection(office.caller.documents.bulkPlan({ kind: 'credit-note', orderIds: [none.order.id], sort: 'number' }));
    expect(nothing?.message).toBe('None of the selected orders has a credit note.');
    const refused = await rejection(packer.caller.documents.bulkPlan({ kind: 'credit-note', orderIds: [a.order.id], sort: 'number' }));
    expect(refused?.code).toBe('FORBIDDEN');
  });
});

