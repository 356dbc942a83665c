// Refunds (F41): money back to the customer, never more than was paid minus what was
// already refunded (or is being refunded), also when two people refund at once: the refund
// raises orders.refunded_cents with a bounded increment in the transaction that creates it,
// so of two refunds that together exceed the limit exactly one commits.
//  - card: back through the provider that took the money (sandbox gateway or Stripe). The
//    refund is `pending` until the provider's signed notification arrives (./notifications.ts).
//  - bank_transfer / cheque: staff paid it by hand; recorded with its reference, done at once.
import { queueWebhook } from '../webhooks/events';
import { formatMoney } from '$lib/money';
import type { RefundRequest } from '$lib/refunds/rules';
import { AppError } from '../errors';
import { collection, filterValue } from '../pocketbase/client';
import type { PaymentRecordFull } from '../pocketbase/records';
import { TxFailure, UnitOfWork, commitOne, type TxCreate } from '../pocketbase/tx';
import { paymentsConfig } from '../payments/providers/config';
import { providerByName } from '../payments/providers';
import { RefundOutcomeUnknown } from '../payments/providers/types';
import type { RefundRecord } from './records';
import { loadMoneyOrder, newRecordId, succeededPayments, sumCents } from './orders';
import { moveRefundState, queueRefundEmail } from './settle';
import { recordEvent } from '../orders/timeline';

const CARD_PROVIDERS = ['sandbox', 'stripe'];

export async function refundsOf(orderId: string): Promise<RefundRecord[]> {
  return collection('refunds').getFullList({ filter: `order = ${filterValue(orderId)}`, sort: 'created' });
}

function tooMuch(amount: number, left: number, currency: string, paid: number, refunded: number): AppError {
  const m = (c: number) => formatMoney(c, currency, 'en');
  return new AppError(
    'BAD_REQUEST',
    'refunds.errors.more_than_paid',
    `A refund of ${m(amount)} is more than can still be refunded (${m(left)}: paid ${m(paid)}, already refunded ${m(refunded)}). Nothing was changed.`,
    { field: 'amountCents', amountCents: amount, leftCents: left, paidCents: paid, refundedCents: refunded, currency }
  );
}

/** The card payment a card refund goes back to: one with enough left to refund, newest first. */
function cardPaymentFor(payments: PaymentRecordFull[], refunds: RefundRecord[], amount: number): PaymentRecordFull {
  const cards = payments.filter((p) => p.method === 'card' && CARD_PROVIDERS.includes(p.provider)).reverse();
  if (!cards.length) {
    throw new AppError('BAD_REQUEST', 'refunds.errors.no_card_payment', 'This order was not paid by card, so there is no card payment to refund. Record a bank transfer or cheque refund instead.', { field: 'method' });
  }
  const left = (p: PaymentRecordFull) => p.amount_cents - sumCents(refunds.filter((r) => r.payment === p.id && r.status !== 'failed'));
  const fits = cards.find((p) => left(p) >= amount);
  if (!fits) {
    throw new AppError('BAD_REQUEST', 'refunds.errors.split_card_refund', `No single card payment has that much left to refund (at most ${Math.max(...cards.map(left))}). Refund in smaller parts.`, {
      field: 'amountCents', maxCents: Math.max(...cards.map(left))
    });
  }
  return fits;
}

export interface StartedRefund {
  id: string;
  status: RefundRecord['status'];
}

export async function startRefund(input: RefundRequest, actorId: string): Promise<StartedRefund> {
  const req = { ...input, reference: (input.reference ?? '').trim(), reason: (input.reason ?? '').trim() };
  for (let attempt = 0; ; attempt++) {
    const [order, payments, refunds] = await Promise.all([loadMoneyOrder(req.orderId), succeededPayments(req.orderId), refundsOf(req.orderId)]);
    if (order.status === 'draft') throw new AppError('PRECONDITION_FAILED', 'refunds.errors.draft', `Order ${order.number} is a draft: there is nothing to refund.`, { number: order.number });
    const paid = sumCents(payments);
    const left = Math.max(0, paid - order.refunded_cents);
    if (req.amountCents > left) throw tooMuch(req.amountCents, left, order.currency, paid, order.refunded_cents);
    if (req.creditNoteId) {
      const cn = await collection('credit_notes').getList(1, 1, { filter: `id = ${filterValue(req.creditNoteId)} && order = ${filterValue(order.id)}` });
      if (!cn.items.length) throw new AppError('BAD_REQUEST', 'refunds.errors.credit_note_not_found', 'This credit note does not belong to the order.', { field: 'creditNoteId' });
    }
    const payment = req.method === 'card' ? cardPaymentFor(payments, refunds, req.amountCents) : null;
    const provider = payment ? providerByName(payment.provider) : null;
    if (payment && !provider) {
      throw new AppError('PRECONDITION_FAILED', 'refunds.errors.provider_unavailable', `The card provider that took this payment (${payment.provider}) is not available on this server. Record a bank transfer refund instead.`, { provider: payment.provider });
    }

    const uow = new UnitOfWork();
    // the race guard first: a refund past the limit fails here, whatever else raced
    uow.increment('orders', order.id, 'refunded_cents', req.amountCents, { max: paid });
    const id = newRecordId();
    const row = {
      id, order: order.id, credit_note: req.creditNoteId ?? '', amount_cents: req.amountCents, currency: order.currency, method: req.method,
      provider: payment?.provider ?? 'manual', payment: payment?.id ?? '', status: payment ? 'pending' : 'succeeded',
      reference: req.reference, reason: req.reason, actor: actorId
    } satisfies TxCreate<'refunds'>;
    uow.create('refunds', row);
    if (payment) {
      recordEvent(uow, order.id, { type: 'refund_requested', data: { amount_cents: req.amountCents, currency: order.currency, provider: payment.provider, refund: id } }, { actor: actorId });
    } else {
      const succeededBefore = sumCents(refunds.filter((r) => r.status === 'succeeded'));
      moveRefundState(uow, { order, paidCents: paid, succeededBeforeCents: succeededBefore, who: { actor: actorId } }, [{ ...row, method: req.method }]);
      queueRefundEmail(uow, order, id);
    }
    try {
      await uow.commit();
    } catch (e) {
      if (e instanceof TxFailure && e.code === 'out_of_range') {
        // lost a race: read what is left now
        const now = await loadMoneyOrder(req.orderId);
        throw tooMuch(req.amountCents, Math.max(0, paid - now.refunded_cents), order.currency, paid, now.refunded_cents);
      }
      if (e instanceof TxFailure && e.code === 'precondition_failed' && attempt < 5) continue;
      throw e;
    }
    if (!payment || !provider) return { id, status: 'succeeded' };

    try {
      const { providerRefundId } = await provider.refund(
        { refundRef: id, orderRef: order.id, providerPaymentId: payment.provider_payment_id, amountCents: req.amountCents, currency: order.currency },
        { baseUrl: paymentsConfig().notifyBaseUrl }
      );
      // the notification may have been applied already; the id is only filled in where empty
      await commitOne((u) => u.update('refunds', id, { provider_refund_id: providerRefundId }, { expect: { provider_refund_id: '' } })).catch((e: unknown) => {
        if (!(e instanceof TxFailure && e.code === 'precondition_failed')) throw e;
      });
      return { id, status: 'pending' };
    } catch (e) {
      if (e instanceof RefundOutcomeUnknown) {
        // it may have gone through: stays pending (its amount reserved) until the provider's notification
        console.warn(`[refunds] ${payment.provider} did not confirm refund ${id}; waiting for its notification: ${e.message}`);
        return { id, status: 'pending' };
      }
      const message = (e instanceof AppError ? e.message : (e as Error)?.message || 'unknown error').replace(/\.+$/, '').slice(0, 200);
      await failRefund(id, message, { actor: actorId });
      if (e instanceof AppError) throw e;
      console.warn(`[refunds] ${payment.provider} refused refund ${id}: ${message}`);
      throw new AppError('CONFLICT', 'refunds.errors.provider_failed', `The card provider did not take the refund: ${message}. Nothing was refunded.`, { reason: message });
    }
  }
}

/** A pending refund that did not happen: marked failed, its amount free to refund again. */
export async function failRefund(refundId: string, failure: string, who: { actor?: string; actorLabel?: string }): Promise<boolean> {
  const r = await collection('refunds').getOne(refundId);
  if (r.status !== 'pending') return false;
  try {
    await commitOne((uow) => {
      uow.update('refunds', r.id, { status: 'failed', failure: failure.slice(0, 1000) }, { expect: { status: 'pending' } });
      uow.increment('orders', r.order, 'refunded_cents', -r.amount_cents);
      recordEvent(uow, r.order, { type: 'refund_failed', data: { amount_cents: r.amount_cents, currency: r.currency, reason: failure.slice(0, 200) } }, who);
      queueWebhook(uow, { type: 'refund.failed', order: r.order, data: { refund_id: r.id, amount_cents: r.amount_cents, currency: r.currency, reason: failure.slice(0, 200) } });
    });
    return true;
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'precondition_failed') return false;
    throw e;
  }
}
