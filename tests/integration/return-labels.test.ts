// F39 (#13): a return label bought through the courier provider where it offers one (the
// sandbox courier), from the customer to the shop: once per return, only while the goods are
// on their way, on the timeline, printable as a PDF and e-mailed to the customer; refused with a clear message for a
// courier without return labels, a collected order or a received return.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetShippingConfig } from '../../src/lib/server/shipping/config';
import { PUBLIC_KEY, SECRET_KEY, startFakeSendcloud } from './sendcloud-fake';
import { renderEmail } from '../../src/lib/server/mail/templates/registry';
import { registerReturnLabelMail } from '../../src/lib/server/returns/label';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderEventRecord } from '../../src/lib/server/pocketbase/records';
import { anonymousCaller, signedInCaller } from '../support/caller';
import { createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { clientId, lineRecords, readyOrder } from './shipping-fixtures';

// the label return_label attaches, as the app registers it at start-up (src/hooks.server.ts)
registerReturnLabelMail();

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
async function returning(courier: 'sandbox' | 'manual' | 'sendcloud', method: 'ship' | 'collect' = 'ship') {
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

  it('F39 the customer sees the label on the tracking page and downloads it by the link; no other link reaches it', async () => {
    const { order, returnId } = await returning('sandbox');
    const other = await returning('sandbox');
    const customer = anonymousCaller(undefined, '10.0.3.1');
    expect((await customer.returns.trackOptions({ token: order.tracking_token })).returns).toMatchObject([{ id: returnId, label: null }]);
    const label = await office.caller.returns.createLabel({ returnId });
    const options = await customer.returns.trackOptions({ token: order.tracking_token });
    expect(options.returns).toMatchObject([{ id: returnId, label: { carrier: 'sandbox', trackingNumber: label.trackingNumber } }]);
    const file = await customer.returns.trackLabel({ token: order.tracking_token, returnId });
    expect(file.fileName).toBe(`return-label-${order.number}.pdf`);
    expect(Buffer.from(file.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    // another order's link, or a wrong one: not found, the same answer
    expect(await refusal(customer.returns.trackLabel({ token: other.order.tracking_token, returnId }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(customer.returns.trackLabel({ token: 'no-such-token', returnId }))).toMatchObject({ code: 'NOT_FOUND' });
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

describe('F39 Sendcloud return labels (Returns API v3, against a local stand-in of Sendcloud)', () => {
  const env = { ...process.env };
  let sendcloud: Awaited<ReturnType<typeof startFakeSendcloud>>;
  beforeAll(async () => {
    sendcloud = await startFakeSendcloud();
    Object.assign(process.env, { SENDCLOUD_PUBLIC_KEY: PUBLIC_KEY, SENDCLOUD_SECRET_KEY: SECRET_KEY, SENDCLOUD_BASE_URL: sendcloud.baseUrl, SENDCLOUD_SHIPPING_METHOD_ID: '8', SENDCLOUD_RETURN_SHIPPING_OPTION: 'dhl_de:return/return' });
    resetShippingConfig();
  });
  afterAll(async () => {
    for (const k of ['SENDCLOUD_PUBLIC_KEY', 'SENDCLOUD_SECRET_KEY', 'SENDCLOUD_BASE_URL', 'SENDCLOUD_SHIPPING_METHOD_ID', 'SENDCLOUD_RETURN_SHIPPING_OPTION']) {
      if (env[k] === undefined) delete process.env[k];
      else process.env[k] = env[k];
    }
    resetShippingConfig();
    await sendcloud.stop();
  });

  it('buys the return from the customer to the shop, prints its label, and voids the loser of a double click', async () => {
    const { order, returnId } = await returning('sendcloud');
    const [a, b] = await Promise.all([office.caller.returns.createLabel({ returnId }), office.caller.returns.createLabel({ returnId })]);
    // one label: both answers name it
    expect(a.trackingNumber).toBe(b.trackingNumber);
    expect(a).toMatchObject({ courier: 'sendcloud', carrier: 'dhl', trackingNumber: expect.stringMatching(/^3SRET\d+$/) });
    const created = sendcloud.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/returns');
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(created[0].body).toMatchObject({
      from_address: { address_line_1: 'Hauptstraße', house_number: '1', postal_code: '10115', country_code: 'DE' },
      to_address: { name: 'Teehaus Berlin', address_line_1: 'Oranienstraße', house_number: '1', postal_code: '10999' },
      ship_with: { type: 'shipping_option_code', shipping_option_code: 'dhl_de:return/return' },
      external_reference: returnId,
      order_number: String(order.number)
    });
    // a second purchase (the race's loser) is cancelled at Sendcloud
    expect(sendcloud.cancelledReturns.size).toBe(created.length - 1);
    const stored = await pb().collection('returns').getOne<{ label_courier_ref: string }>(returnId);
    expect(stored.label_courier_ref).toMatch(/^r\d+:\d+$/);
    const pdf = await office.caller.returns.labelPdf({ returnId });
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('says what is missing when no return shipping option is set, writing nothing', async () => {
    delete process.env.SENDCLOUD_RETURN_SHIPPING_OPTION;
    resetShippingConfig();
    try {
      const { returnId } = await returning('sendcloud');
      expect(await refusal(office.caller.returns.createLabel({ returnId }))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('SENDCLOUD_RETURN_SHIPPING_OPTION') });
      expect((await pb().collection('returns').getOne<{ label_tracking_number: string }>(returnId)).label_tracking_number).toBe('');
    } finally {
      process.env.SENDCLOUD_RETURN_SHIPPING_OPTION = 'dhl_de:return/return';
      resetShippingConfig();
    }
  });
});
