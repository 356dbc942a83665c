// Amending an order while the customer is on the phone (F27): add a line, remove one, change
// a quantity. Stock is re-checked and every reservation adjusted in ONE unit of work guarded
// by the order's version, so of two people amending the same version the second is refused
// with the current state instead of silently overwriting the first. Drafts reserve nothing.
import { AppError } from '../errors';
import type { FulfilmentStatus, OrderLineRecord, OrderRecord, ProductRecord } from '../pocketbase/records';
import { TxFailure, UnitOfWork, type StockReason } from '../pocketbase/tx';
import { shopSettings } from '../shop/settings';
import { orderLines } from './cancel';
import { available, lineProblems, lineSnapshot, linesRefused, loadProducts, orderTotals, type LineProblem } from '../shop/lines';
import { getOrderRecord } from './queries';
import { holdReleased } from './hold';
import { fulfilledState, settleLifecycle } from './lifecycle';
import { markPartiallyReturned, markReturned, markShipped } from './transitions';
import { explainTxFailure } from './tx-errors';
import { changeReservation } from '../stock/moves';
import { recordEvent } from './timeline';

/** The line list as the person wants it: existing lines by id, new ones without. */
export interface DesiredLine {
  lineId?: string;
  productId: string;
  qty: number;
}

export interface AmendInput {
  orderId: string;
  /** the order version the person's screen showed */
  version: number;
  lines: DesiredLine[];
}

/** Placed orders may be amended until they are packed; drafts always. */
export const AMENDABLE_FULFILMENT: FulfilmentStatus[] = ['unfulfilled', 'picking'];

interface LineChange {
  line?: OrderLineRecord;
  product: Pick<ProductRecord, 'id' | 'sku' | 'name'>;
  from: number;
  to: number;
  newLine?: ProductRecord;
}

interface How {
  version: number;
  actorId: string;
  eventType: 'amended' | 'line_cancelled';
  stockReason: StockReason;
  allowedFulfilment: FulfilmentStatus[];
  note?: string;
}

/** The refusal a second person gets, with what the order holds now. */
export function amendConflict(order: OrderRecord, lines: OrderLineRecord[]): AppError {
  return new AppError('CONFLICT', 'orderflow.errors.changed_meanwhile', 'Someone else changed this order in the meantime. Nothing was saved; check the current state and try again.', {
    currentVersion: order.version,
    current: {
      version: order.version,
      total_cents: order.total_cents,
      currency: order.currency,
      lines: lines.map((l) => ({ id: l.id, sku: l.sku, name: l.name, qty: l.qty }))
    }
  });
}

function planChanges(lines: OrderLineRecord[], desired: DesiredLine[], products: Map<string, ProductRecord>): LineChange[] {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const seen = new Set<string>();
  for (const d of desired) {
    if (!d.lineId) continue;
    const line = byId.get(d.lineId);
    if (!line || seen.has(d.lineId) || line.product !== d.productId) {
      throw new AppError('BAD_REQUEST', 'orderflow.errors.unknown_line', 'A line does not belong to this order (any more). Reload the order.', { lineId: d.lineId });
    }
    seen.add(d.lineId);
  }
  const changes: LineChange[] = [];
  for (const l of lines) {
    const to = desired.find((d) => d.lineId === l.id)?.qty ?? 0;
    if (to !== l.qty) changes.push({ line: l, product: { id: l.product, sku: l.sku, name: l.name }, from: l.qty, to });
  }
  for (const d of desired.filter((x) => !x.lineId)) {
    const p = products.get(d.productId);
    changes.push({ product: p ?? { id: d.productId, sku: '', name: '' }, from: 0, to: d.qty, newLine: p });
  }
  return changes;
}

function problemsOf(order: OrderRecord, changes: LineChange[], products: Map<string, ProductRecord>): LineProblem[] {
  const problems = lineProblems(changes.filter((c) => !c.line).map((c) => ({ productId: c.product.id, qty: c.to })), products);
  const needed = new Map<string, number>();
  for (const c of changes) if (c.to > c.from) needed.set(c.product.id, (needed.get(c.product.id) ?? 0) + c.to - c.from);
  for (const c of changes) {
    const p = products.get(c.product.id);
    const extra = needed.get(c.product.id) ?? 0;
    // for an amendment "available" is the most this line can hold: what it has plus what is free
    if (order.status === 'placed' && p && c.to > c.from && extra > available(p) && !problems.some((x) => x.productId === p.id)) {
      problems.push({ productId: p.id, problem: 'not_enough', sku: p.sku, name: p.name, requested: c.to, available: c.from + available(p) });
    }
    const floor = c.line ? Math.max(c.line.picked, c.line.shipped) : 0;
    if (c.to < floor) problems.push({ productId: c.product.id, problem: 'already_picked', sku: c.product.sku, name: c.product.name, requested: c.to, available: floor });
  }
  return problems;
}

async function changeLines(order: OrderRecord, lines: OrderLineRecord[], desired: DesiredLine[], how: How) {
  if (order.version !== how.version) throw amendConflict(order, lines);
  // its lines hold no stock: changing them would adjust a reservation that is not there (#12)
  if (order.hold_released) throw holdReleased(order.number);
  const editable = order.status === 'draft' || (order.status === 'placed' && how.allowedFulfilment.includes(order.fulfilment_status));
  if (!editable) {
    throw new AppError('CONFLICT', 'orderflow.errors.amend_refused', `Order ${order.number} is ${order.status} / ${order.fulfilment_status} and can no longer be changed.`, {
      status: order.status,
      fulfilment: order.fulfilment_status
    });
  }
  if (desired.length === 0) throw new AppError('BAD_REQUEST', 'orderflow.errors.no_lines', 'An order needs at least one line. To stop it, cancel the order.');

  const [products, settings] = await Promise.all([loadProducts(desired.filter((d) => !d.lineId || d.qty > 0).map((d) => d.productId)), shopSettings()]);
  const changes = planChanges(lines, desired, products);
  const problems = problemsOf(order, changes, products);
  if (problems.length) throw linesRefused(problems);
  if (!changes.length) return { version: order.version, changed: 0 };

  const kept = lines.map((l) => ({ ...l, qty: changes.find((c) => c.line?.id === l.id)?.to ?? l.qty })).filter((l) => l.qty > 0);
  const added = changes.filter((c) => c.newLine).map((c) => lineSnapshot(c.newLine!, c.to, 0, order.id));
  const totals = orderTotals([...kept, ...added], order.fulfilment_method, settings.shipping);
  const reserve = order.status === 'placed';

  const uow = new UnitOfWork();
  // the version check comes first: a second person gets "changed meanwhile", not a stock message
  const versioned = uow.update('orders', order.id, totals, { ifVersion: how.version, expect: { status: order.status, fulfilment_status: order.fulfilment_status } });
  let position = Math.max(-1, ...lines.map((l) => l.position));
  for (const c of changes) {
    let lineId: string = c.line?.id ?? '';
    if (c.line) {
      uow.update('order_lines', c.line.id, c.to > 0 ? { qty: c.to } : {}, { expect: { qty: c.from, picked: c.line.picked, shipped: c.line.shipped } });
    } else {
      lineId = uow.create('order_lines', lineSnapshot(c.newLine!, c.to, ++position, order.id));
    }
    if (reserve) changeReservation(uow, { product: c.product.id, delta: c.to - c.from, reason: how.stockReason, order: order.id, order_line: lineId, actor: how.actorId, note: how.note });
    if (c.line && c.to === 0) uow.delete('order_lines', c.line.id);
  }
  // what is left of a partly shipped order has all gone out: the order is shipped
  if (order.fulfilment_status === 'partially_shipped' && kept.length > 0 && kept.every((l) => l.shipped >= l.qty)) {
    // (partly or all returned when units of its parcels already came back)
    const to = fulfilledState(kept);
    ({ shipped: markShipped, partially_returned: markPartiallyReturned, returned: markReturned })[to](uow, order, { actor: how.actorId, data: { rest: how.eventType } });
    settleLifecycle(uow, { ...order, fulfilment_status: to }, { actor: how.actorId });
  }
  recordEvent(
    uow,
    order.id,
    {
      type: how.eventType,
      data: {
        changes: changes.map((c) => ({ sku: c.product.sku, name: c.product.name, from: c.from, to: c.to })),
        total_before: order.total_cents,
        total_after: totals.total_cents,
        currency: order.currency,
        ...(how.note ? { reason: how.note } : {})
      }
    },
    { actor: how.actorId }
  );
  try {
    const done = await uow.commit();
    return { version: done.value(versioned), changed: changes.length };
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'version_conflict') {
      const [now, nowLines] = await Promise.all([getOrderRecord(order.id), orderLines(order.id)]);
      throw amendConflict(now, nowLines);
    }
    if (e instanceof TxFailure && e.code === 'insufficient_stock') {
      const c = changes.find((x) => x.product.id === e.details.product);
      if (c) throw linesRefused([{ productId: c.product.id, problem: 'not_enough', sku: c.product.sku, name: c.product.name, requested: c.to, available: c.from + Number(e.details.available) }]);
    }
    throw explainTxFailure(e);
  }
}

export async function amendOrder(input: AmendInput, actorId: string) {
  const [order, lines] = await Promise.all([getOrderRecord(input.orderId), orderLines(input.orderId)]);
  return changeLines(order, lines, input.lines, {
    version: input.version,
    actorId,
    eventType: 'amended',
    stockReason: 'order_amended',
    allowedFulfilment: AMENDABLE_FULFILMENT
  });
}

/** Cancels what is left of one line (F04): unshipped units go back to stock; a line with nothing shipped disappears. */
export async function cancelLine(input: { orderId: string; lineId: string; version: number; reason: string }, actorId: string) {
  const [order, lines] = await Promise.all([getOrderRecord(input.orderId), orderLines(input.orderId)]);
  const target = lines.find((l) => l.id === input.lineId);
  if (!target) throw new AppError('NOT_FOUND', 'orderflow.errors.unknown_line', 'A line does not belong to this order (any more). Reload the order.', { lineId: input.lineId });
  const desired = lines
    .map((l) => ({ lineId: l.id, productId: l.product, qty: l.id === target.id ? l.shipped : l.qty }))
    .filter((d) => d.qty > 0);
  return changeLines(order, lines, desired, {
    version: input.version,
    actorId,
    eventType: 'line_cancelled',
    stockReason: 'line_cancelled',
    allowedFulfilment: ['unfulfilled', 'picking', 'packed', 'partially_shipped'],
    note: input.reason
  });
}
