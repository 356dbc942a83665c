// F39/F40: the goods arrive (receive), units waiting for inspection are decided, a requested
// return is cancelled. Each is one unit of work under the return's version: a double tap or
// two people receiving the same return at once apply it once; the second hears it was done.
import { AppError } from '../errors';
import { queueEmail } from '../mail/queue';
import { explainTxFailure } from '../orders/tx-errors';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { receive, writeOffReturned } from '../stock/moves';
import { getReturn, loadReturnContext, openReturnCount, type ReturnContext } from './queries';
import { applyToOrder, type Who } from './order-state';
import type { ReturnLineRecord, ReturnRecord } from './records';
import { recordEvent } from '../orders/timeline';

export interface SplitInput {
  returnLineId: string;
  restock: number;
  writeoff: number;
  inspect: number;
}

export interface StepResult {
  returnId: string;
  orderId: string;
  status: ReturnRecord['status'];
  /** true when this call changed nothing because the step was already done (a double tap, a race) */
  alreadyDone: boolean;
}

const staffWho = (actor: string): Who => ({ actor });

function splitsFor(lines: ReturnLineRecord[], input: SplitInput[], field: 'qty' | 'to_inspect') {
  const byId = new Map(input.map((s) => [s.returnLineId, s]));
  for (const s of input) {
    if (!lines.some((l) => l.id === s.returnLineId)) throw new AppError('BAD_REQUEST', 'returns.errors.unknown_return_line', 'A line is not part of this return.');
  }
  return lines.map((l) => {
    const s = byId.get(l.id) ?? { returnLineId: l.id, restock: 0, writeoff: 0, inspect: 0 };
    const sum = s.restock + s.writeoff + s.inspect;
    if (sum !== l[field]) {
      throw new AppError(
        'BAD_REQUEST',
        'returns.errors.split_mismatch',
        `${l.sku} ${l.name}: ${l[field]} unit${l[field] === 1 ? '' : 's'} to decide, but ${sum} given (back on the shelf + written off + inspect later).`,
        { sku: l.sku, name: l.name, expected: l[field], given: sum }
      );
    }
    return { line: l, ...s };
  });
}

async function loadReturn(returnId: string) {
  const ret = await getReturn(returnId);
  const ctx = await loadReturnContext(ret.order);
  const lines = ctx.returnLines.filter((l) => l.return === ret.id);
  return { ret, ctx, lines };
}

/** Commits; a stale return version answers "already done" when the return moved on, a stale order version tries again. */
async function commitStep(uow: UnitOfWork, ret: ReturnRecord, doneWhen: ReturnRecord['status'][]): Promise<'done' | 'retry' | StepResult> {
  try {
    await uow.commit();
    return 'done';
  } catch (e) {
    if (e instanceof TxFailure && (e.code === 'version_conflict' || e.code === 'precondition_failed') && e.details.collection === 'returns') {
      const now = await getReturn(ret.id);
      if (doneWhen.includes(now.status)) return { returnId: ret.id, orderId: ret.order, status: now.status, alreadyDone: true };
      throw new AppError('CONFLICT', 'returns.errors.changed_meanwhile', `This return is ${now.status} now: someone changed it in the meantime. Nothing was saved.`, { status: now.status });
    }
    if (e instanceof TxFailure && (e.code === 'version_conflict' || e.code === 'precondition_failed') && e.details.collection === 'orders') return 'retry';
    throw explainTxFailure(e);
  }
}

function staleVersion(ret: ReturnRecord, version: number, doneWhen: ReturnRecord['status'][]): StepResult | null {
  if (ret.version === version) return null;
  if (doneWhen.includes(ret.status)) return { returnId: ret.id, orderId: ret.order, status: ret.status, alreadyDone: true };
  throw new AppError('CONFLICT', 'returns.errors.changed_meanwhile', `This return is ${ret.status} now: someone changed it in the meantime. Nothing was saved.`, { status: ret.status });
}

const perLine = (ctx: ReturnContext, field: 'shipped' | 'returned', extra?: Map<string, number>) =>
  new Map(ctx.lines.map((l) => [l.id, l[field] + (extra?.get(l.id) ?? 0)]));

/** The goods arrived: each unit back on the shelf, written off, or put aside for inspection. */
export async function receiveReturn(input: { returnId: string; version: number; lines: SplitInput[] }, actorId: string): Promise<StepResult> {
  const who = staffWho(actorId);
  for (let attempt = 1; ; attempt++) {
    const { ret, ctx, lines } = await loadReturn(input.returnId);
    const stale = staleVersion(ret, input.version, ['received', 'closed']);
    if (stale) return stale;
    if (ret.status !== 'requested') throw new AppError('CONFLICT', 'returns.errors.not_requested', `This return is ${ret.status}: it cannot be received again.`, { status: ret.status });
    const splits = splitsFor(lines, input.lines, 'qty');
    const totals = { restocked: 0, written_off: 0, to_inspect: 0 };
    for (const s of splits) {
      totals.restocked += s.restock;
      totals.written_off += s.writeoff;
      totals.to_inspect += s.inspect;
    }
    const closes = totals.to_inspect === 0;
    const now = new Date().toISOString();
    const uow = new UnitOfWork();
    uow.update('returns', ret.id, { status: closes ? 'closed' : 'received', received_at: now, received_by: actorId, closed_at: closes ? now : '' }, { ifVersion: ret.version, expect: { status: 'requested' } });
    const back = new Map<string, number>();
    for (const s of splits) {
      const l = s.line;
      uow.update('return_lines', l.id, { restocked: s.restock, written_off: s.writeoff, to_inspect: s.inspect });
      uow.increment('order_lines', l.order_line, 'returned', l.qty, { maxField: 'shipped' });
      back.set(l.order_line, (back.get(l.order_line) ?? 0) + l.qty);
      const ctxMove = { product: l.product, order: ret.order, order_line: l.order_line, actor: actorId };
      if (s.restock) receive(uow, { ...ctxMove, qty: s.restock, reason: 'returned_restock', note: `return ${ret.id}` });
      if (s.writeoff) writeOffReturned(uow, { ...ctxMove, qty: s.writeoff, note: `return ${ret.id}` });
    }
    const data = { return: ret.id, units: ret.units, ...totals, closed: closes, items: splits.map((s) => ({ sku: s.line.sku, name: s.line.name, qty: s.line.qty, restock: s.restock, writeoff: s.writeoff, inspect: s.inspect })) };
    recordEvent(uow, ret.order, { type: 'return_received', data }, who);
    applyToOrder(uow, who, {
      order: ctx.order,
      openReturns: openReturnCount(ctx.returns) - (closes ? 1 : 0),
      returnedByLine: perLine(ctx, 'returned', back),
      shippedByLine: perLine(ctx, 'shipped'),
      data: { return: ret.id }
    });
    if (ctx.order.email) {
      queueEmail(uow, { topic: 'return_received', to: ctx.order.email, locale: ctx.order.locale === 'de' ? 'de' : 'en', order: ret.order, data: { orderId: ret.order, returnId: ret.id } });
    }
    const r = await commitStep(uow, ret, ['received', 'closed']);
    if (r === 'retry' && attempt < 4) continue;
    if (r === 'retry') throw new AppError('CONFLICT', 'orderflow.errors.changed_meanwhile', 'Someone else changed this order in the meantime. Nothing was saved; check the current state and try again.');
    if (r !== 'done') return r;
    return { returnId: ret.id, orderId: ret.order, status: closes ? 'closed' : 'received', alreadyDone: false };
  }
}

/** Units put aside for inspection are decided: back on the shelf or written off. Closes the return when none is left. */
export async function decideInspection(input: { returnId: string; version: number; lines: Omit<SplitInput, 'inspect'>[] }, actorId: string): Promise<StepResult> {
  const who = staffWho(actorId);
  for (let attempt = 1; ; attempt++) {
    const { ret, ctx, lines } = await loadReturn(input.returnId);
    const stale = staleVersion(ret, input.version, ['closed']);
    if (stale) return stale;
    if (ret.status !== 'received') throw new AppError('CONFLICT', 'returns.errors.nothing_to_inspect', `This return is ${ret.status}: nothing waits for inspection.`, { status: ret.status });
    const pending = lines.filter((l) => l.to_inspect > 0);
    const splits = splitsFor(pending, input.lines.filter((s) => pending.some((l) => l.id === s.returnLineId)).map((s) => ({ ...s, inspect: 0 })), 'to_inspect');
    const now = new Date().toISOString();
    const uow = new UnitOfWork();
    uow.update('returns', ret.id, { status: 'closed', closed_at: now }, { ifVersion: ret.version, expect: { status: 'received' } });
    const totals = { restocked: 0, written_off: 0 };
    for (const s of splits) {
      const l = s.line;
      totals.restocked += s.restock;
      totals.written_off += s.writeoff;
      uow.update('return_lines', l.id, { restocked: l.restocked + s.restock, written_off: l.written_off + s.writeoff, to_inspect: 0 });
      const ctxMove = { product: l.product, order: ret.order, order_line: l.order_line, actor: actorId };
      if (s.restock) receive(uow, { ...ctxMove, qty: s.restock, reason: 'returned_restock', note: `return ${ret.id} after inspection` });
      if (s.writeoff) writeOffReturned(uow, { ...ctxMove, qty: s.writeoff, note: `return ${ret.id} after inspection` });
    }
    recordEvent(uow, ret.order, { type: 'return_inspected', data: { return: ret.id, ...totals, items: splits.map((s) => ({ sku: s.line.sku, name: s.line.name, restock: s.restock, writeoff: s.writeoff })) } }, who);
    applyToOrder(uow, who, { order: ctx.order, openReturns: openReturnCount(ctx.returns) - 1, data: { return: ret.id } });
    const r = await commitStep(uow, ret, ['closed']);
    if (r === 'retry' && attempt < 4) continue;
    if (r === 'retry') throw new AppError('CONFLICT', 'orderflow.errors.changed_meanwhile', 'Someone else changed this order in the meantime. Nothing was saved; check the current state and try again.');
    if (r !== 'done') return r;
    return { returnId: ret.id, orderId: ret.order, status: 'closed', alreadyDone: false };
  }
}

/** A requested return that will not come (the customer kept the goods). */
export async function cancelReturn(input: { returnId: string; version: number }, actorId: string): Promise<StepResult> {
  const who = staffWho(actorId);
  for (let attempt = 1; ; attempt++) {
    const { ret, ctx } = await loadReturn(input.returnId);
    const stale = staleVersion(ret, input.version, ['cancelled']);
    if (stale) return stale;
    if (ret.status !== 'requested') throw new AppError('CONFLICT', 'returns.errors.not_requested', `This return is ${ret.status}: only a requested return can be cancelled.`, { status: ret.status });
    const uow = new UnitOfWork();
    uow.update('returns', ret.id, { status: 'cancelled', cancelled_at: new Date().toISOString() }, { ifVersion: ret.version, expect: { status: 'requested' } });
    recordEvent(uow, ret.order, { type: 'return_cancelled', data: { return: ret.id, units: ret.units } }, who);
    applyToOrder(uow, who, { order: ctx.order, openReturns: openReturnCount(ctx.returns) - 1, data: { return: ret.id } });
    const r = await commitStep(uow, ret, ['cancelled']);
    if (r === 'retry' && attempt < 4) continue;
    if (r === 'retry') throw new AppError('CONFLICT', 'orderflow.errors.changed_meanwhile', 'Someone else changed this order in the meantime. Nothing was saved; check the current state and try again.');
    if (r !== 'done') return r;
    return { returnId: ret.id, orderId: ret.order, status: 'cancelled', alreadyDone: false };
  }
}
