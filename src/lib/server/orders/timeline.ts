// Writing the order timeline (F46): one order_events row per event, its `data` typed by the
// event map in $lib/orders/timeline-events.ts (which the timeline components read with).
//
//   recordEvent(uow, order.id, { type: 'refund_failed', data: { amount_cents, currency, reason } }, who);
//
// `who`: the staff member (actor), or when it was not staff a label such as 'customer',
// 'card gateway' or 'scheduler' (actorLabel); a label is only kept when there is no actor.
import type { TimelineEventData, TimelineEventType } from '$lib/orders/timeline-events';
import type { Ref, UnitOfWork } from '../pocketbase/tx';

export interface EventActor {
  /** staff id; null or '' when it was not staff */
  actor?: string | null;
  actorLabel?: string;
}

/** A field may be a reference to an earlier op's result in the same unit (a new order's number). */
type Resolving<T> = { [F in keyof T]: T[F] | Ref<T[F]> };

/** An event as a writer hands it over: a TimelineEvent, whose fields may still be refs resolved at commit. */
export type EventInput = { [K in TimelineEventType]: { type: K; data: Resolving<TimelineEventData[K]> } }[TimelineEventType];

/** The order_events row: for a writer that cannot use a unit of work (a lone create). */
export function eventRow(order: string | Ref, event: EventInput, who: EventActor) {
  return { order, type: event.type, actor: who.actor ?? '', actor_label: who.actor ? '' : (who.actorLabel ?? ''), data: event.data };
}

/**
 * Adds the event to the caller's unit of work. `quiet`: not sent live, for an order created in
 * this same unit (no screen can have it open yet).
 */
export function recordEvent(uow: UnitOfWork, order: string | Ref, event: EventInput, who: EventActor, opts: { quiet?: boolean } = {}): Ref {
  return uow.create('order_events', eventRow(order, event, who), opts);
}
