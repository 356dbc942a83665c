// F43 with F39/F41: the after-sales events go out as webhooks, in the same unit of work as
// the change: return.requested, credit_note.issued, refund.failed. Real PocketBase, the
// sandbox card gateway, a real local receiver verifying with `standardwebhooks`.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { configurePayments } from '../../src/lib/server/payments/providers/config';
import { webhookHandler } from '../../src/lib/server/webhooks/deliver';
import { listeningEndpoints } from '../../src/lib/server/webhooks/endpoint-cache';
import { OutboxWorker } from '../../src/lib/server/outbox/worker';
import { startWebhookServer } from '../support/payments';
import { signedInCaller } from '../support/caller';
import { createStaff } from '../support/factories';
import { startReceiver } from '../support/integrations';
import { usePocketBase } from '../support/pocketbase';
import { paidBySandboxCard } from './card-fixtures';
import { pricedOrder, setShop } from './documents-fixtures';
import { clientId, lineRecords, readyOrder } from './shipping-fixtures';

usePocketBase();

let manager: Awaited<ReturnType<typeof signedInCaller>>['caller'];
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let hook: Awaited<ReturnType<typeof startWebhookServer>>;
let worker: OutboxWorker;

beforeAll(async () => {
  process.env.WEBHOOK_ALLOW_HOSTS = '127.0.0.1';
  await setShop();
  hook = await startWebhookServer();
  configurePayments({ notifyBaseUrl: hook.url, sandboxNotifyDelayMs: 30, stripeSecretKey: '', stripeWebhookSecret: '' });
  const { staff, password } = await createStaff('manager');
  manager = (await signedInCaller(staff.email, password)).caller;
  receiver = await startReceiver();
  const made = await manager.integrations.createEndpoint({ url: receiver.url('/after-sales'), events: ['return.requested', 'credit_note.issued', 'refund.failed'] });
  receiver.state.secret = made.secret;
  await vi.waitFor(() => expect(listeningEndpoints('refund.failed')).toContain(made.id));
  worker = new OutboxWorker({ handlers: { webhook: webhookHandler, email: async () => ({ subject: 'test' }) }, pollMs: 200, log: () => {} });
  worker.start();
});

afterAll(async () => {
  await worker.stop();
  await receiver.close();
  await hook?.stop();
});

const got = (type: string, orderId: string) => receiver.state.received.filter((r) => r.type === type && r.data.order_id === orderId);

describe('F43 after-sales webhooks', () => {
  it('F39 F43 return.requested carries the return and its items', async () => {
    const made = await readyOrder([{ qty: 2 }], { payment_status: 'paid', total_cents: 1990 });
    await manager.shipping.createShipment({ orderId: made.order.id, courier: 'manual', carrier: 'dhl', trackingNumber: '00340434161094042557', lines: made.lines.map((l) => ({ lineId: l.id, qty: l.qty })), clientId: clientId() });
    const [line] = await lineRecords(made.order.id);
    const { returnId } = await manager.returns.create({ orderId: made.order.id, key: randomUUID(), lines: [{ lineId: line.id, qty: 1, reason: 'damaged' }] });
    await vi.waitFor(() => expect(got('return.requested', made.order.id)).toHaveLength(1), { timeout: 10_000 });
    const [event] = got('return.requested', made.order.id);
    expect(event.verified).toBe(true);
    expect(event.data).toMatchObject({ return_id: returnId, items: [{ sku: line.sku, qty: 1, reason: 'damaged' }] });
    expect(event.data.sequence).toBeGreaterThan(0);
  });

  it('F41 F43 credit_note.issued carries its number and amounts', async () => {
    const { order, lines } = await pricedOrder({}, { paid: true });
    const issued = await manager.refunds.issueCreditNote({ orderId: order.id, lines: [{ lineId: lines[0].id, qty: 1 }], shippingCents: 495, reason: 'Mug arrived broken' });
    await vi.waitFor(() => expect(got('credit_note.issued', order.id)).toHaveLength(1), { timeout: 10_000 });
    expect(got('credit_note.issued', order.id)[0].data).toMatchObject({ credit_note_id: issued.id, number: issued.number, total_cents: issued.totalCents, shipping_cents: 495, currency: 'EUR', reason: 'Mug arrived broken' });
  });

  it('F41 F43 refund.failed when the card provider gives the refund back', async () => {
    const { order } = await paidBySandboxCard({ number: '4000 0000 0000 5126' });
    await manager.refunds.refund({ orderId: order.id, amountCents: 1500, method: 'card' });
    await vi.waitFor(() => expect(got('refund.failed', order.id)).toHaveLength(1), { timeout: 10_000 });
    expect(got('refund.failed', order.id)[0].data).toMatchObject({ amount_cents: 1500, currency: 'EUR' });
    expect(receiver.state.badSignatures).toBe(0);
  });
});
