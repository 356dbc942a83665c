// Why a scan is refused, in words the packer can act on. Each refusal carries an i18n key
// under `pack.refused.*` and the details the message names (what was scanned, what is expected).
import { AppError, type AppErrorCode } from '../errors';
import type { OrderRecord } from '../pocketbase/records';
import { pickability } from './views';

const REFUSALS = {
  not_on_order: ['CONFLICT', 'This product is not on this order.'],
  over_pick: ['CONFLICT', 'All units of this item are already picked.'],
  bad_check_digit: ['BAD_REQUEST', 'This barcode was misread (wrong check digit). Scan it again.'],
  line_gone: ['CONFLICT', 'This line is no longer on the order; the office changed it.'],
  order_cancelled: ['PRECONDITION_FAILED', 'The office cancelled this order. Stop picking and put the items back.'],
  order_packed: ['PRECONDITION_FAILED', 'This order is already packed.'],
  order_not_ready: ['PRECONDITION_FAILED', 'This order cannot be picked now. Ask the office.'],
  undo_unknown: ['BAD_REQUEST', 'There is no such scan on this order to undo.'],
  already_undone: ['CONFLICT', 'This scan was already undone.']
} as const satisfies Record<string, readonly [AppErrorCode, string]>;

export type RefusalReason = keyof typeof REFUSALS;

export function refusal(reason: RefusalReason, params: Record<string, unknown> = {}): AppError {
  const [code, message] = REFUSALS[reason];
  return new AppError(code, `pack.refused.${reason}`, message, { reason, ...params });
}

type OrderState = Pick<OrderRecord, 'status' | 'payment_status' | 'fulfilment_status'>;

/** The refusal that fits an order that may not be picked (any more), or null. */
export function notPickable(order: OrderState): AppError | null {
  const state = pickability(order);
  if (state === 'pickable') return null;
  return refusal(state === 'cancelled' ? 'order_cancelled' : state === 'packed' ? 'order_packed' : 'order_not_ready');
}

export function refuseUnlessPickable(order: OrderState) {
  const refused = notPickable(order);
  if (refused) throw refused;
}
