// Card refunds whose outcome never arrived (F41): a refund stays `pending`, its amount reserved,
// until the provider's notification says how it ended. When none came within CHECK_AFTER_MS
// (a notification lost, the provider unreachable when we asked), the payments scheduler asks
// the provider where the refund stands and applies the answer exactly as the notification
// would have been applied (../refunds/notifications.ts: once, whichever comes first). A
// refund the provider never took is asked for again under the same reference (Stripe's
// idempotency key `packbench-refund-<id>` makes that safe); one it refuses is marked failed.
import { AppError } from '../errors';
import { collection, filterValue } from '../pocketbase/client';
import type { PaymentRecordFull } from '../pocketbase/records';
import { commitOne, TxFailure } from '../pocketbase/tx';
import { paymentsConfig } from '../payments/providers/config';
import { providerByName } from '../payments/providers';
import { RefundOutcomeUnknown, type ProviderName } from '../payments/providers/types';
import { applyRefundEvent } from './notifications';
import type { RefundRecord } from './records';
import { failRefund } from './refunds';

export const CHECK_AFTER_MS = 10 * 60_000;
const BATCH = 50;

const pbDate = (d: Date) => d.toISOString().replace('T', ' ');

export interface PendingCheck {
  checked: number;
  settled: number;
  askedAgain: number;
  failed: number;
}

/** One pass over the pending card refunds older than CHECK_AFTER_MS. */
export async function checkPendingRefunds(now = new Date()): Promise<PendingCheck> {
  const due = await collection('refunds')
    .getList(1, BATCH, { filter: `status = 'pending' && provider != 'manual' && created <= ${filterValue(pbDate(new Date(now.getTime() - CHECK_AFTER_MS)))}`, sort: 'created' });
  const out: PendingCheck = { checked: 0, settled: 0, askedAgain: 0, failed: 0 };
  for (const r of due.items) {
    try {
      const result = await checkOne(r, now);
      out.checked++;
      if (result) out[result]++;
    } catch (e) {
      // the provider may be down: try again on the next pass
      console.warn(`[refunds] could not check pending refund ${r.id} at ${r.provider}: ${(e as Error).message}`);
    }
  }
  return out;
}

async function checkOne(r: RefundRecord, now: Date): Promise<keyof Omit<PendingCheck, 'checked'> | null> {
  const provider = providerByName(r.provider);
  if (!provider) return null;
  const payment = await collection('payments').getOne(r.payment);
  const found = await provider.refundStatus({ refundRef: r.id, providerRefundId: r.provider_refund_id, providerPaymentId: payment.provider_payment_id });
  if (found.status === 'pending') return null;
  if (found.status === 'missing') return askAgain(r, payment);
  await applyRefundEvent(r.provider as ProviderName, {
    kind: 'refund',
    eventId: `check_${r.id}_${found.status}_${now.getTime()}`,
    occurredAt: now,
    orderRef: r.order,
    providerPaymentId: payment.provider_payment_id,
    currency: r.currency,
    items: [{ refundRef: r.id, providerRefundId: found.providerRefundId, amountCents: r.amount_cents, status: found.status }]
  });
  return 'settled';
}

/** The provider never took it: ask again under the same reference; a refusal ends it as failed. */
async function askAgain(r: RefundRecord, payment: PaymentRecordFull): Promise<'askedAgain' | 'failed' | null> {
  const provider = providerByName(r.provider)!;
  try {
    const { providerRefundId } = await provider.refund(
      { refundRef: r.id, orderRef: r.order, providerPaymentId: payment.provider_payment_id, amountCents: r.amount_cents, currency: r.currency },
      { baseUrl: paymentsConfig().notifyBaseUrl }
    );
    await commitOne((u) => u.update('refunds', r.id, { provider_refund_id: providerRefundId }, { expect: { provider_refund_id: '', status: 'pending' } })).catch((e: unknown) => {
      if (!(e instanceof TxFailure && e.code === 'precondition_failed')) throw e;
    });
    return 'askedAgain';
  } catch (e) {
    if (e instanceof RefundOutcomeUnknown) return null;
    const message = (e instanceof AppError ? e.message : (e as Error)?.message || 'unknown error').replace(/\.+$/, '').slice(0, 200);
    return (await failRefund(r.id, message, { actorLabel: 'card gateway' })) ? 'failed' : null;
  }
}

let lastRun = 0;
/** For the payments scheduler: at most one pass a minute. */
export async function checkPendingRefundsEveryMinute(now = new Date()): Promise<PendingCheck | null> {
  if (now.getTime() - lastRun < 60_000) return null;
  lastRun = now.getTime();
  return checkPendingRefunds(now);
}
