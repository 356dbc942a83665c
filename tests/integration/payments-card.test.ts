// Card payments (F08) through the sandbox gateway: its signed notifications through the real
// webhook handler on a real HTTP port, against a real PocketBase. (Stripe: payments-stripe.test.ts.)
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderEventRecord, OrderRecord, PaymentRecordFull } from '../../src/lib/server/pocketbase/records';
import { configurePayments } from '../../src/lib/server/payments/providers/config';
import { signatureHeader } from '../../src/lib/server/payments/providers/signature';
import { sandboxSigningSecret } from '../../src/lib/server/payments/providers/sandbox/secret';
import { forgetPaymentConfig, savePaymentSettings, DEFAULT_PAYMENT_SETTINGS } from '../../src/lib/server/payments/settings';
import { eventually } from '../support/eventually';
import { startWebhookServer } from '../support/payments';
import { anonymousCaller, signedInCaller } from '../support/caller';
import { createOrder, createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { configureSandbox } from '../../src/lib/server/sandbox';

usePocketBase();

let hook: Awaited<ReturnType<typeof startWebhookServer>>;
let office: Awaited<ReturnType<typeof signedInCaller>>;
const customer = anonymousCaller();
const card = (number: string) => ({ number, expiry: '12/39', cvc: '123', name: 'Anna Schäfer' });

beforeAll(async () => {
  hook = await startWebhookServer();
  configurePayments({ notifyBaseUrl: hook.url, sandboxNotifyDelayMs: 50, stripeSecretKey: '', stripeWebhookSecret: '' });
  const { staff, password } = await createStaff('office');
  office = await signedInCaller(staff.email, password);
});
afterAll(async () => {
  await hook?.stop();
});

const cardOrder = (over: Partial<OrderRecord> = {}) => createOrder({ payment_method: 'card', total_cents: 4990, subtotal_cents: 4990, ...over });
const getOrder = (id: string) => pb().collection('orders').getOne<OrderRecord>(id);
const paymentsOf = (id: string) => pb().collection('payments').getFullList<PaymentRecordFull>({ filter: `order = '${id}'` });
const eventsOf = (id: string) => pb().collection('order_events').getFullList<OrderEventRecord>({ filter: `order = '${id}'`, sort: 'created' });
const mailsOf = (id: string, topic = 'receipt') => pb().collection('outbox').getFullList<{ topic: string; recipient: string; payload: { data: Record<string, unknown> } }>({ filter: `order = '${id}' && topic = '${topic}'` });
const paidEventually = (id: string, status = 'paid') => eventually(async () => (await getOrder(id)).payment_status === status, { timeout: 5000, what: `order ${id} ${status}` });

async function payByCard(order: OrderRecord, number: string) {
  const view = await customer.payments.checkout.open({ token: order.pay_token });
  if (!('publicId' in view)) throw new Error(`checkout not open: ${view.state}`);
  return { view, result: await customer.payments.checkout.pay({ publicId: view.publicId, ...card(number) }) };
}

/** A sandbox notification as the gateway would send it, signed with the install's secret. */
async function sandboxEvent(order: OrderRecord, over: { id?: string; status?: 'succeeded' | 'failed'; created?: Date; paymentId?: string; orderRef?: string } = {}) {
  const body = JSON.stringify({
    id: over.id ?? `evt_sbx_test_${Math.random().toString(36).slice(2)}`,
    type: `payment.${over.status ?? 'succeeded'}`,
    created: (over.created ?? new Date()).toISOString(),
    data: {
      payment_id: over.paymentId ?? `sbx_test_${order.id}_000000`,
      order_ref: over.orderRef ?? order.id,
      order_number: order.number,
      status: over.status ?? 'succeeded',
      amount_cents: order.total_cents,
      currency: order.currency,
      bank_reference: over.status === 'failed' ? '' : `SBX-TEST-${order.number}`,
      decline_code: over.status === 'failed' ? 'card_declined' : '',
      card: { brand: 'visa', last4: '4242' }
    }
  });
  return { body, send: async (now = new Date()) => hook.post('sandbox', body, { 'packbench-signature': signatureHeader(body, await sandboxSigningSecret(), now) }) };
}

describe('the sandbox card gateway, end to end', () => {
  it('a 4242 card pays the order shortly after, by signed notification, with bank reference, timeline and receipt', async () => {
    const { order } = await cardOrder();
    const { view, result } = await payByCard(order, '4242 4242 4242 4242');
    expect(view).toMatchObject({ state: 'open', orderNumber: order.number, amountCents: 4990, currency: 'EUR' });
    expect(result.status).toBe('succeeded');
    // the customer's answer is immediate, the shop learns it from the notification
    expect((await getOrder(order.id)).payment_status).toBe('unpaid');
    await paidEventually(order.id);

    const paid = await getOrder(order.id);
    expect(paid.paid_at).not.toBe('');
    const [payment] = await paymentsOf(order.id);
    expect(payment).toMatchObject({ method: 'card', provider: 'sandbox', status: 'succeeded', amount_cents: 4990, currency: 'EUR', provider_payment_id: view.publicId });
    expect(payment.bank_reference).toMatch(/^SBX-\d{8}-[0-9A-F]{8}$/);
    expect(payment.provider_event_id).toBe(result.eventId);
    const paidEvent = (await eventsOf(order.id)).find((e) => e.type === 'paid');
    expect(paidEvent).toMatchObject({ actor_label: 'card gateway', data: { bank_reference: payment.bank_reference, provider: 'sandbox' } });
    const mails = await mailsOf(order.id);
    expect(mails.map((m) => [m.recipient, m.payload.data])).toEqual([[order.email, { orderId: order.id }]]);
    const delivered = await pb().collection('sandbox_events').getFirstListItem<{ status: string; attempts: number }>(`event_id = '${result.eventId}'`);
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 1 });
    // the page now says it is paid
    expect((await customer.payments.checkout.open({ token: view.publicId })).state).toBe('succeeded');
    expect((await customer.payments.checkout.open({ token: order.pay_token })).state).toBe('paid');
  });

  it('a declined card fails the order payment; a second card then pays it', async () => {
    const { order } = await cardOrder();
    const { result } = await payByCard(order, '4000 0000 0000 0002');
    expect(result).toMatchObject({ status: 'failed', declineCode: 'card_declined' });
    await paidEventually(order.id, 'failed');
    expect((await paymentsOf(order.id)).map((p) => p.status)).toEqual(['failed']);

    await payByCard(order, '4242424242424242');
    await paidEventually(order.id);
    // one payment (the checkout), moved from failed to succeeded
    expect((await paymentsOf(order.id)).map((p) => p.status)).toEqual(['succeeded']);
    expect((await eventsOf(order.id)).map((e) => e.type)).toEqual(['payment_failed', 'paid']);
  });

  it('refuses card input with a message per field, and charges nothing', async () => {
    const { order } = await cardOrder();
    const view = await customer.payments.checkout.open({ token: order.pay_token });
    if (!('publicId' in view)) throw new Error('not open');
    const err = await customer.payments.checkout.pay({ publicId: view.publicId, number: '4242 4242 4242 4241', expiry: '01/20', cvc: '1', name: '' }).catch((e) => e);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.cause.params.fields).toEqual({ number: 'luhn', expiry: 'expired', cvc: 'cvc', name: 'required' });
    const gw = await pb().collection('sandbox_payments').getFirstListItem<{ attempts: number; status: string }>(`public_id = '${view.publicId}'`);
    expect(gw).toMatchObject({ attempts: 0, status: 'open' });
    expect(await pb().collection('sandbox_events').getFullList({ filter: `payment = '${(gw as unknown as { id: string }).id}'` })).toHaveLength(0);
  });

  it('answers an unknown payment link or token clearly', async () => {
    const err = await customer.payments.checkout.open({ token: 'sbx_nonexistentnonexistent' }).catch((e) => e);
    expect([err.code, err.message]).toEqual(['NOT_FOUND', 'This payment link is not valid.']);
  });

  it('does not open a card checkout for a cancelled or non-card order', async () => {
    const cancelled = await cardOrder({ status: 'cancelled' });
    expect((await customer.payments.checkout.open({ token: cancelled.order.pay_token })).state).toBe('cancelled');
    const transfer = await cardOrder({ payment_method: 'online_banking' });
    expect((await customer.payments.checkout.open({ token: transfer.order.pay_token })).state).toBe('not_card');
  });

  it('takes a payment only through the pay token: a forwarded tracking link opens no checkout (issue #12, finding 1)', async () => {
    const { order } = await cardOrder();
    expect(order.pay_token).not.toBe(order.tracking_token);
    const err = await customer.payments.checkout.open({ token: order.tracking_token }).catch((e) => e);
    expect([err.code, err.message]).toEqual(['NOT_FOUND', 'This payment link is not valid.']);
    expect(await pb().collection('sandbox_payments').getFullList({ filter: `order_ref = '${order.id}'` })).toHaveLength(0);
    // the tracking page itself shows neither the amount nor a way to pay
    const track = JSON.stringify(await customer.track.get({ token: order.tracking_token }));
    expect(track).not.toMatch(/total|amount|pay_token|\/pay\//i);
    expect((await customer.payments.checkout.open({ token: order.pay_token })).state).toBe('open');
  });

  it('gives office staff a payment link that reuses the open checkout', async () => {
    const { order } = await cardOrder();
    const a = await office.caller.payments.cardLink({ orderId: order.id });
    const b = await office.caller.payments.cardLink({ orderId: order.id });
    expect(a.url).toMatch(/^\/pay\/sbx_[\w-]{24}$/);
    expect(b.url).toBe(a.url);
    const transfer = await cardOrder({ payment_method: 'cheque' });
    expect((await office.caller.payments.cardLink({ orderId: transfer.order.id }).catch((e) => e)).code).toBe('CONFLICT');
  });
});

describe('notifications are idempotent and never move backwards', () => {
  it('the same event delivered again, or five times at once, counts once', async () => {
    const { order } = await cardOrder();
    const ev = await sandboxEvent(order);
    const responses = await Promise.all([1, 2, 3, 4, 5].map(() => ev.send()));
    const results = await Promise.all(responses.map(async (r) => [r.status, (await r.json()).result]));
    expect(results.filter(([, r]) => r === 'applied')).toHaveLength(1);
    expect(results.filter(([, r]) => r === 'duplicate')).toHaveLength(4);
    expect(results.every(([s]) => s === 200)).toBe(true);
    const again = await ev.send();
    expect(await again.json()).toMatchObject({ result: 'duplicate' });

    expect(await paymentsOf(order.id)).toHaveLength(1);
    expect((await eventsOf(order.id)).filter((e) => e.type === 'paid')).toHaveLength(1);
    expect(await mailsOf(order.id)).toHaveLength(1);
    expect((await getOrder(order.id)).payment_status).toBe('paid');
  });

  it("an older 'failed' after 'succeeded' changes nothing, and neither does a later one", async () => {
    const { order } = await cardOrder();
    const t = Date.now();
    const paymentId = `sbx_test_${order.id}_000001`;
    const succeeded = await sandboxEvent(order, { status: 'succeeded', created: new Date(t), paymentId });
    const olderFailed = await sandboxEvent(order, { status: 'failed', created: new Date(t - 30_000), paymentId });
    const newerFailed = await sandboxEvent(order, { status: 'failed', created: new Date(t + 30_000), paymentId });
    expect(await (await succeeded.send()).json()).toMatchObject({ result: 'applied' });
    expect(await (await olderFailed.send()).json()).toMatchObject({ result: 'stale' });
    expect(await (await newerFailed.send()).json()).toMatchObject({ result: 'stale' });
    expect((await getOrder(order.id)).payment_status).toBe('paid');
    expect((await paymentsOf(order.id)).map((p) => p.status)).toEqual(['succeeded']);
  });

  it("a 'failed' that arrives after a newer 'failed' is ignored; 'succeeded' always wins over a failure", async () => {
    const { order } = await cardOrder();
    const t = Date.now();
    const paymentId = `sbx_test_${order.id}_000002`;
    const newer = await sandboxEvent(order, { status: 'failed', created: new Date(t), paymentId });
    const older = await sandboxEvent(order, { status: 'failed', created: new Date(t - 60_000), paymentId });
    const success = await sandboxEvent(order, { status: 'succeeded', created: new Date(t - 120_000), paymentId });
    expect(await (await newer.send()).json()).toMatchObject({ result: 'applied' });
    expect(await (await older.send()).json()).toMatchObject({ result: 'stale' });
    expect(await (await success.send()).json()).toMatchObject({ result: 'applied' });
    expect((await getOrder(order.id)).payment_status).toBe('paid');
  });
});

describe('production mode: the sandbox gateway is shut (issue #12, finding 1)', () => {
  it('a validly signed sandbox notification is refused and the order stays unpaid', async () => {
    const { order } = await cardOrder();
    const ev = await sandboxEvent(order);
    configureSandbox('payments', false);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const res = await ev.send();
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: 'sandbox_off' });
    } finally {
      warn.mockRestore();
      configureSandbox('payments', null);
    }
    expect(await paymentsOf(order.id)).toHaveLength(0);
    expect((await getOrder(order.id)).payment_status).toBe('unpaid');
  });

  it('without Stripe, card payment is refused clearly and a sandbox checkout takes no card', async () => {
    const { order } = await cardOrder();
    const { view } = await payByCard(order, '4000000000009995');
    if (!('publicId' in view)) throw new Error('no sandbox checkout');
    const { order: other } = await cardOrder();
    configureSandbox('payments', false);
    try {
      await expect(customer.payments.checkout.open({ token: other.pay_token })).rejects.toThrow(/Card payment is not available/);
      await expect(customer.payments.checkout.pay({ publicId: view.publicId, ...card('4242424242424242') })).rejects.toThrow(/Card payment is not available/);
    } finally {
      configureSandbox('payments', null);
    }
    expect((await getOrder(order.id)).payment_status).toBe('unpaid');
  });
});

describe('refused and unknown notifications change nothing', () => {
  it('a changed body (bad signature) is refused with 400 and logged', async () => {
    const { order } = await cardOrder();
    const ev = await sandboxEvent(order);
    const header = signatureHeader(ev.body, await sandboxSigningSecret());
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const res = await hook.post('sandbox', ev.body.replace('"amount_cents":4990', '"amount_cents":1'), { 'packbench-signature': header });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'refused', message: 'Notification refused: signature does not match.' });
    expect(warn.mock.calls.flat().join(' ')).toMatch(/refused a sandbox notification from .*signature does not match/);
    warn.mockRestore();
    expect(await paymentsOf(order.id)).toHaveLength(0);
    expect((await getOrder(order.id)).payment_status).toBe('unpaid');
  });

  it('a notification signed more than 5 minutes ago is refused (no replays)', async () => {
    const { order } = await cardOrder();
    const ev = await sandboxEvent(order);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const res = await ev.send(new Date(Date.now() - 301_000));
    warn.mockRestore();
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/timestamp is 30\d s old/);
    expect(await paymentsOf(order.id)).toHaveLength(0);
  });

  it('a missing signature is refused', async () => {
    const { order } = await cardOrder();
    const ev = await sandboxEvent(order);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const res = await hook.post('sandbox', ev.body, {});
    warn.mockRestore();
    expect(res.status).toBe(400);
  });

  it('an unknown order reference answers 422 clearly and writes nothing', async () => {
    const { order } = await cardOrder();
    const ev = await sandboxEvent(order, { orderRef: 'zzzzzzzzzzzzzzz', paymentId: 'sbx_test_unknown_order_0001' });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const res = await ev.send();
    warn.mockRestore();
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: 'unknown_order', message: 'No order with reference "zzzzzzzzzzzzzzz". Nothing was changed.' });
    expect(await pb().collection('payments').getFullList({ filter: "provider_payment_id = 'sbx_test_unknown_order_0001'" })).toHaveLength(0);
  });

  it('an unknown provider is 404', async () => {
    const res = await hook.post('paypal', '{}', {});
    expect(res.status).toBe(404);
  });
});

describe('receipts (F11)', () => {
  afterAll(async () => {
    await savePaymentSettings(DEFAULT_PAYMENT_SETTINGS);
  });

  it('with receipts on "manual" a payment queues none; "send receipt" on the order page does', async () => {
    await savePaymentSettings({ ...DEFAULT_PAYMENT_SETTINGS, receipt: 'manual' });
    forgetPaymentConfig();
    const { order } = await cardOrder();
    expect((await office.caller.payments.sendReceipt({ orderId: order.id }).catch((e) => e)).message).toBe(`Order ${order.number} is not paid yet, so there is no receipt to send.`);
    await (await sandboxEvent(order)).send();
    await paidEventually(order.id);
    expect(await mailsOf(order.id)).toHaveLength(0);
    expect(await office.caller.payments.sendReceipt({ orderId: order.id })).toEqual({ to: order.email });
    const mails = await mailsOf(order.id);
    expect(mails.map((m) => m.payload.data)).toEqual([{ orderId: order.id }]);
    expect((await eventsOf(order.id)).at(-1)).toMatchObject({ type: 'receipt_requested', actor: office.session.staff.id });
  });
});
