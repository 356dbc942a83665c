// F39/F40: reading an order's returns, and what of each line may still come back.
import { OPEN_RETURN_STATUSES, returnable } from '$lib/returns/reasons';
import { AppError } from '../errors';
import type { OrderLineRecord, OrderRecord } from '../pocketbase/records';
import { collection, filterValue } from '../pocketbase/client';
import { getOrderRecord } from '../orders/queries';
import type { ReturnLineRecord, ReturnRecord } from './records';

export interface ReturnContext {
  order: OrderRecord & { open_returns?: number };
  lines: OrderLineRecord[];
  returns: ReturnRecord[];
  returnLines: ReturnLineRecord[];
}

export async function loadReturnContext(orderId: string): Promise<ReturnContext> {
  const byOrder = { filter: `order = ${filterValue(orderId)}` };
  const [order, lines, returns, returnLines] = await Promise.all([
    getOrderRecord(orderId),
    collection('order_lines').getFullList({ ...byOrder, sort: 'position,created' }),
    collection('returns').getFullList({ ...byOrder, sort: 'created' }),
    collection('return_lines').getFullList({ ...byOrder, sort: 'created' })
  ]);
  return { order, lines, returns, returnLines };
}

/** Units per order line on returns still `requested` (on their way back, not yet counted in `returned`). */
export function onRequestedReturns(ctx: Pick<ReturnContext, 'returns' | 'returnLines'>): Map<string, number> {
  const requested = new Set(ctx.returns.filter((r) => r.status === 'requested').map((r) => r.id));
  const m = new Map<string, number>();
  for (const l of ctx.returnLines) if (requested.has(l.return)) m.set(l.order_line, (m.get(l.order_line) ?? 0) + l.qty);
  return m;
}

export function openReturnCount(returns: Pick<ReturnRecord, 'status'>[]): number {
  return returns.filter((r) => (OPEN_RETURN_STATUSES as readonly string[]).includes(r.status)).length;
}

export interface ReturnLabel {
  courier: string;
  carrier: string;
  trackingNumber: string;
  createdAt: string;
}

/** the label a return has, if any */
export function labelOf(r: Pick<ReturnRecord, 'label_courier' | 'label_carrier' | 'label_tracking_number' | 'label_created_at'>): ReturnLabel | null {
  if (!r.label_tracking_number) return null;
  return { courier: r.label_courier, carrier: r.label_carrier, trackingNumber: r.label_tracking_number, createdAt: r.label_created_at };
}

/** What the order page's returns card shows: every return with its lines, and what may still come back. */
export function returnsView(ctx: ReturnContext) {
  const onRequested = onRequestedReturns(ctx);
  return {
    order: {
      id: ctx.order.id,
      number: ctx.order.number,
      status: ctx.order.status,
      fulfilment_status: ctx.order.fulfilment_status,
      fulfilment_method: ctx.order.fulfilment_method,
      version: ctx.order.version,
      currency: ctx.order.currency,
      open_returns: ctx.order.open_returns ?? 0
    },
    lines: ctx.lines.map((l) => ({
      id: l.id,
      sku: l.sku,
      name: l.name,
      qty: l.qty,
      shipped: l.shipped,
      /** F40: the return this line was added for (an exchange line), else '' */
      exchangeReturn: l.exchange_return ?? '',
      returned: l.returned,
      onRequested: onRequested.get(l.id) ?? 0,
      returnable: returnable(l, onRequested.get(l.id) ?? 0)
    })),
    returns: [...ctx.returns].reverse().map((r) => ({
      id: r.id,
      status: r.status,
      source: r.source,
      note: r.note,
      units: r.units,
      version: r.version,
      created: r.created,
      received_at: r.received_at,
      closed_at: r.closed_at,
      cancelled_at: r.cancelled_at,
      label: labelOf(r),
      lines: ctx.returnLines
        .filter((l) => l.return === r.id)
        .map((l) => ({ id: l.id, order_line: l.order_line, sku: l.sku, name: l.name, qty: l.qty, reason: l.reason, reason_note: l.reason_note, restocked: l.restocked, written_off: l.written_off, to_inspect: l.to_inspect }))
    }))
  };
}
export type ReturnsView = ReturnType<typeof returnsView>;

export async function getReturn(id: string): Promise<ReturnRecord> {
  const r = await collection('returns').getOne(id).catch(() => null);
  if (!r) throw new AppError('NOT_FOUND', 'returns.errors.not_found', 'This return does not exist.');
  return r;
}

export async function findReturnByKey(key: string): Promise<ReturnRecord | null> {
  const found = await collection('returns').getList(1, 1, { filter: `key = ${filterValue(key)} && key != ''` });
  return found.items[0] ?? null;
}
