// Marking orders paid by hand or from a bank statement (F09, F28): one order or a thousand.
// Each order becomes paid in a unit of work with its payments row, its timeline event (A's
// markPaid transition) and, when receipts are automatic, the receipt e-mail. Orders are
// written in chunks, one transaction each; an order that changed in the meantime is taken
// out of its chunk and reported, the rest of the chunk is written again.
import { AppError } from '../errors';
import { settleLifecycle } from '../orders/lifecycle';
import { markPaid } from '../orders/transitions';
import { collection } from '../pocketbase/client';
import type { OrderRecord, OrderStatus, PaymentRecordFull } from '../pocketbase/records';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { startOfLocalDay } from './business-days';
import { queueReceipt } from './receipt';
import { paymentConfig, type PaymentConfig } from './settings';
import { anyOf, inSlices } from '../pocketbase/where-in';
import { paySurchargesByTransfer } from './surcharge-transfers';
import { OWN_TOTAL_SETTLED } from './reconciliation/match';
import type { MarkPaidContext, MarkPaidRequest, MarkPaidResult, RefusalReason } from './mark-paid-types';

export type { MarkPaidContext, MarkPaidRequest, MarkPaidResult, RefusalReason } from './mark-paid-types';

type PayableOrder = Pick<OrderRecord, 'id' | 'number' | 'status' | 'payment_status' | 'fulfilment_status' | 'payment_method' | 'total_cents' | 'currency' | 'email' | 'locale' | 'open_returns'> & {
  surcharge_open_cents?: number;
};
const ORDER_FIELDS = 'id,number,status,payment_status,fulfilment_status,payment_method,total_cents,currency,email,locale,open_returns,surcharge_open_cents';
const CHUNK = 100;
const PAYABLE_STATUSES: OrderStatus[] = ['placed', 'completed'];

async function loadOrders(ids: string[]): Promise<Map<string, PayableOrder>> {
  const rows = await inSlices(ids, 4, (slice) => collection('orders').getFullList<PayableOrder>({ filter: anyOf('id', slice), fields: ORDER_FIELDS }));
  return new Map(rows.map((o) => [o.id, o]));
}

/** Bank references already on a payment that went through. */
export async function appliedReferences(refs: string[]): Promise<Set<string>> {
  const unique = [...new Set(refs.filter(Boolean))];
  const rows = await inSlices(unique, 4, (slice) =>
    collection('payments').getFullList<Pick<PaymentRecordFull, 'bank_reference'>>({ filter: `status = 'succeeded' && (${anyOf('bank_reference', slice)})`, fields: 'bank_reference' })
  );
  return new Set(rows.map((r) => r.bank_reference));
}

/** Why an order cannot be marked paid as it was read, or null when it can. */
function refusal(o: PayableOrder): MarkPaidResult['outcome'] | RefusalReason | null {
  if (o.payment_status === 'paid') return 'already_paid';
  if (o.payment_status === 'refunded' || o.payment_status === 'partially_refunded') return 'refunded';
  if (o.status === 'cancelled') return 'cancelled';
  if (o.status === 'draft') return 'draft';
  return null;
}

function resultFor(req: MarkPaidRequest, order: PayableOrder | undefined, why: MarkPaidResult['outcome'] | RefusalReason): MarkPaidResult {
  const base = { orderId: req.orderId, number: order?.number ?? null, bankReference: req.bankReference };
  if (why === 'paid' || why === 'already_paid') return { ...base, outcome: why };
  return { ...base, outcome: 'refused', reason: why as RefusalReason };
}

interface Planned {
  req: MarkPaidRequest;
  order: PayableOrder;
  /** ops [start, end) of this order in the chunk's unit of work */
  start: number;
  end: number;
}

function addPaidOrder(uow: UnitOfWork, req: MarkPaidRequest, order: PayableOrder, ctx: MarkPaidContext, cfg: PaymentConfig) {
  const amount = req.amountCents ?? order.total_cents;
  uow.create('payments', {
    order: order.id,
    method: order.payment_method || 'online_banking',
    amount_cents: amount,
    currency: order.currency,
    status: 'succeeded',
    provider: ctx.source,
    bank_reference: req.bankReference,
    provider_event_at: req.bookedOn ? startOfLocalDay(req.bookedOn, cfg.calendar.timeZone).toISOString() : '',
    actor: ctx.actorId
  });
  markPaid(uow, order, {
    actor: ctx.actorId || undefined,
    actorLabel: ctx.actorLabel,
    expect: { status: PAYABLE_STATUSES },
    data: {
      method: order.payment_method,
      amount_cents: amount,
      currency: order.currency,
      bank_reference: req.bankReference,
      source: ctx.source,
      ...(amount !== order.total_cents ? { due_cents: order.total_cents, difference_cents: amount - order.total_cents } : {})
    }
  });
  // paid after everything left: the order is complete (orders/lifecycle.ts)
  settleLifecycle(uow, { ...order, payment_status: 'paid' }, { actor: ctx.actorId });
  if (cfg.settings.receipt === 'automatic') queueReceipt(uow, order);
}

/** What a failed op says about its order: already paid by someone else, cancelled meanwhile, ... */
function explain(f: TxFailure): MarkPaidResult['outcome'] | RefusalReason {
  const rec = ('record' in f.details ? f.details.record : undefined) as Partial<PayableOrder> | undefined;
  if (f.code === 'precondition_failed' && rec) {
    const why = refusal(rec as PayableOrder);
    if (why) return why;
  }
  if (f.code === 'not_found') return 'not_found';
  // a value refused, or a unique index refused a write (a duplicate key raced)
  if (f.code === 'invalid' || f.code === 'unique_violation') return 'invalid';
  return 'changed';
}

async function writeChunk(planned: Planned[], ctx: MarkPaidContext, cfg: PaymentConfig, results: Map<string, MarkPaidResult>) {
  let pending = planned;
  while (pending.length) {
    const uow = new UnitOfWork();
    for (const p of pending) {
      p.start = uow.size;
      addPaidOrder(uow, p.req, p.order, ctx, cfg);
      p.end = uow.size;
    }
    try {
      await uow.commit();
      for (const p of pending) results.set(p.req.orderId, resultFor(p.req, p.order, 'paid'));
      return;
    } catch (e) {
      if (!(e instanceof TxFailure) || e.details.index === undefined) throw e;
      const index = e.details.index;
      const culprit = pending.find((p) => index >= p.start && index < p.end);
      if (!culprit) throw e;
      results.set(culprit.req.orderId, resultFor(culprit.req, culprit.order, explain(e)));
      pending = pending.filter((p) => p !== culprit);
    }
  }
}

export async function markOrdersPaid(requests: MarkPaidRequest[], ctx: MarkPaidContext): Promise<MarkPaidResult[]> {
  const [cfg, orders, applied] = await Promise.all([
    paymentConfig(),
    loadOrders([...new Set(requests.map((r) => r.orderId))]),
    appliedReferences(requests.map((r) => r.bankReference))
  ]);
  const results = new Map<string, MarkPaidResult>();
  const seenOrders = new Set<string>();
  const seenRefs = new Set<string>();
  const planned: Planned[] = [];
  const twice: MarkPaidResult[] = [];
  const surchargesOnly: MarkPaidRequest[] = [];
  for (const req of requests) {
    const order = orders.get(req.orderId);
    if (seenOrders.has(req.orderId)) {
      twice.push(resultFor(req, order, 'twice'));
      continue;
    }
    seenOrders.add(req.orderId);
    const duplicate = applied.has(req.bankReference) || seenRefs.has(req.bankReference);
    seenRefs.add(req.bankReference);
    // F42: the order's own total is paid and only surcharges are open: this pays those
    if (order && (order.surcharge_open_cents ?? 0) > 0 && OWN_TOTAL_SETTLED.includes(order.payment_status) && PAYABLE_STATUSES.includes(order.status)) {
      if (duplicate) results.set(req.orderId, resultFor(req, order, 'duplicate_reference'));
      else surchargesOnly.push(req);
      continue;
    }
    const why = !order ? 'not_found' : refusal(order) ?? (duplicate ? 'duplicate_reference' : null);
    if (why) results.set(req.orderId, resultFor(req, order, why));
    else planned.push({ req, order: order!, start: 0, end: 0 });
  }
  for (let i = 0; i < planned.length; i += CHUNK) await writeChunk(planned.slice(i, i + CHUNK), ctx, cfg, results);
  for (const r of await paySurchargesByTransfer(surchargesOnly, ctx)) results.set(r.orderId, r);
  // in the order asked, so a result list lines up with the selection
  return [...[...seenOrders].map((id) => results.get(id)!), ...twice];
}

/** One order, from the order page: refusals become clear errors. */
export async function markOrderPaid(req: MarkPaidRequest, actorId: string): Promise<MarkPaidResult> {
  const [result] = await markOrdersPaid([req], { actorId, source: 'manual' });
  if (result.outcome === 'paid') return result;
  const reason = result.outcome === 'already_paid' ? 'already_paid' : result.reason!;
  throw new AppError(reason === 'not_found' ? 'NOT_FOUND' : 'CONFLICT', `payments.results.${reason}`, REFUSAL_TEXT[reason], { number: result.number ?? '' });
}

export const REFUSAL_TEXT: Record<RefusalReason | 'already_paid', string> = {
  already_paid: 'This order is already paid.',
  not_found: 'This order does not exist.',
  cancelled: 'This order is cancelled; it cannot be marked paid.',
  draft: 'This order has not been placed yet.',
  refunded: 'This order was refunded.',
  duplicate_reference: 'This bank reference is already recorded on another payment.',
  twice: 'This order was selected twice.',
  changed: 'This order changed in the meantime. Nothing was saved; try again.',
  invalid: 'The payment could not be recorded (check the reference).'
};
