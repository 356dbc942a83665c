// Surcharges paid by bank transfer (F42 with F09/F28): the statement import matches a transfer
// to a surcharge by its invoice number (or its order's number, when the order's own total is
// paid and only surcharges are open), and "Mark paid" in the payment queue settles the open
// surcharges of such an order. Each order is one unit of work: the payments row with the bank's
// reference (so a second import of the same statement finds it applied), the surcharges paid,
// the order's open amount down (compared-and-set: a card payment of the same surcharges at the
// same moment makes one of them fail), the timeline event and the lifecycle.
import { amountOwed } from '$lib/refunds/rules';
import { settleLifecycle } from '../orders/lifecycle';
import { filterValue, pb } from '../pocketbase/client';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { anyOf, inSlices } from '../pocketbase/where-in';
import { startOfLocalDay } from './business-days';
import type { MarkPaidContext, MarkPaidRequest, MarkPaidResult } from './mark-paid-types';
import { paymentConfig } from './settings';
import { loadMoneyOrder } from '../refunds/orders';
import type { SurchargeRecord } from '../refunds/records';
import { settleSurcharges } from '../surcharges/surcharges';

export interface SurchargeTransfer extends MarkPaidRequest {
  /** the surcharges the transfer names (by invoice number); none = every open one of the order */
  surchargeIds?: string[];
}

/** Order payment states in which only surcharges can still be owed. */
export const OWN_TOTAL_SETTLED = ['paid', 'partially_refunded', 'refunded'];

/** Open surcharges with these invoice numbers, by number. */
export async function openSurchargesByInvoice(numbers: string[]): Promise<Map<string, SurchargeRecord>> {
  const rows = await inSlices([...new Set(numbers)], 4, (slice) =>
    pb().collection('surcharges').getFullList<SurchargeRecord>({ filter: `status = 'open' && (${anyOf('invoice_number', slice)})` })
  );
  return new Map(rows.map((s) => [s.invoice_number, s]));
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
    const open = (await pb().collection('surcharges').getFullList<SurchargeRecord>({ filter: `order = ${filterValue(order.id)} && status = 'open'`, sort: 'created' }))
      .filter((s) => !req.surchargeIds?.length || req.surchargeIds.includes(s.id));
    if (!open.length) {
      results.push(result('already_paid', order.number));
      continue;
    }
    const total = open.reduce((s, x) => s + x.amount_cents, 0);
    const uow = new UnitOfWork();
    uow.create('payments', {
      order: order.id, method: order.payment_method || 'online_banking', amount_cents: req.amountCents ?? total, currency: order.currency, status: 'succeeded',
      provider: ctx.source, bank_reference: req.bankReference, actor: ctx.actorId,
      provider_event_at: req.bookedOn ? startOfLocalDay(req.bookedOn, cfg.calendar.timeZone).toISOString() : ''
    });
    settleSurcharges(uow, order, open, { reference: req.bankReference, actor: ctx.actorId || undefined, actorLabel: ctx.actorLabel });
    // paid up: the order may be finished (again)
    settleLifecycle(uow, order, { actor: ctx.actorId || undefined, owed: amountOwed({ ...order, surcharge_open_cents: order.surcharge_open_cents - total }) });
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
