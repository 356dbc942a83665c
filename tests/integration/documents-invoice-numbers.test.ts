// Invoice numbers (issue 5): once per order, sequential, never repeated or skipped, also
// when many requests arrive at the same moment.
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import { formatInvoiceNumber, yearIn } from '../../src/lib/server/documents/invoice-number';
import { createOrder, createProduct, createStaff } from '../support/factories';
import { signedInCaller } from '../support/caller';
import { usePocketBase } from '../support/pocketbase';
import { invoiceCounter, orderRecord, pricedOrder, setShop } from './documents-fixtures';

usePocketBase();

let office: Awaited<ReturnType<typeof signedInCaller>>;
beforeAll(async () => {
  await setShop();
  const { staff, password } = await createStaff('office');
  office = await signedInCaller(staff.email, password);
});

const year = () => yearIn('Europe/Berlin', new Date());
const rejection = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as TRPCError);

describe('invoice numbers', () => {
  it('are issued on the first invoice as year + six digits, kept on the order and never issued again', async () => {
    const { order } = await pricedOrder();
    const before = await invoiceCounter();

    const first = await office.caller.documents.invoice({ orderId: order.id });
    expect(first.order.invoiceNumber).toBe(formatInvoiceNumber(year(), before + 1));
    expect(first.order.invoiceNumber).toMatch(/^\d{4}-\d{6}$/);

    const stored = await orderRecord(order.id);
    expect(stored.invoice_number).toBe(first.order.invoiceNumber);
    // the invoice is dated when it was issued, and says so every time it is printed again
    expect(first.issuedAt).toBe(stored.invoice_issued_at.replace(' ', 'T'));

    const again = await office.caller.documents.invoice({ orderId: order.id });
    expect(again.order.invoiceNumber).toBe(first.order.invoiceNumber);
    expect(again.issuedAt).toBe(first.issuedAt);
    expect(await invoiceCounter()).toBe(before + 1);

    const events = await pb().collection('order_events').getFullList({ filter: `order = '${order.id}' && type = 'invoice_issued'` });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: office.session.staff.id, data: { invoice_number: first.order.invoiceNumber } });
  });

  it('follow each other without gaps across orders', async () => {
    const before = await invoiceCounter();
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { order } = await pricedOrder();
      numbers.push((await office.caller.documents.invoice({ orderId: order.id })).order.invoiceNumber!);
    }
    expect(numbers).toEqual([1, 2, 3].map((n) => formatInvoiceNumber(year(), before + n)));
  });

  it('one order asked for by many requests at once gets exactly one number', async () => {
    const { order } = await pricedOrder();
    const before = await invoiceCounter();
    const results = await Promise.all(Array.from({ length: 8 }, () => office.caller.documents.invoice({ orderId: order.id })));
    expect(new Set(results.map((r) => r.order.invoiceNumber))).toEqual(new Set([formatInvoiceNumber(year(), before + 1)]));
    expect(await invoiceCounter()).toBe(before + 1);
    expect(await pb().collection('order_events').getFullList({ filter: `order = '${order.id}' && type = 'invoice_issued'` })).toHaveLength(1);
  });

  it('many orders at once get consecutive numbers, none repeated and none skipped', async () => {
    const orders = await Promise.all(Array.from({ length: 8 }, () => pricedOrder()));
    const before = await invoiceCounter();
    const results = await Promise.all(orders.map(({ order }) => office.caller.documents.invoice({ orderId: order.id })));
    const numbers = results.map((r) => r.order.invoiceNumber!).sort();
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => formatInvoiceNumber(year(), before + i + 1)));
    expect(await invoiceCounter()).toBe(before + 8);
    // and each order holds the number it was given
    for (const [i, { order }] of orders.entries()) expect((await orderRecord(order.id)).invoice_number).toBe(results[i].order.invoiceNumber);
  });

  it('are not issued for drafts or cancelled orders, and no number is used up', async () => {
    const before = await invoiceCounter();
    for (const status of ['draft', 'cancelled'] as const) {
      const { order } = await pricedOrder({ status });
      const err = await rejection(office.caller.documents.invoice({ orderId: order.id }));
      expect(err?.code).toBe('PRECONDITION_FAILED');
      expect(err?.message).toContain(String(order.number));
      expect((await orderRecord(order.id)).invoice_number).toBe('');
    }
    expect(await invoiceCounter()).toBe(before);
  });

  it('a cancelled order keeps and reprints the invoice it already had', async () => {
    const { order } = await pricedOrder();
    const issued = (await office.caller.documents.invoice({ orderId: order.id })).order.invoiceNumber;
    await pb().collection('orders').update(order.id, { status: 'cancelled' });
    expect((await office.caller.documents.invoice({ orderId: order.id })).order.invoiceNumber).toBe(issued);
  });

  it('without the seller address or VAT ID: a message naming them, and no number used up', async () => {
    const { order } = await pricedOrder();
    const before = await invoiceCounter();
    await setShop({}, ['vatId', 'address']);
    try {
      const err = await rejection(office.caller.documents.invoice({ orderId: order.id }));
      expect(err?.code).toBe('PRECONDITION_FAILED');
      expect(err?.message).toMatch(/shop\.address, shop\.vatId/);
      expect(err?.cause).toMatchObject({ key: 'documents.errors.missing', params: { missing: ['shop.address', 'shop.vatId'] } });
      expect((await orderRecord(order.id)).invoice_number).toBe('');
      expect(await invoiceCounter()).toBe(before);
    } finally {
      await setShop();
    }
  });

  it('a bulk print issues the missing numbers in order-number order, all or none', async () => {
    const a = await pricedOrder();
    const b = await pricedOrder();
    const c = await pricedOrder();
    const before = await invoiceCounter();
    // c already has one; a and b get the next two, a first (lower order number)
    const cNumber = (await office.caller.documents.invoice({ orderId: c.order.id })).order.invoiceNumber;
    const draft = await createOrder({ status: 'draft' });
    const refused = await rejection(office.caller.documents.bulkPlan({ kind: 'invoice', orderIds: [b.order.id, draft.order.id, a.order.id], sort: 'number' }));
    expect(refused?.code).toBe('PRECONDITION_FAILED');
    expect(refused?.message).toContain(String(draft.order.number));
    expect((await orderRecord(a.order.id)).invoice_number).toBe('');
    expect(await invoiceCounter()).toBe(before + 1);

    const plan = await office.caller.documents.bulkPlan({ kind: 'invoice', orderIds: [c.order.id, b.order.id, a.order.id], sort: 'number' });
    expect(plan.orderIds).toEqual([a.order.id, b.order.id, c.order.id]);
    expect((await orderRecord(a.order.id)).invoice_number).toBe(formatInvoiceNumber(year(), before + 2));
    expect((await orderRecord(b.order.id)).invoice_number).toBe(formatInvoiceNumber(year(), before + 3));
    expect((await orderRecord(c.order.id)).invoice_number).toBe(cNumber);
  });
});

describe('invoice numbers for a large bulk print', () => {
  it('150 orders get 150 consecutive numbers in order-number order, in one transaction', async () => {
    const product = await createProduct();
    const orders = await Promise.all(Array.from({ length: 150 }, () => createOrder({}, [{ product, qty: 1 }])));
    const before = await invoiceCounter();
    const plan = await office.caller.documents.bulkPlan({ kind: 'invoice', orderIds: orders.map((o) => o.order.id).reverse(), sort: 'number' });
    const byNumber = [...orders].sort((a, b) => a.order.number - b.order.number);
    expect(plan.orderIds).toEqual(byNumber.map((o) => o.order.id));
    const stored = await pb().collection('orders').getFullList<{ number: number; invoice_number: string }>({
      filter: `invoice_number != '' && number >= ${byNumber[0].order.number}`,
      fields: 'number,invoice_number',
      sort: 'number'
    });
    const mine = stored.filter((o) => orders.some((x) => x.order.number === o.number));
    expect(mine.map((o) => o.invoice_number)).toEqual(byNumber.map((_, i) => formatInvoiceNumber(year(), before + i + 1)));
    expect(await invoiceCounter()).toBe(before + 150);
  }, 60_000);
});

describe('invoice number format', () => {
  it('takes the year in the shop time zone and pads the sequence to six digits', () => {
    expect(formatInvoiceNumber(2026, 123)).toBe('2026-000123');
    expect(formatInvoiceNumber(2026, 1234567)).toBe('2026-1234567');
    // 23:30 UTC on New Year's Eve is already the next year in Berlin, not yet in New York
    expect(yearIn('Europe/Berlin', new Date('2026-12-31T23:30:00Z'))).toBe(2027);
    expect(yearIn('America/New_York', new Date('2026-12-31T23:30:00Z'))).toBe(2026);
  });
});
