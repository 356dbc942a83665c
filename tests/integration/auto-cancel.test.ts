// Auto-cancel (F10): unpaid placed orders past their payment method's business days are
// cancelled through cancelOrder (stock released, 'scheduler' on the timeline, optional
// e-mail), exactly once even when two runs race.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { placeWebOrder } from '../../src/lib/server/orders/place';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderEventRecord, OrderRecord, PaymentMethod, ProductRecord } from '../../src/lib/server/pocketbase/records';
import { runAutoCancel } from '../../src/lib/server/payments/auto-cancel';
import { configurePayments } from '../../src/lib/server/payments/providers/config';
import { createGatewayPayment } from '../../src/lib/server/payments/providers/sandbox/gateway';
import { schedulerTick } from '../../src/lib/server/payments/scheduler';
import { DEFAULT_PAYMENT_SETTINGS, savePaymentSettings, type PaymentSettings } from '../../src/lib/server/payments/settings';
import { startWebhookServer } from '../support/payments';
import { createProduct } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

// Thursday 13 March 2025, 10:00 in Berlin
const NOW = new Date('2025-03-13T09:00:00Z');
const berlin = (local: string) => new Date(`${local}+01:00`);
let product: ProductRecord;

beforeAll(async () => {
  product = await createProduct({ on_hand: 500, reserved: 0 });
});
afterEach(async () => {
  await savePaymentSettings(DEFAULT_PAYMENT_SETTINGS);
});

async function placed(method: PaymentMethod, at: Date, over: Partial<OrderRecord> = {}) {
  const s = await placeWebOrder({
    idempotencyKey: randomUUID(),
    name: 'Greta Hoffmann',
    email: 'greta@example.de',
    fulfilmentMethod: 'collect',
    paymentMethod: method as 'card' | 'online_banking' | 'cheque',
    locale: 'de',
    lines: [{ productId: product.id, qty: 2 }]
  });
  return pb().collection('orders').update<OrderRecord>(s.id, { placed_at: at.toISOString(), ...over });
}
const reserved = async () => (await pb().collection('products').getOne<ProductRecord>(product.id)).reserved;
const order = (id: string) => pb().collection('orders').getOne<OrderRecord>(id);
const events = (id: string) => pb().collection('order_events').getFullList<OrderEventRecord>({ filter: `order = '${id}' && type = 'cancelled'` });
const mails = (id: string) => pb().collection('outbox').getFullList<{ topic: string; payload: { locale: string; data: Record<string, unknown> } }>({ filter: `order = '${id}' && topic = 'order_cancelled_unpaid'` });
const settings = (over: Partial<PaymentSettings>) => savePaymentSettings({ ...DEFAULT_PAYMENT_SETTINGS, ...over });

describe('auto-cancel', () => {
  it('cancels exactly the overdue unpaid orders per method, releases their stock, says who did it', async () => {
    const overdueTransfer = await placed('online_banking', berlin('2025-03-03T10:00:00')); // 7th business day was Wed 12th
    const freshTransfer = await placed('online_banking', berlin('2025-03-04T10:00:00')); // may pay until Thu 13th evening
    const overdueCard = await placed('card', berlin('2025-03-11T16:00:00')); // 1 business day: Wed 12th
    const cheque = await placed('cheque', berlin('2025-03-03T10:00:00')); // 10 business days
    const paid = await placed('online_banking', berlin('2025-03-03T10:00:00'), { payment_status: 'paid' });
    const pending = await placed('card', berlin('2025-03-03T10:00:00'), { payment_status: 'pending' });
    const failed = await placed('card', berlin('2025-03-10T10:00:00'), { payment_status: 'failed' });
    const before = await reserved();

    const run = await runAutoCancel(NOW);
    expect(run.cancelled.map((o) => o.id).sort()).toEqual([overdueTransfer.id, overdueCard.id, failed.id].sort());
    for (const o of [freshTransfer, cheque, paid, pending]) expect((await order(o.id)).status).toBe('placed');

    const cancelled = await order(overdueTransfer.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancel_reason: 'Not paid within 7 business days' });
    expect(await reserved()).toBe(before - 3 * 2);
    const [ev] = await events(overdueTransfer.id);
    expect(ev).toMatchObject({ actor_label: 'scheduler', actor: '' });
    expect((await mails(overdueTransfer.id)).map((m) => [m.payload.locale, m.payload.data])).toEqual([
      ['de', { orderId: overdueTransfer.id, number: overdueTransfer.number, reason: 'Not paid within 7 business days', businessDays: 7, paymentMethod: 'online_banking' }]
    ]);
    expect((await mails(overdueCard.id))[0].payload.data).toMatchObject({ reason: 'Not paid within 1 business day', businessDays: 1 });

    // a second run finds nothing more to do
    expect(await runAutoCancel(NOW)).toEqual({ cancelled: [], skipped: [] });
    // the fresh transfer's time comes the next morning
    const friday = await runAutoCancel(new Date('2025-03-14T00:30:00+01:00'));
    expect(friday.cancelled.map((o) => o.id)).toEqual([freshTransfer.id]);
  });

  it('never cancels twice, even when two runs race', async () => {
    const orders = await Promise.all([1, 2, 3, 4, 5].map(() => placed('online_banking', berlin('2025-02-03T10:00:00'))));
    const before = await reserved();
    const [a, b] = await Promise.all([runAutoCancel(NOW), runAutoCancel(NOW)]);
    const ids = orders.map((o) => o.id).sort();
    // every order cancelled by exactly one of the two runs
    expect([...a.cancelled, ...b.cancelled].map((o) => o.id).sort()).toEqual(ids);
    expect(a.cancelled.filter((o) => b.cancelled.some((x) => x.id === o.id))).toEqual([]);
    expect([...a.skipped, ...b.skipped].every((s) => s.reason.startsWith('orderflow.errors.'))).toBe(true);
    expect(await reserved()).toBe(before - 5 * 2);
    for (const o of orders) {
      expect(await events(o.id)).toHaveLength(1);
      expect(await mails(o.id)).toHaveLength(1);
    }
    const movements = await pb().collection('stock_movements').getFullList({ filter: `reason = 'order_cancelled' && (${orders.map((o) => `order = '${o.id}'`).join(' || ')})` });
    expect(movements).toHaveLength(5);
  });

  it('skips holidays and weekends, keeps quiet when told, and leaves switched-off methods alone', async () => {
    await settings({ holidays: ['2025-03-12'], notifyCustomerOnCancel: false, autoCancel: { ...DEFAULT_PAYMENT_SETTINGS.autoCancel, card: { enabled: false, businessDays: 1 } } });
    const transfer = await placed('online_banking', berlin('2025-03-03T10:00:00'));
    const card = await placed('card', berlin('2025-03-03T10:00:00'));
    // with Wednesday a holiday, the 7th business day is Thursday: not yet
    expect((await runAutoCancel(NOW)).cancelled.map((o) => o.id)).not.toContain(transfer.id);
    const run = await runAutoCancel(new Date('2025-03-14T00:00:00+01:00'));
    expect(run.cancelled.map((o) => o.id)).toContain(transfer.id);
    expect(run.cancelled.map((o) => o.id)).not.toContain(card.id);
    expect(await mails(transfer.id)).toHaveLength(0);
    expect((await order(card.id)).status).toBe('placed');
  });

  it('settings are checked: bad holidays and day counts are refused per field', async () => {
    const { paymentSettingsSchema } = await import('../../src/lib/server/payments/settings');
    const r = paymentSettingsSchema.safeParse({ ...DEFAULT_PAYMENT_SETTINGS, holidays: ['2025-02-30', 'tomorrow'], autoCancel: { ...DEFAULT_PAYMENT_SETTINGS.autoCancel, cheque: { enabled: true, businessDays: -1 } } });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['autoCancel.cheque.businessDays', 'At least 0'],
      ['holidays.0', 'Not a date'],
      ['holidays.1', 'YYYY-MM-DD, or MM-DD for every year']
    ]);
  });
});

describe('the scheduler survives restarts: all its state is in PocketBase', () => {
  it('delivers a sandbox notification left pending by a stopped server, and the order is paid', async () => {
    const hook = await startWebhookServer();
    configurePayments({ notifyBaseUrl: hook.url, sandboxNotifyDelayMs: 60_000 });
    try {
      const o = await placed('card', new Date());
      const gw = await createGatewayPayment({ orderRef: o.id, orderNumber: o.number, amountCents: o.total_cents, currency: 'EUR', description: '', notifyUrl: `${hook.url}/api/payments/webhook/sandbox` });
      // as if the gateway had booked the charge and the process then stopped before notifying
      const body = JSON.stringify({
        id: 'evt_sbx_left_over_0001', type: 'payment.succeeded', created: new Date().toISOString(),
        data: { payment_id: gw.public_id, order_ref: o.id, order_number: o.number, status: 'succeeded', amount_cents: o.total_cents, currency: 'EUR', bank_reference: 'SBX-LEFT-OVER', decline_code: '', card: { brand: 'visa', last4: '4242' } }
      });
      await pb().collection('sandbox_events').create({ event_id: 'evt_sbx_left_over_0001', payment: gw.id, body, status: 'pending', attempts: 0, next_attempt_at: new Date(Date.now() - 1000).toISOString() });
      const tick = await schedulerTick();
      expect(tick.delivered).toBe(1);
      expect((await order(o.id)).payment_status).toBe('paid');
      // delivered once: the next tick sends nothing
      expect((await schedulerTick()).delivered).toBe(0);
    } finally {
      configurePayments({ sandboxNotifyDelayMs: 50 });
      await hook.stop();
    }
  });

  it('retries a notification the shop did not accept, later', async () => {
    const o = await placed('card', new Date());
    const gw = await createGatewayPayment({ orderRef: o.id, orderNumber: o.number, amountCents: o.total_cents, currency: 'EUR', description: '', notifyUrl: 'http://127.0.0.1:9/api/payments/webhook/sandbox' });
    await pb().collection('sandbox_events').create({ event_id: 'evt_sbx_unreachable_01', payment: gw.id, body: '{}', status: 'pending', attempts: 0, next_attempt_at: new Date(Date.now() - 1000).toISOString() });
    expect((await schedulerTick()).delivered).toBe(0);
    const ev = await pb().collection('sandbox_events').getFirstListItem<{ status: string; attempts: number; last_error: string; next_attempt_at: string }>("event_id = 'evt_sbx_unreachable_01'");
    expect(ev).toMatchObject({ status: 'pending', attempts: 1 });
    expect(ev.last_error).not.toBe('');
    expect(new Date(ev.next_attempt_at.replace(' ', 'T')).getTime()).toBeGreaterThan(Date.now());
  });
});
