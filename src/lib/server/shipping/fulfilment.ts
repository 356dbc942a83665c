// The fulfilment moves shipping makes, in one place: they are the order's own transitions
// (../orders/transitions.ts), which add the order update and its timeline event to our unit of work.
import { settleLifecycle, type LifecycleOrder } from '../orders/lifecycle';
import { markCollected, markPartiallyShipped, markReadyForPickup, markShipped } from '../orders/transitions';
import type { UnitOfWork } from '../pocketbase/tx';

export interface Who {
  /** staff id, or null with a label for couriers and schedulers */
  actor: string | null;
  actorLabel?: string;
}

const opts = (who: Who, ifVersion: number | undefined, data: Record<string, unknown>) => ({
  actor: who.actor ?? undefined,
  actorLabel: who.actor ? undefined : who.actorLabel,
  ifVersion,
  data
});

/** after a parcel left: shipped when nothing is left to ship, else partially shipped */
export function afterParcel(uow: UnitOfWork, order: LifecycleOrder & { version: number }, allShipped: boolean, who: Who, data: Record<string, unknown>) {
  (allShipped ? markShipped : markPartiallyShipped)(uow, order, opts(who, order.version, data));
  // nothing left to ship: a paid order without open returns is complete (orders/lifecycle.ts)
  settleLifecycle(uow, { ...order, fulfilment_status: allShipped ? 'shipped' : 'partially_shipped' }, opts(who, undefined, {}));
}

export function readyForPickup(uow: UnitOfWork, order: LifecycleOrder & { version: number }, who: Who) {
  markReadyForPickup(uow, order, opts(who, order.version, {}));
}

export function collected(uow: UnitOfWork, order: LifecycleOrder & { version: number }, who: Who, data: Record<string, unknown>) {
  markCollected(uow, order, opts(who, order.version, data));
  settleLifecycle(uow, { ...order, fulfilment_status: 'collected' }, opts(who, undefined, {}));
}
