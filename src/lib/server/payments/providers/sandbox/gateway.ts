// The embedded sandbox card gateway: it stands in for a real one (Stripe, Adyen, ...) so
// Packbench runs without any account. It keeps its own books, checks the card, answers the
// customer at once, and tells the shop a moment later with a signed notification to the
// same webhook path real providers use, retrying until the shop answers 2xx, also across
// restarts (pending notifications are in `sandbox_events`).
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../errors';
import { collection, filterValue } from '../../../pocketbase/client';
import { TxFailure, UnitOfWork, commitOne } from '../../../pocketbase/tx';
import { paymentsConfig } from '../config';
import { signatureHeader, SIGNATURE_HEADER } from '../signature';
import { checkCard, type CardInput, type DeclineCode } from './cards';
import { sandboxSigningSecret } from './secret';

export interface SandboxPaymentRecord {
  id: string;
  public_id: string;
  order_ref: string;
  order_number: number;
  amount_cents: number;
  currency: string;
  description: string;
  status: 'open' | 'succeeded' | 'failed';
  attempts: number;
  card_brand: string;
  card_last4: string;
  /** F41: paid back so far (1765200000) */
  refunded_cents?: number;
  decline_code: string;
  bank_reference: string;
  notify_url: string;
  created: string;
  updated: string;
}

interface SandboxEventRecord {
  id: string;
  event_id: string;
  payment: string;
  body: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string;
  last_error: string;
  delivered_at: string;
  created: string;
  updated: string;
  expand?: { payment?: SandboxPaymentRecord };
}
declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    sandbox_payments: SandboxPaymentRecord;
    sandbox_events: SandboxEventRecord;
  }
}

/** What the gateway sends; `created` is when the charge happened, not when it is delivered. */
export interface SandboxNotificationBody {
  id: string;
  type: 'payment.succeeded' | 'payment.failed';
  created: string;
  data: {
    payment_id: string;
    order_ref: string;
    order_number: number;
    status: 'succeeded' | 'failed';
    amount_cents: number;
    currency: string;
    bank_reference: string;
    decline_code: string;
    card: { brand: string; last4: string };
  };
}

const BACKOFF_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000];
const LEASE_MS = 60_000;

export async function findGatewayPayment(publicId: string): Promise<SandboxPaymentRecord | null> {
  if (!/^sbx_[A-Za-z0-9_-]{20,60}$/.test(publicId)) return null;
  const res = await collection('sandbox_payments').getList(1, 1, { filter: `public_id = ${filterValue(publicId)}` });
  return res.items[0] ?? null;
}

/** Creates the payment to be made, or returns the open one for the same order and amount. */
export async function createGatewayPayment(req: {
  orderRef: string;
  orderNumber: number;
  amountCents: number;
  currency: string;
  description: string;
  notifyUrl: string;
}): Promise<SandboxPaymentRecord> {
  const open = await collection('sandbox_payments').getList(1, 1, { filter: `order_ref = ${filterValue(req.orderRef)} && status != 'succeeded'`, sort: '-created' });
  const same = open.items[0];
  if (same && same.amount_cents === req.amountCents && same.currency === req.currency && same.notify_url === req.notifyUrl) return same;
  return collection('sandbox_payments').create({
    public_id: `sbx_${randomBytes(18).toString('base64url')}`,
    order_ref: req.orderRef,
    order_number: req.orderNumber,
    amount_cents: req.amountCents,
    currency: req.currency,
    description: req.description,
    status: 'open',
    attempts: 0,
    notify_url: req.notifyUrl
  });
}

export interface ChargeResult {
  status: 'succeeded' | 'failed';
  declineCode?: DeclineCode;
  eventId: string;
}

/** The customer pressed "Pay": check the card, book the outcome, notify the shop shortly. */
export async function chargeCard(publicId: string, card: CardInput, now = new Date()): Promise<ChargeResult> {
  const payment = await findGatewayPayment(publicId);
  if (!payment) throw new AppError('NOT_FOUND', 'payments.checkout.not_found', 'This payment link is not valid.');
  if (payment.status === 'succeeded') throw new AppError('CONFLICT', 'payments.checkout.already_paid', 'This payment has already been made.');
  const checked = checkCard(card, now);
  if ('errors' in checked) {
    throw new AppError('BAD_REQUEST', 'payments.checkout.invalid_card', 'Please check the card details.', { fields: checked.errors });
  }
  const { brand, last4, outcome } = checked.card;
  const eventId = `evt_sbx_${randomBytes(12).toString('hex')}`;
  const bankReference = outcome.ok ? `SBX-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex').toUpperCase()}` : '';
  const body: SandboxNotificationBody = {
    id: eventId,
    type: outcome.ok ? 'payment.succeeded' : 'payment.failed',
    created: now.toISOString(),
    data: {
      payment_id: payment.public_id,
      order_ref: payment.order_ref,
      order_number: payment.order_number,
      status: outcome.ok ? 'succeeded' : 'failed',
      amount_cents: payment.amount_cents,
      currency: payment.currency,
      bank_reference: bankReference,
      decline_code: outcome.ok ? '' : outcome.decline,
      card: { brand, last4 }
    }
  };
  const delay = paymentsConfig().sandboxNotifyDelayMs;
  const uow = new UnitOfWork();
  // `attempts` as read: a double-clicked "Pay" charges once
  uow.update(
    'sandbox_payments',
    payment.id,
    { status: body.data.status, attempts: payment.attempts + 1, card_brand: brand, card_last4: last4, decline_code: body.data.decline_code, bank_reference: bankReference },
    { expect: { status: ['open', 'failed'], attempts: payment.attempts } }
  );
  uow.create('sandbox_events', { event_id: eventId, payment: payment.id, body: JSON.stringify(body), status: 'pending', attempts: 0, next_attempt_at: new Date(now.getTime() + delay).toISOString() });
  try {
    await uow.commit();
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'precondition_failed') {
      throw new AppError('CONFLICT', 'payments.checkout.busy', 'This payment is already being processed.');
    }
    throw e;
  }
  setTimeout(() => void deliverDueEvents().catch((err) => console.error('[sandbox gateway] delivery failed:', err)), delay + 20).unref?.();
  return { status: body.data.status, declineCode: outcome.ok ? undefined : outcome.decline, eventId };
}

async function post(url: string, body: string): Promise<string | null> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signatureHeader(body, await sandboxSigningSecret()) },
      body,
      signal: AbortSignal.timeout(10_000)
    });
    await res.text().catch(() => '');
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Sends every notification that is due; called after a charge and by the scheduler. */
export async function deliverDueEvents(now = new Date()): Promise<number> {
  const due = await collection('sandbox_events')
    .getList(1, 50, { filter: `status = 'pending' && next_attempt_at <= ${filterValue(now.toISOString().replace('T', ' '))}`, sort: 'next_attempt_at', expand: 'payment' });
  let delivered = 0;
  for (const ev of due.items) {
    // claim it for a minute, so two senders (timer and scheduler, two app servers) do not both send
    try {
      await commitOne((uow) => uow.update('sandbox_events', ev.id, { attempts: ev.attempts + 1, next_attempt_at: new Date(now.getTime() + LEASE_MS).toISOString() }, { expect: { status: 'pending', attempts: ev.attempts } }));
    } catch (e) {
      if (e instanceof TxFailure && e.code === 'precondition_failed') continue;
      throw e;
    }
    const error = await post(ev.expand?.payment?.notify_url ?? '', ev.body);
    const attempts = ev.attempts + 1;
    if (!error) delivered++;
    await collection('sandbox_events').update(ev.id, error
        ? { status: attempts >= BACKOFF_MS.length ? 'failed' : 'pending', last_error: error.slice(0, 1000), next_attempt_at: new Date(Date.now() + BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length) - 1]).toISOString() }
        : { status: 'delivered', delivered_at: new Date().toISOString(), last_error: '' });
  }
  return delivered;
}
