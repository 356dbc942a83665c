// F39/F40: recording a return (staff on the order page, or the customer on the tracking page).
// Never more of a line than shipped, minus what came back, minus what is on returns still on
// their way; a client key makes a double tap one return; the order's version makes two
// returns of one order take turns. One unit of work: the return, its lines, the order's open
// returns count and lifecycle, the timeline event.
import { queueWebhook } from '../webhooks/events';
import type { ReturnReason, ReturnSource } from '$lib/returns/reasons';
import { returnable } from '$lib/returns/reasons';
import { AppError } from '../errors';
import { explainTxFailure } from '../orders/tx-errors';
import { TxFailure, UnitOfWork, type Ref } from '../pocketbase/tx';
import { findReturnByKey, loadReturnContext, onRequestedReturns, openReturnCount, type ReturnContext } from './queries';
import { applyToOrder, type Who } from './order-state';
import type { ReturnRecord } from './records';
import { recordEvent } from '../orders/timeline';

export interface ReturnLineInput {
  lineId: string;
  qty: number;
  reason: ReturnReason;
  note?: string;
}

export interface CreateReturnInput {
  orderId: string;
  key: string;
  lines: ReturnLineInput[];
  note?: string;
}

export interface Requester extends Who {
  source: ReturnSource;
}

/** Orders that may take a return: placed or completed, with something shipped or collected. */
function checkOrder(ctx: ReturnContext) {
  const { order } = ctx;
  if (order.status !== 'placed' && order.status !== 'completed') {
    throw new AppError('CONFLICT', 'returns.errors.order_state', `Order ${order.number} is ${order.status}: nothing can be returned.`, { number: order.number, status: order.status });
  }
  if (!ctx.lines.some((l) => l.shipped > 0)) {
    throw new AppError('CONFLICT', 'returns.errors.nothing_shipped', `Nothing of order ${order.number} has been shipped or collected yet, so nothing can be returned.`, { number: order.number });
  }
}

function checkLines(ctx: ReturnContext, input: ReturnLineInput[]) {
  const onRequested = onRequestedReturns(ctx);
  const seen = new Set<string>();
  for (const [i, want] of input.entries()) {
    const line = ctx.lines.find((l) => l.id === want.lineId);
    if (!line) throw new AppError('BAD_REQUEST', 'returns.errors.unknown_line', `Line ${i + 1} is not part of this order.`, { index: i });
    if (seen.has(line.id)) throw new AppError('BAD_REQUEST', 'returns.errors.duplicate_line', `${line.sku} ${line.name} is listed twice; give it once with the total quantity.`, { sku: line.sku, name: line.name });
    seen.add(line.id);
    const open = onRequested.get(line.id) ?? 0;
    const max = returnable(line, open);
    if (want.qty > max) {
      throw new AppError(
        'BAD_REQUEST',
        'returns.errors.too_many',
        max === 0
          ? `Nothing of ${line.sku} ${line.name} can be returned: ${line.shipped} shipped, ${line.returned} already back, ${open} on open returns.`
          : `At most ${max} of ${line.sku} ${line.name} can be returned (${line.shipped} shipped, ${line.returned} already back, ${open} on open returns), not ${want.qty}.`,
        { sku: line.sku, name: line.name, max, shipped: line.shipped, returned: line.returned, open, requested: want.qty, index: i }
      );
    }
  }
}

/** Whether the order takes these return lines now; throws the refusal naming the line. */
export function checkReturn(ctx: ReturnContext, lines: ReturnLineInput[]): void {
  checkOrder(ctx);
  checkLines(ctx, lines);
}

/** The return's own writes (record, lines, timeline event) in the caller's unit of work; the caller updates the order. */
export function returnOps(uow: UnitOfWork, ctx: ReturnContext, input: CreateReturnInput, who: Requester): Ref<string> {
  const units = input.lines.reduce((s, l) => s + l.qty, 0);
  const items = input.lines.map((l) => {
    const line = ctx.lines.find((x) => x.id === l.lineId)!;
    return { line, ...l };
  });
  uow.absent('returns', { key: input.key });
  const ret = uow.create('returns', {
    order: ctx.order.id,
    status: 'requested',
    source: who.source,
    key: input.key,
    note: input.note ?? '',
    units,
    version: 0,
    created_by: who.actor ?? ''
  });
  for (const it of items) {
    uow.create('return_lines', {
      return: ret,
      order: ctx.order.id,
      order_line: it.line.id,
      product: it.line.product,
      sku: it.line.sku,
      name: it.line.name,
      qty: it.qty,
      reason: it.reason,
      reason_note: it.note ?? '',
      restocked: 0,
      written_off: 0,
      to_inspect: 0
    });
  }
  const data = { return: ret, units, source: who.source, items: items.map((it) => ({ sku: it.line.sku, name: it.line.name, qty: it.qty, reason: it.reason })) };
  recordEvent(uow, ctx.order.id, { type: 'return_requested', data }, who);
  queueWebhook(uow, { type: 'return.requested', order: ctx.order.id, data: { return_id: ret, source: who.source, items: data.items } });
  return ret;
}

/** Records a `requested` return. The same key again answers the return it made the first time. */
export async function createReturn(input: CreateReturnInput, who: Requester): Promise<{ returnId: string; orderId: string; duplicate: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const earlier = await findReturnByKey(input.key);
    if (earlier) return sameKey(earlier, input.orderId);
    const ctx = await loadReturnContext(input.orderId);
    try {
      checkReturn(ctx, input.lines);
    } catch (e) {
      // a double tap's twin may have made the return between the key look-up and the checks
      const made = await findReturnByKey(input.key);
      if (made) return sameKey(made, input.orderId);
      throw e;
    }

    const uow = new UnitOfWork();
    const ret = returnOps(uow, ctx, input, who);
    applyToOrder(uow, who, { order: ctx.order, openReturns: openReturnCount(ctx.returns) + 1, data: { return: ret } });
    try {
      const done = await uow.commit();
      return { returnId: done.id(ret), orderId: ctx.order.id, duplicate: false };
    } catch (e) {
      const twin = await madeByTwin(e, input);
      if (twin) return twin;
      // someone changed the order meanwhile (another return, a parcel): check again with the new state
      if (e instanceof TxFailure && (e.code === 'version_conflict' || e.code === 'precondition_failed') && attempt < 4) continue;
      throw explainTxFailure(e);
    }
  }
}

/** A double tap raced us: the other request made the return with this key (its answer), else null. */
export async function madeByTwin(e: unknown, input: Pick<CreateReturnInput, 'key' | 'orderId'>) {
  if (e instanceof TxFailure && e.code === 'exists') return sameKey(e.details.record as unknown as ReturnRecord, input.orderId);
  if (e instanceof TxFailure && e.code === 'unique_violation' && e.details.collection === 'returns') {
    const made = await findReturnByKey(input.key);
    if (made) return sameKey(made, input.orderId);
  }
  return null;
}

export function sameKey(r: Pick<ReturnRecord, 'id' | 'order'>, orderId: string) {
  if (r.order !== orderId) throw new AppError('CONFLICT', 'returns.errors.key_used', 'This request key belongs to another order. Reload the page and try again.');
  return { returnId: r.id, orderId: r.order, duplicate: true };
}
