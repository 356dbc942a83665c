// The fulfilment moves shipping makes, in one place: they are the order's own transitions
// (../orders/transitions.ts), which add the order update and its timeline event to our unit of work.
import { fulfilledState, settleLifecycle, type LifecycleOrder } from '../orders/lifecycle';
import { markCollected, markPartiallyReturned, markPartiallyShipped, markReadyForPickup, markReturned, markShipped } from '../orders/transitions';
import type { FulfilmentStatus } from '../pocketbase/records';
import type { UnitOfWork } from '../pocketbase/tx';
import type { MoveDetails, Parcel } from '$lib/orders/timeline-events';

export interface Who {
  /** staff id, or null with a label for couriers and schedulers */
  actor: string | null;
  actorLabel?: string;
}

const opts = <D>(who: Who, ifVersion: number | undefined, data: D) => ({
  actor: who.actor ?? undefined,
  actorLabel: who.actor ? undefined : who.actorLabel,
  ifVersion,
  data
});

const MARK = { shipped: markShipped, partially_shipped: markPartiallyShipped, partially_returned: markPartiallyReturned, returned: markReturned } as const;

/** after a parcel left: partially shipped while something is left to ship, else `fulfilledState` */
export function afterParcel(
  uow: UnitOfWork,
  order: LifecycleOrder & { version: number },
  lines: { qty: number; shipped: number; returned: number }[],
  who: Who,
  data: Parcel
) {
  const to: FulfilmentStatus & keyof typeof MARK = lines.every((l) => l.shipped >= l.qty) ? fulfilledState(lines) : 'partially_shipped';
  MARK[to](uow, order, opts(who, order.version, data));
  // nothing left to ship: a paid order without open returns is complete (orders/lifecycle.ts)
  settleLifecycle(uow, { ...order, fulfilment_status: to }, opts(who, undefined, {}));
}

export function readyForPickup(uow: UnitOfWork, order: LifecycleOrder & { version: number }, who: Who) {
  markReadyForPickup(uow, order, opts(who, order.version, {}));
}

export function collected(uow: UnitOfWork, order: LifecycleOrder & { version: number }, who: Who, data: MoveDetails['collected']) {
  markCollected(uow, order, opts(who, order.version, data));
  settleLifecycle(uow, { ...order, fulfilment_status: 'collected' }, opts(who, undefined, {}));
}
