// Applying a card provider's refund notification (F41), like its payment notifications
// (../payments/notifications.ts): the refund rows named by the notification go from pending to
// succeeded (or failed) in one unit of work with the order's payment state, its timeline
// event and the customer's e-mail. Applied once: a replayed notification finds its refunds
// done and changes nothing (each row is compared-and-set on status 'pending').
import { collection, filterValue } from '../pocketbase/client';
import type { PaymentRecordFull } from '../pocketbase/records';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import type { NormalisedRefundEvent, ProviderName } from '../payments/providers/types';
import type { RefundRecord } from './records';
import { loadMoneyOrder, succeededPayments, sumCents } from './orders';
import { failRefund } from './refunds';
import { moveRefundState, queueRefundEmail } from './settle';

export type RefundOutcome = { result: 'applied' | 'duplicate'; orderId: string; paymentStatus?: string } | { result: 'unknown_payment' };

const ACTOR = 'card gateway';

async function findPayment(provider: ProviderName, providerPaymentId: string): Promise<PaymentRecordFull | null> {
  const res = await collection('payments').getList(1, 1, { filter: `provider = ${filterValue(provider)} && provider_payment_id = ${filterValue(providerPaymentId)}` });
  return res.items[0] ?? null;
}

/** The refund rows the notification is about, and whether each succeeded or failed. */
function match(ev: NormalisedRefundEvent, rows: RefundRecord[]): { row: RefundRecord; status: 'succeeded' | 'failed' }[] {
  const out: { row: RefundRecord; status: 'succeeded' | 'failed' }[] = [];
  for (const item of ev.items) {
    if (item.status === 'pending') continue;
    const row = rows.find((r) => (item.refundRef && r.id === item.refundRef) || (item.providerRefundId && r.provider_refund_id === item.providerRefundId));
    if (row && !out.some((o) => o.row.id === row.id)) out.push({ row, status: item.status });
  }
  if (!ev.items.length && ev.refundedTotalCents !== undefined) {
    // only the payment's refunded total: the oldest pending refunds that it covers succeeded
    let covered = ev.refundedTotalCents - sumCents(rows.filter((r) => r.status === 'succeeded'));
    for (const r of rows.filter((x) => x.status === 'pending')) {
      if (r.amount_cents > covered) break;
      covered -= r.amount_cents;
      out.push({ row: r, status: 'succeeded' });
    }
  }
  return out;
}

async function applyOnce(provider: ProviderName, ev: NormalisedRefundEvent): Promise<RefundOutcome> {
  const payment = await findPayment(provider, ev.providerPaymentId);
  if (!payment) return { result: 'unknown_payment' };
  const rows = await collection('refunds').getFullList({ filter: `payment = ${filterValue(payment.id)}`, sort: 'created' });
  const matched = match(ev, rows).filter((m) => m.row.status === 'pending');
  if (!matched.length) return { result: 'duplicate', orderId: payment.order };

  for (const m of matched.filter((x) => x.status === 'failed')) await failRefund(m.row.id, `${provider} refused the refund`, { actorLabel: ACTOR });
  const done = matched.filter((m) => m.status === 'succeeded').map((m) => m.row);
  if (!done.length) return { result: 'applied', orderId: payment.order };

  const [order, paid, all] = await Promise.all([
    loadMoneyOrder(payment.order),
    succeededPayments(payment.order),
    collection('refunds').getFullList({ filter: `order = ${filterValue(payment.order)} && status = 'succeeded'` })
  ]);
  const uow = new UnitOfWork();
  for (const r of done) {
    uow.update('refunds', r.id, { status: 'succeeded', provider_event_id: ev.eventId, ...(r.provider_refund_id ? {} : { provider_refund_id: ev.items.find((i) => i.refundRef === r.id)?.providerRefundId ?? '' }) }, { expect: { status: 'pending' } });
  }
  const paymentStatus = moveRefundState(uow, { order, paidCents: sumCents(paid), succeededBeforeCents: sumCents(all), who: { actorLabel: ACTOR } }, done);
  for (const r of done) queueRefundEmail(uow, order, r.id);
  await uow.commit();
  return { result: 'applied', orderId: order.id, paymentStatus };
}

export async function applyRefundEvent(provider: ProviderName, ev: NormalisedRefundEvent): Promise<RefundOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await applyOnce(provider, ev);
    } catch (e) {
      // the same notification twice at once, or the order moved meanwhile: read again
      const raced = e instanceof TxFailure && (e.code === 'precondition_failed' || e.code === 'unique_violation');
      if (!raced || attempt >= 4) throw e;
    }
  }
}
