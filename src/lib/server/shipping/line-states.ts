// Each order line's units by state (F22): how many are still unfulfilled, packed and
// waiting, on their way, delivered, returned. The counts always add up to the line's qty.
import type { LineStates } from '$lib/shipping/line-states';
import type { OrderLineRecord } from '../pocketbase/records';

export type { LineStates };

/** `delivered`: units of this line in parcels the courier reported delivered. */
export function lineStates(line: Pick<OrderLineRecord, 'qty' | 'picked' | 'shipped' | 'returned'>, delivered: number): LineStates {
  const shipped = Math.min(line.shipped, line.qty);
  const picked = Math.max(Math.min(line.picked, line.qty), shipped);
  const d = Math.min(delivered, shipped);
  // returned units were out first: they come off the delivered ones, then the ones on their way
  const returned = Math.min(line.returned, shipped);
  const returnedInTransit = Math.max(0, returned - d);
  return {
    unfulfilled: line.qty - picked,
    packed: picked - shipped,
    shipped: shipped - d - returnedInTransit,
    delivered: Math.max(0, d - returned),
    returned
  };
}
