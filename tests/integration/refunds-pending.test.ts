// F41 card refunds that do not simply succeed, against a real PocketBase: the sandbox gateway's
// refund of a "refunds fail" test card ends with a signed refund.failed (the amount is free again);
// Stripe's refund.failed event does the same; and a refund whose notification never came is
// settled by asking the provider (pending.ts): found done or failed, or asked for again with the
// same idempotency key when the provider never took it.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderEventRecord, PaymentRecordFull } from '../../src/lib/server/pocketbase/records';
import { configurePayments } from '../../src/lib/server/payments/providers/config';
import { CHECK_AFTER_MS, checkPendingRefunds } from '../../src/lib/server/refunds/pending';
import type { MoneyOrder, RefundRecord } from '../../src/lib/server/refunds/records';
import { eventually } from '../support/eventually';
import { useRefundDesk } from '../support/refunds';
import { createOrder } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { paidBySandboxCard } from './card-fixtures';
import { setShop } from './documents-fixtures';

usePocketBase();

const desk = useRefundDesk(setShop);
const secret = 'whsec_test_pending';

afterAll(() => configurePayments({ stripeSecretKey: '', stripeWebhookSecret: '', stripeApi: undefined }));

const getOrder = (id: string) => pb().collection('orders').getOne<MoneyOrder>(id);
const refundsOf = (id: string) => pb().collection('refunds').getFullList<RefundRecord>({ filter: `order = '${id}'`, sort: 'created' });
const eventsOf = (id: string, type: string) => pb().collection('order_events').getFullList<OrderEventRecord>({ filter: `order = '${id}' && type = '${type}'` });
const later = () => new Date(Date.now() + CHECK_AFTER_MS + 60_000);


describe('F41 a sandbox card refund that fails', () => {
  it('the gateway takes it, then its signed refund.failed frees the amount; the order stays paid', async () => {
    const { order, publicId } = await paidBySandboxCard({ number: '4000 0000 0000 5126' });
    const started = await desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 1500, method: 'card' });
    expect(started.status).toBe('pending');
    await eventually(async () => (await refundsOf(order.id))[0]?.status === 'failed', { timeout: 5000, what: 'refund failed' });
    expect(await getOrder(order.id)).toMatchObject({ refunded_cents: 0, payment_status: 'paid' });
    expect(await eventsOf(order.id, 'refund_failed')).toHaveLength(1);
    expect(await eventsOf(order.id, 'partially_refunded')).toHaveLength(0);
    const gateway = await pb().collection('sandbox_payments').getFirstListItem<{ refunded_cents: number }>(`public_id = '${publicId}'`);
    expect(gateway.refunded_cents).toBe(0);
    // the amount can be refunded another way
    const bank = await desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 1500, method: 'bank_transfer', reference: 'SEPA 2026-12-05' });
    expect(bank.status).toBe('succeeded');
  });

  it('a refund whose notification could not be delivered is settled by asking the gateway', async () => {
    const { order, publicId } = await paidBySandboxCard({ number: '4242 4242 4242 4242' });
    // the gateway cannot reach the shop from now on (its notifications for this payment go nowhere)
    const gateway = await pb().collection('sandbox_payments').getFirstListItem<{ id: string }>(`public_id = '${publicId}'`);
    await pb().collection('sandbox_payments').update(gateway.id, { notify_url: 'http://127.0.0.1:9/api/payments/webhook/sandbox' });
    const started = await desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 1000, method: 'card' });
    expect(started.status).toBe('pending');
    // not due yet: nothing is asked
    expect(await checkPendingRefunds(new Date())).toMatchObject({ checked: 0 });
    expect(await checkPendingRefunds(later())).toMatchObject({ checked: 1, settled: 1 });
    expect(await refundsOf(order.id)).toMatchObject([{ status: 'succeeded' }]);
    expect(await getOrder(order.id)).toMatchObject({ payment_status: 'partially_refunded', refunded_cents: 1000 });
    // a second pass finds nothing pending
    expect(await checkPendingRefunds(later())).toMatchObject({ checked: 0 });
  });
});

describe('F41 Stripe refunds that fail or go unanswered', () => {
  /** A local stand-in of Stripe's API: answers by route, records every call. */
  async function stripeApi(answer: (req: IncomingMessage, body: string) => { status: number; json: unknown }) {
    const calls: { method: string; path: string; idempotency?: string; body: string }[] = [];
    const api = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks).toString();
      calls.push({ method: req.method ?? '', path: req.url ?? '', idempotency: req.headers['idempotency-key'] as string | undefined, body });
      const { status, json } = answer(req, body);
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_test', 'stripe-should-retry': 'false' });
      res.end(JSON.stringify(json));
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    configurePayments({ stripeSecretKey: 'sk_test_pending', stripeWebhookSecret: secret, stripeApi: { host: '127.0.0.1', port: (api.address() as AddressInfo).port, protocol: 'http' } });
    return { calls, close: () => new Promise((r) => api.close(r)) };
  }

  async function stripePaidOrder() {
    const { order } = await createOrder({ payment_method: 'card', payment_status: 'paid', total_cents: 4990, subtotal_cents: 4990 });
    await pb().collection('payments').create<PaymentRecordFull>({ order: order.id, method: 'card', amount_cents: 4990, currency: 'EUR', status: 'succeeded', provider: 'stripe', provider_payment_id: `pi_${order.id}`, provider_event_id: `evt_paid_${order.id}` });
    return order;
  }

  it('refund.failed (the card was closed) marks the refund failed and frees its amount, once', async () => {
    const api = await stripeApi(() => ({ status: 200, json: { id: 're_fail_1', object: 'refund', amount: 2000, status: 'pending' } }));
    try {
      const order = await stripePaidOrder();
      const started = await desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 2000, method: 'card' });
      expect(await getOrder(order.id)).toMatchObject({ refunded_cents: 2000 });
      const payload = JSON.stringify({
        id: `evt_${order.id}_rf`, object: 'event', type: 'refund.failed', created: Math.floor(Date.now() / 1000), api_version: '2024-10-28.acacia', livemode: false,
        data: { object: { id: 're_fail_1', object: 'refund', amount: 2000, currency: 'eur', status: 'failed', failure_reason: 'expired_or_canceled_card', payment_intent: `pi_${order.id}`, metadata: { refund_ref: started.id } } }
      });
      const send = () => desk.hook.post('stripe', payload, { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }) });
      expect(await (await send()).json()).toMatchObject({ result: 'applied' });
      expect(await refundsOf(order.id)).toMatchObject([{ status: 'failed' }]);
      expect(await getOrder(order.id)).toMatchObject({ refunded_cents: 0, payment_status: 'paid' });
      expect(await (await send()).json()).toMatchObject({ result: 'duplicate' });
      expect(await eventsOf(order.id, 'refund_failed')).toHaveLength(1);
    } finally {
      await api.close();
    }
  });

  it('an unanswered refund is found done at Stripe by its reference and applied', async () => {
    let refundRef = '';
    const api = await stripeApi((req, body) => {
      if (req.method === 'POST') {
        refundRef = new URLSearchParams(body).get('metadata[refund_ref]') ?? '';
        return { status: 500, json: { error: { type: 'api_error', message: 'Something went wrong on our end.' } } };
      }
      return { status: 200, json: { object: 'list', has_more: false, url: '/v1/refunds', data: [{ id: 're_found_1', object: 'refund', amount: 1200, currency: 'eur', status: 'succeeded', metadata: { refund_ref: refundRef } }] } };
    });
    try {
      const order = await stripePaidOrder();
      const started = await desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 1200, method: 'card' });
      expect(started.status).toBe('pending');
      expect(await refundsOf(order.id)).toMatchObject([{ status: 'pending', provider_refund_id: '' }]);
      const pass = await checkPendingRefunds(later());
      expect(pass).toMatchObject({ settled: 1 });
      const list = api.calls.find((c) => c.method === 'GET')!;
      expect(list.path).toContain(`payment_intent=pi_${order.id}`);
      expect(await refundsOf(order.id)).toMatchObject([{ status: 'succeeded', provider_refund_id: 're_found_1' }]);
      expect(await getOrder(order.id)).toMatchObject({ payment_status: 'partially_refunded', refunded_cents: 1200 });
    } finally {
      await api.close();
    }
  });

  it('a refund Stripe never took is asked for again with the same idempotency key; one it reports failed is failed', async () => {
    let posts = 0;
    const api = await stripeApi((req) => {
      if (req.method === 'POST') {
        posts++;
        return posts === 1 ? { status: 500, json: { error: { type: 'api_error', message: 'Something went wrong on our end.' } } } : { status: 200, json: { id: 're_again_1', object: 'refund', amount: 800, status: 'pending' } };
      }
      if (req.url?.startsWith('/v1/refunds/re_again_1')) return { status: 200, json: { id: 're_again_1', object: 'refund', amount: 800, currency: 'eur', status: 'failed', metadata: {} } };
      return { status: 200, json: { object: 'list', has_more: false, url: '/v1/refunds', data: [] } };
    });
    try {
      const order = await stripePaidOrder();
      const started = await desk.manager.caller.refunds.refund({ orderId: order.id, amountCents: 800, method: 'card' });
      expect(await checkPendingRefunds(later())).toMatchObject({ askedAgain: 1 });
      const creates = api.calls.filter((c) => c.method === 'POST');
      expect(creates.map((c) => c.idempotency)).toEqual([`packbench-refund-${started.id}`, `packbench-refund-${started.id}`]);
      expect(await refundsOf(order.id)).toMatchObject([{ status: 'pending', provider_refund_id: 're_again_1' }]);
      // the next pass asks by the refund's id: Stripe says it failed
      expect(await checkPendingRefunds(later())).toMatchObject({ settled: 1 });
      expect(await refundsOf(order.id)).toMatchObject([{ status: 'failed' }]);
      expect(await getOrder(order.id)).toMatchObject({ refunded_cents: 0, payment_status: 'paid' });
    } finally {
      await api.close();
    }
  });
});
