// F39 (#13): a return label bought through the courier provider where it offers one (the
// sandbox courier), from the customer to the shop: once per return, only while the goods are
// on their way, on the timeline, printable as a PDF and e-mailed to the customer; refused with a clear message for a
// courier without return labels, a collected order or a received return.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderEmail } from '../../src/lib/server/mail/templates/registry';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderEventRecord } from '../../src/lib/server/pocketbase/records';
import { signedInCaller } from '../support/caller';
import { createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { clientId, lineRecords, readyOrder } from './shipping-fixtures';

usePocketBase();

let office: Awaited<ReturnType<typeof signedInCaller>>;

beforeAll(async () => {
  const o = await createStaff('office', { name: 'Rita Returns' });
  office = await signedInCaller(o.staff.email, o.password);
  await pb().collection('settings').create({ key: 'shop', value: { name: 'Teehaus Berlin', address: { name: 'Teehaus Berlin', street: 'Oranienstraße 1', postcode: '10999', city: 'Berlin', country: 'DE' }, currency: 'EUR' } }).catch(() => null);
});

async function refusal(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(TRPCError);
  const cause = (e as TRPCError).cause as { key?: string } | undefined;
  return { code: (e as TRPCError).code, message: (e as TRPCError).message, key: cause?.key };
}

/** a shipped order (by `courier`) with a return of its first line on its way back */
async function returning(courier: 'sandbox' | 'manual', method: 'ship' | 'collect' = 'ship') {
  const made = await readyOrder([{ qty: 2 }], { payment_status: 'paid', total_cents: 1990, ...(method === 'collect' ? { fulfilment_method: 'collect', shipping_address: null } : {}) });
  if (method === 'collect') await pb().collection('order_lines').update(made.lines[0].id, { shipped: 2 });
  else await office.caller.shipping.createShipment({ orderId: made.order.id, courier, ...(courier === 'manual' ? { carrier: 'dhl', trackingNumber: '00340434161094042557' } : {}), lines: made.lines.map((l) => ({ lineId: l.id, qty: l.qty })), clientId: clientId() });
  const lines = await lineRecords(made.order.id);
  const r = await office.caller.returns.create({ orderId: made.order.id, key: randomUUID(), lines: [{ lineId: lines[0].id, qty: 1, reason: 'damaged' }] });
  return { order: made.order, lines, returnId: r.returnId };
}

describe('F39 return labels', () => {
  it('buys a sandbox return label once, shows it on the order page and the timeline, and prints it as a PDF', async () => {
    const { order, returnId } = await returning('sandbox');
    const [first, again] = await Promise.all([office.caller.returns.createLabel({ returnId }), office.caller.returns.createLabel({ returnId })]);
    expect(first.trackingNumber).toMatch(/^SB\d{9}PB$/);
    expect(again.trackingNumber).toBe(first.trackingNumber);
    expect([first.alreadyDone, again.alreadyDone].sort()).toEqual([false, true]);
    const view = await office.caller.returns.forOrder({ orderId: order.id });
    expect(view.returns[0].label).toMatchObject({ courier: 'sandbox', trackingNumber: first.trackingNumber });
    const timeline = await pb().collection('order_events').getFullList<OrderEventRecord>({ filter: `order = '${order.id}' && type = 'return_label_created'` });
    expect(timeline.map((e) => e.data)).toEqual([{ returnId, carrier: 'sandbox', trackingNumber: first.trackingNumber }]);
    // the customer's e-mail, queued with the label: the PDF attached, the tracking number in the text
    const mails = await pb().collection('outbox').getFullList<{ topic: string; recipient: string; payload: { topic: string; locale: string; data: unknown } }>({ filter: `order = '${order.id}' && topic = 'return_label'` });
    expect(mails.map((m) => m.recipient)).toEqual([order.email]);
    const mail = await renderEmail({ topic: 'return_label', locale: order.locale, data: { orderId: order.id, returnId } });
    expect(mail.text).toContain(first.trackingNumber);
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`return-label-${order.number}.pdf`, 'application/pdf']]);
    const pdf = await office.caller.returns.labelPdf({ returnId });
    expect(pdf.fileName).toBe(`return-label-${order.number}.pdf`);
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses a courier without return labels, a collected order and a received return by name, writing nothing', async () => {
    const manual = await returning('manual');
    expect(await refusal(office.caller.returns.createLabel({ returnId: manual.returnId }))).toMatchObject({ code: 'BAD_REQUEST', key: 'returns.errors.label_not_offered' });
    const collected = await returning('sandbox', 'collect');
    expect(await refusal(office.caller.returns.createLabel({ returnId: collected.returnId }))).toMatchObject({ code: 'BAD_REQUEST', key: 'returns.errors.label_no_address' });
    const received = await returning('sandbox');
    const r = (await office.caller.returns.forOrder({ orderId: received.order.id })).returns[0];
    await office.caller.returns.receive({ returnId: r.id, version: r.version, lines: r.lines.map((l) => ({ returnLineId: l.id, restock: l.qty, writeoff: 0, inspect: 0 })) });
    expect(await refusal(office.caller.returns.createLabel({ returnId: r.id }))).toMatchObject({ code: 'CONFLICT', key: 'returns.errors.label_state' });
    expect(await refusal(office.caller.returns.labelPdf({ returnId: r.id }))).toMatchObject({ code: 'NOT_FOUND', key: 'returns.errors.no_label' });
    for (const o of [manual, collected, received]) {
      expect((await pb().collection('returns').getOne(o.returnId)).label_tracking_number).toBe('');
    }
  });
});
