// Document data (issue 5): what each document's input holds, what it refuses with a message
// naming the missing setting, who may fetch it, the formats setting and bulk printing.
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCombined, renderInvoice, renderPackingSlip } from '../../src/lib/documents';
import { pdfPages, pdfText, qpdfCheck } from '../support/documents/pdf';
import { pb } from '../../src/lib/server/pocketbase/client';
import { createOrder, createProduct, createStaff } from '../support/factories';
import { signedInCaller } from '../support/caller';
import { usePocketBase } from '../support/pocketbase';
import { invoiceCounter, orderRecord, pricedOrder, setShop } from './documents-fixtures';

usePocketBase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>;
let office: Caller;
let manager: Caller;
let packer: Caller;
beforeAll(async () => {
  await setShop();
  const sign = async (role: 'office' | 'manager' | 'packer') => {
    const { staff, password } = await createStaff(role, { locale: 'de' });
    return signedInCaller(staff.email, password);
  };
  [office, manager, packer] = await Promise.all([sign('office'), sign('manager'), sign('packer')]);
});

const rejection = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as TRPCError);

describe('invoice data', () => {
  it('holds the seller, the lines with bins and EAN-13, the succeeded payments and the order language', async () => {
    const { order, mug, tea, totalCents } = await pricedOrder({ locale: 'en' }, { paid: true });
    const input = await office.caller.documents.invoice({ orderId: order.id });
    expect(input.shop).toMatchObject({ name: 'Teehaus Test GmbH', vatId: 'DE123456789', timeZone: 'Europe/Berlin', address: { city: 'Berlin' } });
    expect(input.locale).toBe('en');
    expect(input.format).toBe('a4');
    expect(input.lines).toEqual([
      { sku: mug.sku, name: mug.name, qty: 2, unitPriceCents: 1290, taxRateBp: 1900, bin: 'B-02', gtin: '4006381333931' },
      { sku: tea.sku, name: tea.name, qty: 3, unitPriceCents: 499, taxRateBp: 700, bin: 'A-10', gtin: undefined }
    ]);
    expect(input.payments).toEqual([expect.objectContaining({ method: 'card', amountCents: totalCents, bankReference: `SBX-${order.number}` })]);
    expect(input.order).toMatchObject({ number: order.number, shippingCents: 495, currency: 'EUR', customerName: order.customer_name });

    // and it makes a valid invoice with the number and the order's total on it
    const pdf = await renderInvoice(input);
    await qpdfCheck(pdf);
    const text = await pdfText(pdf);
    expect(text).toContain(input.order.invoiceNumber!);
    expect(totalCents).toBe(4572);
    expect(text).toMatch(/Total\s+€45\.72/);
  });

  it('falls back to the staff member’s language, and a print may override format and language', async () => {
    const { order } = await pricedOrder({ locale: '' });
    expect((await office.caller.documents.invoice({ orderId: order.id })).locale).toBe('de');
    const overridden = await office.caller.documents.invoice({ orderId: order.id, format: 'letter', locale: 'en' });
    expect(overridden).toMatchObject({ format: 'letter', locale: 'en' });
  });

  it('refuses a receipt for an unpaid order, naming the order', async () => {
    const { order } = await pricedOrder();
    const err = await rejection(office.caller.documents.receipt({ orderId: order.id }));
    expect(err?.code).toBe('PRECONDITION_FAILED');
    expect(err?.message).toContain(`Order ${order.number} is not paid yet`);
    const paid = await pricedOrder({}, { paid: true });
    expect((await office.caller.documents.receipt({ orderId: paid.order.id })).payments).toHaveLength(1);
  });

  it('says an order does not exist instead of failing', async () => {
    const err = await rejection(office.caller.documents.packingSlip({ orderId: 'aaaaaaaaaaaaaaa' }));
    expect(err?.code).toBe('NOT_FOUND');
  });
});

describe('packing slip and label data', () => {
  it('a packing slip carries no prices, payments or e-mail, and only the notes meant for the bench', async () => {
    const { order } = await pricedOrder({}, { paid: true });
    await pb().collection('order_notes').create({ order: order.id, body: 'Fragile: wrap the pot twice', visibility: 'packing', client_id: `n1-${order.id}` });
    await pb().collection('order_notes').create({ order: order.id, body: 'Customer was rude on the phone', visibility: 'internal', client_id: `n2-${order.id}` });
    const input = await office.caller.documents.packingSlip({ orderId: order.id });
    expect(input.lines.map((l) => l.unitPriceCents)).toEqual([0, 0]);
    expect(input.payments).toBeUndefined();
    expect(input.order).toMatchObject({ email: undefined, shippingCents: 0, notes: ['Fragile: wrap the pot twice'] });
    const text = await pdfText(await renderPackingSlip(input));
    expect(text).toContain('Fragile: wrap the pot twice');
    expect(text).not.toContain('rude');
  });

  it('a label uses the label format and names the missing shipping address', async () => {
    const { order } = await pricedOrder();
    expect(await office.caller.documents.addressLabel({ orderId: order.id })).toMatchObject({ format: 'label4x6', order: { number: order.number } });
    const { order: noAddress } = await createOrder({ shipping_address: null });
    const err = await rejection(office.caller.documents.addressLabel({ orderId: noAddress.id }));
    expect(err?.code).toBe('PRECONDITION_FAILED');
    expect(err?.cause).toMatchObject({ key: 'documents.errors.missing', params: { missing: ['order.shippingAddress'] } });
  });
});

describe('who may fetch what', () => {
  it('a packer gets no invoice, receipt or bulk invoices, and no invoice number is used up', async () => {
    const { order } = await pricedOrder({}, { paid: true });
    const before = await invoiceCounter();
    for (const call of [
      () => packer.caller.documents.invoice({ orderId: order.id }),
      () => packer.caller.documents.receipt({ orderId: order.id }),
      () => packer.caller.documents.bulkPlan({ kind: 'invoice', orderIds: [order.id], sort: 'number' }),
      () => packer.caller.documents.bulkInputs({ kind: 'invoice', orderIds: [order.id] })
    ]) {
      expect((await rejection(call()))?.code).toBe('FORBIDDEN');
    }
    expect((await orderRecord(order.id)).invoice_number).toBe('');
    expect(await invoiceCounter()).toBe(before);
  });

  it('office staff read the formats; only managers and owners change them', async () => {
    expect(await office.caller.documents.settings()).toEqual({
      formats: { invoice: 'a4', receipt: 'a4', 'packing-slip': 'a4', 'address-label': 'label4x6', 'credit-note': 'a4', 'pick-list': 'a4' }
    });
    const wanted = { formats: { invoice: 'letter', receipt: 'thermal80', 'packing-slip': 'thermal80', 'address-label': 'label4x6', 'credit-note': 'letter', 'pick-list': 'a4' } } as const;
    expect((await rejection(office.caller.documents.saveSettings(wanted)))?.code).toBe('FORBIDDEN');
    expect((await rejection(manager.caller.documents.saveSettings({ formats: { ...wanted.formats, invoice: 'a3' as 'a4' } })))?.code).toBe('BAD_REQUEST');
    expect((await office.caller.documents.settings()).formats.invoice).toBe('a4');

    await manager.caller.documents.saveSettings(wanted);
    expect(await office.caller.documents.settings()).toEqual(wanted);
    const { order } = await pricedOrder({}, { paid: true });
    expect((await office.caller.documents.receipt({ orderId: order.id })).format).toBe('thermal80');
    expect((await office.caller.documents.receipt({ orderId: order.id, format: 'a4' })).format).toBe('a4');
    await manager.caller.documents.saveSettings({ formats: { ...wanted.formats, invoice: 'a4', receipt: 'a4', 'packing-slip': 'a4' } });
  });
});

describe('seller details (part of the shop setting)', () => {
  it('managers fill in what invoices need; the rest of the shop setting is kept', async () => {
    await setShop({ locale: 'de', somethingElse: { kept: true } }, ['vatId', 'address', 'bankDetails']);
    try {
      const { order } = await pricedOrder();
      const missing = await rejection(office.caller.documents.invoice({ orderId: order.id }));
      expect(missing?.cause).toMatchObject({ params: { missing: ['shop.address', 'shop.vatId'] } });

      const seller = await office.caller.documents.seller();
      expect(seller).toMatchObject({ name: 'Teehaus Test GmbH', vatId: '', address: { street: '' } });
      const filled = { ...seller, vatId: 'DE987654321', address: { name: 'Teehaus Test GmbH', street: 'Kastanienallee 1', postcode: '10435', city: 'Berlin', country: 'de' } };
      expect((await rejection(office.caller.documents.saveSeller(filled)))?.code).toBe('FORBIDDEN');
      const bad = await rejection(manager.caller.documents.saveSeller({ ...filled, address: { ...filled.address, country: 'Germany' } }));
      expect(bad?.code).toBe('BAD_REQUEST');
      expect((await office.caller.documents.seller()).vatId).toBe('');

      const saved = await manager.caller.documents.saveSeller(filled);
      expect(saved).toMatchObject({ vatId: 'DE987654321', address: { country: 'DE', street: 'Kastanienallee 1' } });
      const stored = await pb().collection('settings').getFirstListItem<{ value: Record<string, unknown> }>("key = 'shop'");
      expect(stored.value).toMatchObject({ currency: 'EUR', timeZone: 'Europe/Berlin', locale: 'de', somethingElse: { kept: true } });
      expect(stored.value.address).toEqual({ name: 'Teehaus Test GmbH', street: 'Kastanienallee 1', postcode: '10435', city: 'Berlin', country: 'DE' });

      const invoice = await office.caller.documents.invoice({ orderId: order.id });
      expect(invoice.shop).toMatchObject({ vatId: 'DE987654321', address: { street: 'Kastanienallee 1' } });
    } finally {
      await setShop();
    }
  });
});

describe('bulk printing (F35)', () => {
  it('plans packing slips in bin order or by number, then gives the inputs chunk by chunk', async () => {
    const bins = async (bin: string) => pricedOrder({}, { bins: [bin, 'Z-99'] });
    const c10 = await bins('C-10');
    const a2 = await bins('A-2');
    const a10 = await bins('A-10');
    const unbinned = await createOrder({}, [{ product: await createProduct({ bin: '' }), qty: 1 }]);
    const ids = [c10, a2, a10, unbinned].map((o) => o.order.id);

    const byBin = await office.caller.documents.bulkPlan({ kind: 'packing-slip', orderIds: ids, sort: 'bin' });
    expect(byBin.orderIds).toEqual([a2, a10, c10, unbinned].map((o) => o.order.id));
    const byNumber = await office.caller.documents.bulkPlan({ kind: 'packing-slip', orderIds: [...ids].reverse(), sort: 'number' });
    expect(byNumber.orderIds).toEqual(ids);

    const inputs = await office.caller.documents.bulkInputs({ kind: 'packing-slip', orderIds: byBin.orderIds.slice(0, 3) });
    expect(inputs.map((i) => i.order.number)).toEqual([a2, a10, c10].map((o) => o.order.number));
    const pages = await pdfPages(await renderCombined('packing-slip', inputs));
    expect(pages).toHaveLength(3);
    pages.forEach((page, i) => expect(page).toContain(String(inputs[i].order.number)));
  });

  it('refuses chunks over 50 and unknown orders with a clear message', async () => {
    const tooMany = Array.from({ length: 51 }, (_, i) => `order${String(i).padStart(10, '0')}`);
    const err = await rejection(office.caller.documents.bulkInputs({ kind: 'packing-slip', orderIds: tooMany }));
    expect(err?.code).toBe('BAD_REQUEST');
    const unknown = await rejection(office.caller.documents.bulkPlan({ kind: 'packing-slip', orderIds: ['aaaaaaaaaaaaaaa'], sort: 'bin' }));
    expect(unknown?.code).toBe('NOT_FOUND');
  });

  it('200 orders: planned, then loaded in four chunks of 50, in printing order, within seconds', async () => {
    const product = await createProduct();
    const orders = await Promise.all(Array.from({ length: 200 }, () => createOrder({}, [{ product, qty: 1 }])));
    const ids = orders.map((o) => o.order.id);
    const started = performance.now();
    const plan = await office.caller.documents.bulkPlan({ kind: 'packing-slip', orderIds: ids, sort: 'bin' });
    const chunks = await Promise.all([0, 50, 100, 150].map((at) => office.caller.documents.bulkInputs({ kind: 'packing-slip', orderIds: plan.orderIds.slice(at, at + 50) })));
    const elapsed = performance.now() - started;
    expect(chunks.flat().map((i) => i.order.number)).toEqual([...orders.map((o) => o.order.number)].sort((a, b) => a - b));
    // not a benchmark: a generous bound that one request per order (800+ queries) would break on a busy machine
    expect(elapsed).toBeLessThan(5_000);
  }, 60_000);
});
