// F42 surcharges: raise what is owed, with their own invoice number from the invoice
// sequence; the order waits in the payment queue until paid (by the card pay link or marked
// paid by staff); the customer's "surcharge to pay" e-mail; refused on cancelled orders.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderInvoice } from '../../src/lib/documents';
import { renderEmail } from '../../src/lib/server/mail/templates/registry';
import { pb } from '../../src/lib/server/pocketbase/client';
import { configurePayments } from '../../src/lib/server/payments/providers/config';
import { amountStillOwed } from '../../src/lib/server/refunds/owed';
import type { MoneyOrder, SurchargeRecord } from '../../src/lib/server/refunds/records';
import { formatInvoiceNumber, yearIn } from '../../src/lib/server/documents/invoice-number';
import { pdfText } from '../support/documents/pdf';
import { eventually } from '../support/eventually';
import { startWebhookServer } from '../support/payments';
import { anonymousCaller, signedInCaller } from '../support/caller';
import { createOrder, createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { invoiceCounter, setShop, SHOP } from './documents-fixtures';

usePocketBase();

let hook: Awaited<ReturnType<typeof startWebhookServer>>;
let office: Awaited<ReturnType<typeof signedInCaller>>;
const customer = anonymousCaller();
beforeAll(async () => {
  await setShop();
  hook = await startWebhookServer();
  configurePayments({ notifyBaseUrl: hook.url, sandboxNotifyDelayMs: 30, stripeSecretKey: '', stripeWebhookSecret: '' });
  const { staff, password } = await createStaff('office');
  office = await signedInCaller(staff.email, password);
});
afterAll(async () => {
  await hook?.stop();
});

const getOrder = (id: string) => pb().collection('orders').getOne<MoneyOrder>(id);
const surchargesOf = (id: string) => pb().collection('surcharges').getFullList<SurchargeRecord>({ filter: `order = '${id}'` });
const rejection = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as TRPCError);
const inQueue = async (id: string) => (await office.caller.payments.queue({ page: 1, perPage: 500 })).items.some((o) => o.id === id);
const paidOrder = (method: 'card' | 'online_banking' = 'online_banking') =>
  createOrder({ payment_method: method, payment_status: 'paid', total_cents: 4990, subtotal_cents: 4990 }).then((c) => c.order);

describe('F42 surcharges', () => {
  it('open a completed order again until paid, then it finishes by itself (#13 lifecycle)', async () => {
    const { order } = await createOrder({ status: 'completed', payment_method: 'online_banking', payment_status: 'paid', fulfilment_status: 'shipped', total_cents: 4990, subtotal_cents: 4990 });
    const added = await office.caller.refunds.addSurcharge({ orderId: order.id, kind: 'extra_work', reason: 'Gift wrapping', amountCents: 500, taxRateBp: 1900 });
    expect(await getOrder(order.id)).toMatchObject({ status: 'placed', surcharge_open_cents: 500 });
    await office.caller.refunds.markSurchargePaid({ surchargeId: added.id, reference: 'Transfer 2026-12-04' });
    expect(await getOrder(order.id)).toMatchObject({ status: 'completed', surcharge_open_cents: 0 });
    const types = (await pb().collection('order_events').getFullList<{ type: string }>({ filter: `order = '${order.id}'`, sort: 'created' })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['surcharge_added', 'reopened', 'surcharge_paid', 'completed']));
  });

  it('raise what is owed, get the next invoice number, put a paid order back in the payment queue until marked paid', async () => {
    const order = await paidOrder();
    expect(await inQueue(order.id)).toBe(false);
    const before = await invoiceCounter();
    const added = await office.caller.refunds.addSurcharge({ orderId: order.id, kind: 'shipping_change', reason: 'Express instead of standard', amountCents: 990, taxRateBp: 1900 });
    expect(added.invoiceNumber).toBe(formatInvoiceNumber(yearIn('Europe/Berlin', new Date()), before + 1));
    expect(await invoiceCounter()).toBe(before + 1);
    expect(await getOrder(order.id)).toMatchObject({ surcharge_cents: 990, surcharge_open_cents: 990, payment_status: 'paid' });
    expect(await amountStillOwed(order.id)).toEqual({ cents: 990, currency: 'EUR' });
    expect(await inQueue(order.id)).toBe(true);
    const row = (await office.caller.payments.queue({ page: 1, perPage: 500 })).items.find((o) => o.id === order.id);
    expect(row).toMatchObject({ owed_cents: 990, total_cents: 4990 });
    const view = await office.caller.refunds.forOrder({ orderId: order.id });
    expect(view).toMatchObject({ owedCents: 990, surcharges: [{ invoiceNumber: added.invoiceNumber, status: 'open', amountCents: 990 }] });

    // the surcharge's own invoice
    const input = await office.caller.refunds.surchargeInvoice({ surchargeId: added.id, locale: 'en' });
    const text = await pdfText(await renderInvoice(input));
    expect(text).toContain(added.invoiceNumber);
    expect(text).toContain('Express instead of standard');

    // the customer's e-mail: amount, invoice number, bank reference
    const [mail] = await pb().collection('outbox').getFullList<{ recipient: string; payload: { locale: string; data: unknown } }>({ filter: `order = '${order.id}' && topic = 'surcharge_due'` });
    expect(mail.recipient).toBe(order.email);
    const rendered = await renderEmail({ topic: 'surcharge_due', locale: 'de', data: mail.payload.data });
    expect(rendered.subject).toBe(`Zusätzlicher Betrag zu Ihrer Bestellung #${order.number}`);
    expect(rendered.text).toContain('9,90');
    expect(rendered.text).toContain(`Verwendungszweck: ${added.invoiceNumber}`);
    expect(rendered.text).toContain(SHOP.bankDetails);

    await office.caller.refunds.markSurchargePaid({ surchargeId: added.id, reference: 'SEPA-990' });
    expect(await getOrder(order.id)).toMatchObject({ surcharge_open_cents: 0, surcharge_cents: 990 });
    expect(await surchargesOf(order.id)).toMatchObject([{ status: 'paid', payment_reference: 'SEPA-990' }]);
    expect(await inQueue(order.id)).toBe(false);
    expect((await office.caller.refunds.forOrder({ orderId: order.id })).paidCents).toBe(990);
    expect((await rejection(office.caller.refunds.markSurchargePaid({ surchargeId: added.id, reference: 'again' })))?.code).toBe('CONFLICT');
  });

  it('a card order pays its surcharge through the pay link: the sandbox payment settles it', async () => {
    const order = await paidOrder('card');
    await pb().collection('payments').create({ order: order.id, method: 'card', amount_cents: 4990, currency: 'EUR', status: 'succeeded', provider: 'sandbox', provider_payment_id: `sbx_paid_${order.id}` });
    await office.caller.refunds.addSurcharge({ orderId: order.id, kind: 'extra_work', amountCents: 1500, taxRateBp: 1900 });
    const [mail] = await pb().collection('outbox').getFullList<{ payload: { data: unknown } }>({ filter: `order = '${order.id}' && topic = 'surcharge_due'` });
    const rendered = await renderEmail({ topic: 'surcharge_due', locale: 'en', data: mail.payload.data });
    expect(rendered.html).toContain(`/pay/${order.pay_token}`);

    const view = await customer.payments.checkout.open({ token: order.pay_token });
    expect(view).toMatchObject({ state: 'open', amountCents: 1500 });
    if (!('publicId' in view)) throw new Error('not open');
    await customer.payments.checkout.pay({ publicId: view.publicId, number: '4242 4242 4242 4242', expiry: '12/39', cvc: '123', name: 'Anna' });
    await eventually(async () => (await getOrder(order.id)).surcharge_open_cents === 0, { timeout: 5000, what: 'surcharge settled' });
    expect(await surchargesOf(order.id)).toMatchObject([{ status: 'paid' }]);
    expect(await getOrder(order.id)).toMatchObject({ payment_status: 'paid' });
    const events = await pb().collection('order_events').getFullList({ filter: `order = '${order.id}' && type = 'surcharge_paid'` });
    expect(events).toMatchObject([{ actor_label: 'card gateway', data: { amount_cents: 1500 } }]);
  });

  it('is refused on a cancelled order with a clear message, and nothing changes', async () => {
    const { order } = await createOrder({ status: 'cancelled', total_cents: 1000, subtotal_cents: 1000 });
    const before = await invoiceCounter();
    const e = await rejection(office.caller.refunds.addSurcharge({ orderId: order.id, kind: 'extra_work', amountCents: 500, taxRateBp: 1900 }));
    expect(e?.code).toBe('CONFLICT');
    expect(e?.message).toBe(`Order ${order.number} is cancelled: a surcharge cannot be added to a cancelled order.`);
    expect(await invoiceCounter()).toBe(before);
    expect(await surchargesOf(order.id)).toHaveLength(0);
    expect(await getOrder(order.id)).toMatchObject({ surcharge_open_cents: 0 });
  });

  it('a typed-in reason is required for "other"; the amount must be positive', async () => {
    const order = await paidOrder();
    const e = await rejection(office.caller.refunds.addSurcharge({ orderId: order.id, kind: 'other', amountCents: 500, taxRateBp: 1900 }));
    expect(e?.code).toBe('BAD_REQUEST');
    expect(e?.message).toMatch(/reason/);
    expect((await rejection(office.caller.refunds.addSurcharge({ orderId: order.id, kind: 'extra_work', amountCents: 0, taxRateBp: 1900 })))?.code).toBe('BAD_REQUEST');
    expect(await surchargesOf(order.id)).toHaveLength(0);
  });
});
