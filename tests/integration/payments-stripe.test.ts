// Card payments through Stripe (F08): the official library's signed test events through the
// real webhook handler on a real HTTP port, against a real PocketBase; the Checkout Session is
// created against a local stand-in of Stripe's API. (The sandbox gateway: payments-card.test.ts.)
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderRecord, PaymentRecordFull } from '../../src/lib/server/pocketbase/records';
import { configurePayments } from '../../src/lib/server/payments/providers/config';
import { StripeProvider } from '../../src/lib/server/payments/providers/stripe';
import { startWebhookServer } from '../support/payments';
import { createOrder } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

let hook: Awaited<ReturnType<typeof startWebhookServer>>;

beforeAll(async () => {
  hook = await startWebhookServer();
  configurePayments({ notifyBaseUrl: hook.url, sandboxNotifyDelayMs: 50, stripeSecretKey: '', stripeWebhookSecret: '' });
});
afterAll(async () => {
  await hook?.stop();
});

const cardOrder = (over: Partial<OrderRecord> = {}) => createOrder({ payment_method: 'card', total_cents: 4990, subtotal_cents: 4990, ...over });
const getOrder = (id: string) => pb().collection('orders').getOne<OrderRecord>(id);
const paymentsOf = (id: string) => pb().collection('payments').getFullList<PaymentRecordFull>({ filter: `order = '${id}'` });

describe('Stripe (official library, signed test events)', () => {
  const secret = 'whsec_test_packbench';
  beforeAll(() => configurePayments({ stripeSecretKey: 'sk_test_packbench', stripeWebhookSecret: secret }));
  afterAll(() => configurePayments({ stripeSecretKey: '', stripeWebhookSecret: '' }));

  function stripeEvent(order: OrderRecord, type: string, over: { id?: string; created?: number; amount?: number } = {}) {
    return JSON.stringify({
      id: over.id ?? `evt_${Math.random().toString(36).slice(2)}`,
      object: 'event',
      type,
      created: over.created ?? Math.floor(Date.now() / 1000),
      api_version: '2025-01-27.acacia',
      livemode: false,
      data: {
        object: {
          id: `pi_${order.id}`,
          object: 'payment_intent',
          amount: over.amount ?? order.total_cents,
          amount_received: type === 'payment_intent.succeeded' ? (over.amount ?? order.total_cents) : 0,
          currency: order.currency.toLowerCase(),
          metadata: { order_id: order.id, order_number: String(order.number) },
          latest_charge: `ch_${order.number}`,
          status: 'succeeded'
        }
      }
    });
  }
  const send = (payload: string, header = Stripe.webhooks.generateTestHeaderString({ payload, secret })) => hook.post('stripe', payload, { 'stripe-signature': header });

  it('payment_intent.succeeded pays the order with the charge as bank reference, once', async () => {
    const { order } = await cardOrder();
    const payload = stripeEvent(order, 'payment_intent.succeeded');
    const res = await send(payload);
    expect([res.status, (await res.json()).result]).toEqual([200, 'applied']);
    expect(await (await send(payload)).json()).toMatchObject({ result: 'duplicate' });
    expect((await getOrder(order.id)).payment_status).toBe('paid');
    expect(await paymentsOf(order.id)).toMatchObject([{ provider: 'stripe', provider_payment_id: `pi_${order.id}`, bank_reference: `ch_${order.number}`, status: 'succeeded' }]);
  });

  it('processing then failed: pending, then failed; an older processing arriving late changes nothing', async () => {
    const { order } = await cardOrder();
    const t = Math.floor(Date.now() / 1000);
    await send(stripeEvent(order, 'payment_intent.processing', { created: t - 10 }));
    expect((await getOrder(order.id)).payment_status).toBe('pending');
    await send(stripeEvent(order, 'payment_intent.payment_failed', { created: t }));
    expect((await getOrder(order.id)).payment_status).toBe('failed');
    expect(await (await send(stripeEvent(order, 'payment_intent.processing', { created: t - 5 }))).json()).toMatchObject({ result: 'stale' });
    expect((await getOrder(order.id)).payment_status).toBe('failed');
  });

  it('refuses a wrong signature and an old timestamp; ignores event types it does not handle', async () => {
    const { order } = await cardOrder();
    const payload = stripeEvent(order, 'payment_intent.succeeded');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect((await send(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_wrong' }))).status).toBe(400);
    const old = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: Math.floor(Date.now() / 1000) - 400 });
    expect((await send(payload, old)).status).toBe(400);
    warn.mockRestore();
    expect((await getOrder(order.id)).payment_status).toBe('unpaid');
    const other = await send(stripeEvent(order, 'customer.created'));
    expect([other.status, (await other.json()).result]).toEqual([200, 'ignored']);
  });

  it('is switched off without its keys', async () => {
    configurePayments({ stripeSecretKey: '', stripeWebhookSecret: '' });
    const { order } = await cardOrder();
    expect((await send(stripeEvent(order, 'payment_intent.succeeded'))).status).toBe(404);
    configurePayments({ stripeSecretKey: 'sk_test_packbench', stripeWebhookSecret: secret });
  });

  it('creates a Checkout Session for the order through the library (against a local stand-in API)', async () => {
    const seen: { path: string; body: URLSearchParams; idempotency: string | undefined }[] = [];
    const api = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      seen.push({ path: req.url ?? '', body: new URLSearchParams(Buffer.concat(chunks).toString()), idempotency: req.headers['idempotency-key'] as string | undefined });
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_test' });
      res.end(JSON.stringify({ id: 'cs_test_123', object: 'checkout.session', url: 'https://checkout.stripe.com/c/pay/cs_test_123' }));
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const provider = new StripeProvider({ secretKey: 'sk_test_x', webhookSecret: secret, api: { host: '127.0.0.1', port: (api.address() as AddressInfo).port, protocol: 'http' } });
    const created = await provider.createPayment({ id: 'abcdefghijklmno', number: 1234, amountCents: 4990, currency: 'EUR', email: 'a@example.com', locale: 'de' }, { baseUrl: 'https://shop.example' });
    await new Promise((r) => api.close(r));
    expect(created).toEqual({ providerPaymentId: 'cs_test_123', redirectUrl: 'https://checkout.stripe.com/c/pay/cs_test_123' });
    expect(seen).toHaveLength(1);
    const { path, body, idempotency } = seen[0];
    expect(path).toBe('/v1/checkout/sessions');
    expect(idempotency).toBe('packbench-abcdefghijklmno-4990');
    expect(Object.fromEntries([...body].filter(([k]) => /metadata|unit_amount|currency|mode|client_reference_id/.test(k)))).toEqual({
      mode: 'payment',
      client_reference_id: 'abcdefghijklmno',
      'line_items[0][price_data][currency]': 'eur',
      'line_items[0][price_data][unit_amount]': '4990',
      'metadata[order_id]': 'abcdefghijklmno',
      'metadata[order_number]': '1234',
      'payment_intent_data[metadata][order_id]': 'abcdefghijklmno',
      'payment_intent_data[metadata][order_number]': '1234'
    });
  });
});
