// F41 refunds: through the provider that took the money (the sandbox gateway with its signed
// notification, applied once; Stripe with an idempotency key and its charge.refunded
// notification), or recorded as a bank transfer / cheque with a reference. Never more than
// paid minus refunded, also when two people refund at once. The "refund issued" e-mail with
// the credit note's PDF through a real SMTP server.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { TRPCError } from '@trpc/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configureMail } from '../../src/lib/server/mail/config';
import { registerEmailDelivery } from '../../src/lib/server/mail/deliver';
import { OutboxWorker } from '../../src/lib/server/outbox/worker';
import { registerCreditNoteMail } from '../../src/lib/server/refunds/documents';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderEventRecord, OrderRecord, PaymentRecordFull } from '../../src/lib/server/pocketbase/records';
import { configurePayments } from '../../src/lib/server/payments/providers/config';
import { signatureHeader } from '../../src/lib/server/payments/providers/signature';
import { sandboxSigningSecret } from '../../src/lib/server/payments/providers/sandbox/secret';
import { StripeProvider } from '../../src/lib/server/payments/providers/stripe';
import type { MoneyOrder, RefundRecord } from '../../src/lib/server/refunds/records';
import { pdfText } from '../support/documents/pdf';
import { eventually } from '../support/eventually';
import { useRefundDesk } from '../support/refunds';
import { createOrder } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { paidBySandboxCard } from './card-fixtures';
import { startSmtpServer } from './mail-support';
import { pricedOrder, setShop } from './documents-fixtures';

// e-mail is delivered by the kind the app registers at start-up (src/hooks.server.ts)
registerEmailDelivery();
// and the credit note refund_issued attaches, as the app registers it
registerCreditNoteMail();

usePocketBase();

const desk = useRefundDesk(setShop);

const getOrder = (id: string) => pb().collection('orders').getOne<MoneyOrder>(id);
const refundsOf = (id: string) => pb().collection('refunds').getFullList<RefundRecord>({ filter: `order = '${id}'`, sort: 'created' });
const eventsOf = (id: string, type: string) => pb().collection('order_events').getFullList<OrderEventRecord>({ filter: `order = '${id}' && type = '${type}'` });
const mailsOf = (id: string) => pb().collection('outbox').getFullList<{ topic: string; recipient: string; payload: { data: Record<string, unknown> } }>({ filter: `order = '${id}' && topic = 'refund_issued'` });
const rejection = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as TRPCError);


/** A bank-transfer order marked paid (a payments row of the whole total). */
async function paidByTransfer(total = 5000) {
  const { order } = await createOrder({ payment_method: 'online_banking', payment_status: 'paid', total_cents: total, subtotal_cents: total });
  await pb().collection('payments').create({ order: order.id, method: 'online_banking', amount_cents: total, currency: 'EUR', status: 'succeeded', provider: 'manual', bank_reference: `TR-${order.number}` });
  return order;
}

describe('F41 refunds through the sandbox card gateway', () => {
  it('a partial refund goes back through the gateway; its signed notification makes the order partially refunded, once', async () => {
    const { order, publicId } = await paidBySandboxCard();
    const started = await desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 1290, method: 'card', reason: 'Mug broken' });
    expect(started.status).toBe('pending');
    expect(await refundsOf(order.id)).toMatchObject([{ status: 'pending', provider: 'sandbox', amount_cents: 1290 }]);

    await eventually(async () => (await getOrder(order.id)).payment_status === 'partially_refunded', { timeout: 5000, what: 'partially refunded' });
    const [refund] = await refundsOf(order.id);
    expect(refund).toMatchObject({ status: 'succeeded', method: 'card' });
    expect(refund.provider_refund_id).toMatch(/^re_sbx_/);
    expect(await getOrder(order.id)).toMatchObject({ refunded_cents: 1290 });
    expect(await eventsOf(order.id, 'partially_refunded')).toMatchObject([{ actor_label: 'card gateway', data: { from: 'paid', to: 'partially_refunded', amount_cents: 1290 } }]);
    expect(await mailsOf(order.id)).toMatchObject([{ recipient: order.email, payload: { data: { orderId: order.id, refundId: refund.id } } }]);
    const gateway = (await pb().collection('sandbox_payments').getFirstListItem(`public_id = '${publicId}'`)) as { refunded_cents: number };
    expect(gateway.refunded_cents).toBe(1290);

    // the gateway sends the same notification again (a retry): applied once
    const ev = await pb().collection('sandbox_events').getFirstListItem<{ body: string }>(`body ~ '${refund.id}'`);
    const replay = await desk.hook.post('sandbox', ev.body, { 'packbench-signature': signatureHeader(ev.body, await sandboxSigningSecret()) });
    expect(await replay.json()).toMatchObject({ result: 'duplicate' });
    expect(await eventsOf(order.id, 'partially_refunded')).toHaveLength(1);
    expect(await mailsOf(order.id)).toHaveLength(1);

    // the rest: fully refunded
    await desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 3700, method: 'card' });
    await eventually(async () => (await getOrder(order.id)).payment_status === 'refunded', { timeout: 5000, what: 'refunded' });
    expect(await getOrder(order.id)).toMatchObject({ refunded_cents: 4990 });
  });

  it('a notification with a bad signature changes nothing', async () => {
    const { order } = await paidBySandboxCard();
    const body = JSON.stringify({ id: 'evt_forged', type: 'refund.succeeded', created: new Date().toISOString(), data: { refund_id: 're_x', refund_ref: 'abcdefghijklmno', payment_id: 'sbx_x', order_ref: order.id, amount_cents: 4990, currency: 'EUR', status: 'succeeded' } });
    const res = await desk.hook.post('sandbox', body, { 'packbench-signature': signatureHeader(body, 'not the secret') });
    expect(res.status).toBe(400);
    expect((await getOrder(order.id)).payment_status).toBe('paid');
  });
});

describe('F41 refund limits', () => {
  it('more than paid minus refunded is refused with a clear message, and nothing changes', async () => {
    const order = await paidByTransfer(5000);
    await desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 2000, method: 'bank_transfer', reference: 'RF-1' });
    const e = await rejection(desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 3001, method: 'bank_transfer', reference: 'RF-2' }));
    expect(e?.code).toBe('BAD_REQUEST');
    expect(e?.message).toBe('A refund of €30.01 is more than can still be refunded (€30.00: paid €50.00, already refunded €20.00). Nothing was changed.');
    expect(await refundsOf(order.id)).toHaveLength(1);
    expect(await getOrder(order.id)).toMatchObject({ refunded_cents: 2000, payment_status: 'partially_refunded' });
  });

  it('two people refunding at once past the limit: exactly one succeeds (Promise.all against PocketBase)', async () => {
    const order = await paidByTransfer(5000);
    // already partially refunded: the state move (partially_refunded -> partially_refunded) alone would not stop the second
    await desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 1000, method: 'bank_transfer', reference: 'RACE-0' });
    const results = await Promise.allSettled(['A', 'B'].map((ref) => desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 2500, method: 'bank_transfer', reference: `RACE-${ref}` })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as Error).message).toMatch(/is more than can still be refunded/);
    expect(await refundsOf(order.id)).toHaveLength(2);
    expect(await getOrder(order.id)).toMatchObject({ refunded_cents: 3500, payment_status: 'partially_refunded' });
  });

  it('two card refunds racing past what the gateway payment has left: exactly one is started', async () => {
    const { order } = await paidBySandboxCard({ total: 4990 });
    const results = await Promise.allSettled([1, 2].map(() => desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 3000, method: 'card' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await refundsOf(order.id)).filter((r) => r.status !== 'failed')).toHaveLength(1);
    await eventually(async () => (await getOrder(order.id)).payment_status === 'partially_refunded', { timeout: 5000, what: 'partially refunded' });
    expect(await getOrder(order.id)).toMatchObject({ refunded_cents: 3000 });
  });

  it('two refunds within the limit at once both succeed, and the order ends refunded', async () => {
    const order = await paidByTransfer(5000);
    await Promise.all(['A', 'B'].map((ref) => desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 2500, method: 'cheque', reference: `CHQ-${ref}` })));
    expect(await getOrder(order.id)).toMatchObject({ refunded_cents: 5000, payment_status: 'refunded' });
  });

  it('a bank refund is recorded with its reference, done at once; a card refund of a transfer is refused', async () => {
    const order = await paidByTransfer(5000);
    expect((await rejection(desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 500, method: 'bank_transfer' })))?.code).toBe('BAD_REQUEST');
    const card = await rejection(desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 500, method: 'card' }));
    expect(card?.message).toMatch(/not paid by card/);
    await desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 5000, method: 'bank_transfer', reference: 'SEPA-2026-0042' });
    expect(await refundsOf(order.id)).toMatchObject([{ status: 'succeeded', method: 'bank_transfer', provider: 'manual', reference: 'SEPA-2026-0042' }]);
    expect(await eventsOf(order.id, 'refunded')).toMatchObject([{ actor: desk.manager.session.staff.id, data: { reference: 'SEPA-2026-0042', amount_cents: 5000 } }]);
  });
});

describe('F41 refunds through Stripe', () => {
  const secret = 'whsec_test_packbench';
  beforeAll(() => configurePayments({ stripeSecretKey: 'sk_test_packbench', stripeWebhookSecret: secret }));
  afterAll(() => configurePayments({ stripeSecretKey: '', stripeWebhookSecret: '' }));

  it('refunds through the library with our refund id as idempotency key (against a local stand-in API)', async () => {
    const seen: { path: string; body: URLSearchParams; idempotency?: string }[] = [];
    const api = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      seen.push({ path: req.url ?? '', body: new URLSearchParams(Buffer.concat(chunks).toString()), idempotency: req.headers['idempotency-key'] as string | undefined });
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_test' });
      res.end(JSON.stringify({ id: 're_test_1', object: 'refund', amount: 1290, status: 'pending' }));
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const provider = new StripeProvider({ secretKey: 'sk_test_x', webhookSecret: secret, api: { host: '127.0.0.1', port: (api.address() as AddressInfo).port, protocol: 'http' } });
    const made = await provider.refund({ refundRef: 'abcdefghijklmno', orderRef: 'ordordordordord', providerPaymentId: 'pi_123', amountCents: 1290, currency: 'EUR' });
    await new Promise((r) => api.close(r));
    expect(made).toEqual({ providerRefundId: 're_test_1' });
    expect(seen).toHaveLength(1);
    expect(seen[0].path).toBe('/v1/refunds');
    expect(seen[0].idempotency).toBe('packbench-refund-abcdefghijklmno');
    expect(Object.fromEntries(seen[0].body)).toMatchObject({ payment_intent: 'pi_123', amount: '1290', 'metadata[refund_ref]': 'abcdefghijklmno' });
  });

  it('a manager refunds a Stripe payment end to end: the refund goes to Stripe with its idempotency key, charge.refunded completes it', async () => {
    const calls: { path: string; idempotency?: string; body: URLSearchParams }[] = [];
    const api = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      calls.push({ path: req.url ?? '', idempotency: req.headers['idempotency-key'] as string | undefined, body: new URLSearchParams(Buffer.concat(chunks).toString()) });
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_test' });
      res.end(JSON.stringify({ id: `re_e2e_${calls.length}`, object: 'refund', amount: 1000, status: 'pending' }));
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    configurePayments({ stripeApi: { host: '127.0.0.1', port: (api.address() as AddressInfo).port, protocol: 'http' } });
    try {
      const { order } = await createOrder({ payment_method: 'card', payment_status: 'paid', total_cents: 4990, subtotal_cents: 4990 });
      await pb().collection('payments').create({ order: order.id, method: 'card', amount_cents: 4990, currency: 'EUR', status: 'succeeded', provider: 'stripe', provider_payment_id: `pi_${order.id}`, provider_event_id: `evt_paid_${order.id}` });
      const started = await desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 1000, method: 'card' });
      expect(started.status).toBe('pending');
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ path: '/v1/refunds', idempotency: `packbench-refund-${started.id}` });
      expect(Object.fromEntries(calls[0].body)).toMatchObject({ payment_intent: `pi_${order.id}`, amount: '1000', 'metadata[refund_ref]': started.id });
      expect(await refundsOf(order.id)).toMatchObject([{ id: started.id, status: 'pending', provider: 'stripe', provider_refund_id: 're_e2e_1' }]);

      // charge.refunded without its refunds list (newer API versions): the cumulative amount completes it
      const payload = JSON.stringify({
        id: `evt_${order.id}_r1`, object: 'event', type: 'charge.refunded', created: Math.floor(Date.now() / 1000), api_version: '2025-01-27.acacia', livemode: false,
        data: { object: { id: `ch_${order.number}`, object: 'charge', amount: 4990, amount_refunded: 1000, refunded: false, currency: 'eur', payment_intent: `pi_${order.id}`, metadata: {} } }
      });
      const res = await desk.hook.post('stripe', payload, { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }) });
      expect(await res.json()).toMatchObject({ result: 'applied' });
      expect(await getOrder(order.id)).toMatchObject({ payment_status: 'partially_refunded', refunded_cents: 1000 });
      expect(await refundsOf(order.id)).toMatchObject([{ status: 'succeeded' }]);
    } finally {
      configurePayments({ stripeApi: undefined });
      await new Promise((r) => api.close(r));
    }
  });

  it('Stripe refusing a refund marks it failed and frees the amount; no answer keeps it pending for the notification', async () => {
    let status = 400;
    const api = createServer(async (req, res) => {
      for await (const _ of req) void _;
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_test', 'stripe-should-retry': 'false' });
      res.end(JSON.stringify({ error: { type: status === 400 ? 'invalid_request_error' : 'api_error', message: status === 400 ? 'Charge has already been refunded.' : 'Something went wrong on our end.' } }));
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    configurePayments({ stripeApi: { host: '127.0.0.1', port: (api.address() as AddressInfo).port, protocol: 'http' } });
    try {
      const { order } = await createOrder({ payment_method: 'card', payment_status: 'paid', total_cents: 4990, subtotal_cents: 4990 });
      await pb().collection('payments').create({ order: order.id, method: 'card', amount_cents: 4990, currency: 'EUR', status: 'succeeded', provider: 'stripe', provider_payment_id: `pi_${order.id}`, provider_event_id: `evt_paid_${order.id}` });
      const refused = await rejection(desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 1000, method: 'card' }));
      expect(refused?.message).toBe('The card provider did not take the refund: Charge has already been refunded. Nothing was refunded.');
      expect(await refundsOf(order.id)).toMatchObject([{ status: 'failed' }]);
      expect(await getOrder(order.id)).toMatchObject({ refunded_cents: 0, payment_status: 'paid' });
      expect(await eventsOf(order.id, 'refund_failed')).toHaveLength(1);

      status = 500;
      const unknown = await desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 1000, method: 'card' });
      expect(unknown.status).toBe('pending');
      expect(await getOrder(order.id)).toMatchObject({ refunded_cents: 1000 });
    } finally {
      configurePayments({ stripeApi: undefined });
      await new Promise((r) => api.close(r));
    }
  });

  it('charge.refunded completes the pending refund once: the order is refunded, a replay changes nothing', async () => {
    const { order } = await createOrder({ payment_method: 'card', payment_status: 'paid', total_cents: 4990, subtotal_cents: 4990 });
    const payment = await pb().collection('payments').create<PaymentRecordFull>({ order: order.id, method: 'card', amount_cents: 4990, currency: 'EUR', status: 'succeeded', provider: 'stripe', provider_payment_id: `pi_${order.id}`, provider_event_id: `evt_paid_${order.id}` });
    // what startRefund wrote before Stripe answered
    const refund = await pb().collection('refunds').create<RefundRecord>({ order: order.id, amount_cents: 4990, currency: 'EUR', method: 'card', provider: 'stripe', payment: payment.id, provider_refund_id: 're_stripe_1', status: 'pending' });
    await pb().collection('orders').update(order.id, { refunded_cents: 4990 });
    const payload = JSON.stringify({
      id: `evt_${order.id}_refunded`, object: 'event', type: 'charge.refunded', created: Math.floor(Date.now() / 1000), api_version: '2025-01-27.acacia', livemode: false,
      data: { object: { id: `ch_${order.number}`, object: 'charge', amount: 4990, amount_refunded: 4990, refunded: true, currency: 'eur', payment_intent: `pi_${order.id}`, metadata: {},
        refunds: { object: 'list', data: [{ id: 're_stripe_1', object: 'refund', amount: 4990, status: 'succeeded', metadata: { refund_ref: refund.id } }] } } }
    });
    const send = () => desk.hook.post('stripe', payload, { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }) });
    expect(await (await send()).json()).toMatchObject({ result: 'applied' });
    expect(await getOrder(order.id)).toMatchObject({ payment_status: 'refunded' });
    expect(await refundsOf(order.id)).toMatchObject([{ status: 'succeeded', provider_event_id: `evt_${order.id}_refunded` }]);
    expect(await (await send()).json()).toMatchObject({ result: 'duplicate' });
    expect(await eventsOf(order.id, 'refunded')).toHaveLength(1);
  });
});

describe('F41 the refund e-mail', () => {
  afterEach(() => configureMail(null));

  it('"refund issued" reaches the customer over real SMTP with the credit note PDF attached', async () => {
    const server = await startSmtpServer();
    configureMail({ smtpUrl: server.url, from: null });
    const worker = new OutboxWorker({ pollMs: 500, log: () => {} });
    try {
      const { order, lines } = await pricedOrder({ locale: 'de' } as Partial<OrderRecord>, { paid: true });
      const note = await desk.manager.caller.refunds.issueCreditNote({ orderId: order.id, lines: [{ lineId: lines[0].id, qty: 1 }], reason: 'Becher zerbrochen' });
      await desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: note.totalCents, method: 'bank_transfer', reference: 'SEPA-77', creditNoteId: note.id });
      worker.start();
      const mail = await eventually(async () => server.received.find((m) => m.envelope.to.includes(order.email)), { timeout: 10_000, what: 'refund mail' });
      expect(mail.parsed.subject).toBe(`Erstattung zu Ihrer Bestellung #${order.number}`);
      expect(mail.parsed.text).toContain('12,90');
      expect(mail.parsed.text).toContain('SEPA-77');
      expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`credit-note-${note.number}.pdf`, 'application/pdf']]);
      const text = await pdfText(new Uint8Array(mail.parsed.attachments[0].content));
      expect(text).toContain(note.number);
      expect(text).toContain('Becher zerbrochen');
    } finally {
      await worker.stop();
      await server.close();
    }
  });
});
