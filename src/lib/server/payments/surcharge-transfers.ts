// Surcharges paid by bank transfer (F42 with F09/F28): the statement import matches a transfer
// to a surcharge by its invoice number (or its order's number, when the order's own total is
// paid and only surcharges are open), and "Mark paid" in the payment queue settles the open
// surcharges of such an order. Each order is one unit of work: the payments row with the bank's
// reference (so a second import of the same statement finds it applied), the surcharges paid,
// the order's open amount down (compared-and-set: a card payment of the same surcharges at the
// same moment makes one of them fail), the timeline event and the lifecycle.
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { startOfLocalDay } from './business-days';
import type { MarkPaidContext, MarkPaidRequest, MarkPaidResult } from './mark-paid-types';
import { paymentConfig } from './settings';
import { loadMoneyOrder } from '../refunds/orders';
import { paySurchargesOps, surchargesOf } from '../refunds/surcharges';

export interface SurchargeTransfer extends MarkPaidRequest {
  /** the surcharges the transfer names (by invoice number); none = every open one of the order */
  surchargeIds?: string[];
}

export async function paySurchargesByTransfer(requests: SurchargeTransfer[], ctx: MarkPaidContext): Promise<MarkPaidResult[]> {
  const cfg = await paymentConfig();
  const results: MarkPaidResult[] = [];
  for (const req of requests) {
    const result = (outcome: MarkPaidResult['outcome'], number: number | null, reason?: MarkPaidResult['reason']): MarkPaidResult => ({
      orderId: req.orderId, number, outcome, bankReference: req.bankReference, ...(reason ? { reason } : {}), surcharges: true
    });
    const order = await loadMoneyOrder(req.orderId).catch(() => null);
    if (!order) {
      results.push(result('refused', null, 'not_found'));
      continue;
    }
    const open = (await surchargesOf(order.id, 'open'))
      .filter((s) => !req.surchargeIds?.length || req.surchargeIds.includes(s.id));
    if (!open.length) {
      results.push(result('already_paid', order.number));
      continue;
    }
    const uow = new UnitOfWork();
    paySurchargesOps(uow, order, open, {
      reference: req.bankReference, provider: ctx.source, amountCents: req.amountCents, actor: ctx.actorId || undefined, actorLabel: ctx.actorLabel,
      at: req.bookedOn ? startOfLocalDay(req.bookedOn, cfg.calendar.timeZone).toISOString() : ''
    });
    try {
      await uow.commit();
      results.push(result('paid', order.number));
    } catch (e) {
      if (!(e instanceof TxFailure)) throw e;
      results.push(result('refused', order.number, e.code === 'unique_violation' || e.code === 'invalid' ? 'invalid' : 'changed'));
    }
  }
  return results;
}
