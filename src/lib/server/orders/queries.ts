// Read side of orders for the staff screens: the queue and one order with its lines, notes, timeline.
import { collection, filterValue, isNotFound } from '../pocketbase/client';
import type { FulfilmentStatus, OrderEventRecord, OrderNoteRecord, OrderRecord, OrderStatus, PaymentMethod, PaymentStatus } from '../pocketbase/records';
import { STAGE_STATUSES, type OrderStage } from '$lib/orders/states';
import type { TimelineEvent } from '$lib/orders/timeline-events';
import { AppError } from '../errors';

export interface QueueFilter {
  /** open (draft, placed) or finished (completed, cancelled) */
  stage?: OrderStage;
  status?: OrderStatus;
  paymentStatus?: PaymentStatus;
  fulfilmentStatus?: FulfilmentStatus;
  paymentMethod?: PaymentMethod;
  search?: string;
  page: number;
  perPage: number;
}

export const QUEUE_FIELDS =
  'id,number,customer_name,status,payment_status,fulfilment_status,payment_method,fulfilment_method,total_cents,currency,placed_at,created,updated,version';

export type QueueOrder = Pick<
  OrderRecord,
  | 'id'
  | 'number'
  | 'customer_name'
  | 'status'
  | 'payment_status'
  | 'fulfilment_status'
  | 'payment_method'
  | 'fulfilment_method'
  | 'total_cents'
  | 'currency'
  | 'placed_at'
  | 'created'
  | 'updated'
  | 'version'
>;

export function queueFilter(f: Omit<QueueFilter, 'page' | 'perPage'>): string {
  const parts: string[] = [];
  if (f.stage) parts.push(`(${STAGE_STATUSES[f.stage].map((s) => `status = ${filterValue(s)}`).join(' || ')})`);
  if (f.status) parts.push(`status = ${filterValue(f.status)}`);
  if (f.paymentStatus) parts.push(`payment_status = ${filterValue(f.paymentStatus)}`);
  if (f.fulfilmentStatus) parts.push(`fulfilment_status = ${filterValue(f.fulfilmentStatus)}`);
  if (f.paymentMethod) parts.push(`payment_method = ${filterValue(f.paymentMethod)}`);
  const q = f.search?.trim();
  if (q) {
    const n = Number(q.replace(/^#/, ''));
    parts.push(
      Number.isInteger(n) && n > 0
        ? `(number = ${n} || customer_name ~ ${filterValue(q)})`
        : `(customer_name ~ ${filterValue(q)} || email ~ ${filterValue(q)})`
    );
  }
  return parts.join(' && ');
}

export async function getOrderRecord(id: string): Promise<OrderRecord> {
  try {
    return await collection('orders').getOne(id);
  } catch (e) {
    if (isNotFound(e)) throw new AppError('NOT_FOUND', 'orders.not_found', 'This order does not exist.');
    throw e;
  }
}

export function noteView(n: OrderNoteRecord) {
  return {
    id: n.id,
    order: n.order,
    body: n.body,
    visibility: n.visibility,
    author: n.expand?.author ? { id: n.expand.author.id, name: n.expand.author.name } : null,
    created: n.created,
    updated: n.updated
  };
}
export type NoteView = ReturnType<typeof noteView>;

/** A timeline event as the screens get it: `type` narrows `data` ($lib/orders/timeline-events.ts). */
export type EventView = TimelineEvent & { id: string; actor: string; created: string; updated: string };

export function eventView(e: OrderEventRecord): EventView {
  // stored as written by recordEvent (server/orders/timeline.ts); a type it never wrote (old
  // rows, tests) passes through too, and the timeline shows it by its label fallback
  const event = { type: e.type, data: e.data ?? {} } as TimelineEvent;
  return {
    id: e.id,
    ...event,
    actor: e.expand?.actor?.name ?? e.actor_label ?? '',
    created: e.created,
    // events never change; `updated` lets live lists treat them like any record
    updated: e.created
  };
}

/** Timeline events per page (#15: an order with thousands of events, e.g. webhook syncs, stays fast). */
export const TIMELINE_PAGE = 100;

/**
 * A page of an order's timeline, newest first, before the event `before` (keyset: created, id);
 * `older` says whether more lie beyond it.
 */
export async function timelinePage(orderId: string, before?: { created: string; id: string }) {
  const older = before ? ` && (created < ${filterValue(before.created)} || (created = ${filterValue(before.created)} && id < ${filterValue(before.id)}))` : '';
  const page = await collection('order_events').getList(1, TIMELINE_PAGE + 1, { filter: `order = ${filterValue(orderId)}${older}`, sort: '-created,-id', expand: 'actor', skipTotal: true });
  return { events: page.items.slice(0, TIMELINE_PAGE).map(eventView), older: page.items.length > TIMELINE_PAGE };
}

export async function getOrderDetail(id: string) {
  const byOrder = { filter: `order = ${filterValue(id)}` };
  const [order, lines, notes, timeline] = await Promise.all([
    getOrderRecord(id),
    collection('order_lines').getFullList({ ...byOrder, sort: 'position,created' }),
    collection('order_notes').getFullList({ ...byOrder, sort: 'created', expand: 'author' }),
    timelinePage(id)
  ]);
  return { order, lines, notes: notes.map(noteView), events: timeline.events, olderEvents: timeline.older };
}
export type OrderDetail = Awaited<ReturnType<typeof getOrderDetail>>;
