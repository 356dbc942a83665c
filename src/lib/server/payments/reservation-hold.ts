// The stock hold of unpaid web orders (#12, finding 3): one anonymous order used to hold every
// unit of a product for the ten business days a cheque may take. Now an unpaid web order holds
// its stock only for its payment method's hours (settings: payments.reservationHold); then the
// scheduler puts the reservation back on the shelf and says so on the timeline. The order stays
// open: paying it (or office staff renewing it) reserves the stock again when it is still there;
// when it is not, the timeline says which lines are short and the scheduler tries again on
// every run. Until it holds its stock again it is not picked. Releasing is guarded by the order's
// version and its payment state, so a payment arriving at the same moment wins or loses whole.
import { AppError } from '../errors';
import { orderLines } from '../orders/cancel';
import { getOrderRecord } from '../orders/queries';
import { collection, filterValue } from '../pocketbase/client';
import type { OrderRecord, PaymentStatus } from '../pocketbase/records';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { release, reserve } from '../stock/moves';
import { paymentConfig, PAYMENT_METHODS } from './settings';
import { eventRow, recordEvent } from '../orders/timeline';

type Candidate = Pick<OrderRecord, 'id' | 'number' | 'version' | 'payment_method'>;
const FIELDS = 'id,number,version,payment_method';
const UNPAID: PaymentStatus[] = ['unpaid', 'failed'];

export interface HoldRun {
  released: number[];
  renewed: number[];
  short: number[];
}

interface Who {
  actor?: string;
  actorLabel?: string;
}

/** Puts an unpaid order's reserved stock back; false when the order changed meanwhile (paid, amended, picked). */
export async function releaseHold(o: Candidate, hours: number, who: Who = { actorLabel: 'scheduler' }): Promise<boolean> {
  const lines = await orderLines(o.id);
  const uow = new UnitOfWork();
  uow.update('orders', o.id, { hold_released: true }, { ifVersion: o.version, expect: { status: 'placed', payment_status: UNPAID, fulfilment_status: 'unfulfilled', hold_released: false } });
  for (const l of lines) {
    uow.update('order_lines', l.id, {}, { expect: { shipped: 0, qty: l.qty } });
    release(uow, { product: l.product, qty: l.qty, reason: 'hold_expired', order: o.id, order_line: l.id, note: `${hours} h unpaid` });
  }
  recordEvent(uow, o.id, { type: 'reservation_released', data: { hours, method: o.payment_method } }, who);
  try {
    await uow.commit();
    return true;
  } catch (e) {
    if (e instanceof TxFailure && (e.code === 'version_conflict' || e.code === 'precondition_failed')) return false;
    throw e;
  }
}

/**
 * Reserves a released order's stock again, all lines or none. Answers 'renewed', 'short' (some
 * line cannot be served now; said once on the timeline) or 'unchanged' (nothing to renew, or
 * the order changed meanwhile).
 */
export async function renewHold(orderId: string, who: Who): Promise<'renewed' | 'short' | 'unchanged'> {
  const [order, lines] = await Promise.all([getOrderRecord(orderId), orderLines(orderId)]);
  if (!order.hold_released || order.status !== 'placed') return 'unchanged';
  const uow = new UnitOfWork();
  uow.update('orders', order.id, { hold_released: false }, { ifVersion: order.version, expect: { status: 'placed', hold_released: true } });
  for (const l of lines) reserve(uow, { product: l.product, qty: l.qty, reason: 'hold_renewed', order: order.id, order_line: l.id, actor: who.actor });
  recordEvent(uow, order.id, { type: 'reservation_renewed', data: {} }, who);
  try {
    await uow.commit();
    return 'renewed';
  } catch (e) {
    if (!(e instanceof TxFailure)) throw e;
    if (e.code !== 'insufficient_stock') return 'unchanged';
    const short = (e.details.shortages ?? [e.details]).map((s) => ({ sku: s.sku ?? '', available: s.available ?? 0, requested: s.requested ?? 0 }));
    // said once per release, not on every run of the scheduler
    const last = await collection('order_events')
      .getList<{ type: string }>(1, 1, { filter: `order = ${filterValue(order.id)} && (type = 'reservation_released' || type = 'reservation_short')`, sort: '-created,-id', fields: 'type', skipTotal: true });
    if (last.items[0]?.type !== 'reservation_short') await collection('order_events').create(eventRow(order.id, { type: 'reservation_short', data: { lines: short } }, who));
    return 'short';
  }
}

/** Office staff renew a released order's hold by hand (the customer called: they will pay). */
export async function renewHoldByHand(orderId: string, staffId: string) {
  const result = await renewHold(orderId, { actor: staffId });
  if (result === 'short') throw new AppError('CONFLICT', 'payments.hold.short', 'Not enough stock to hold this order again; see the timeline for the lines that are short.');
  return { result };
}

/** One scheduler run: release the holds that ran out, renew the paid ones. */
export async function runReservationHold(now = new Date()): Promise<HoldRun> {
  const { settings } = await paymentConfig();
  const run: HoldRun = { released: [], renewed: [], short: [] };
  for (const method of PAYMENT_METHODS) {
    const rule = settings.reservationHold[method];
    if (!rule.enabled) continue;
    const cutoff = new Date(now.getTime() - rule.hours * 3_600_000).toISOString().replace('T', ' ');
    const due = await collection('orders').getFullList<Candidate>({
        batch: 500,
        filter: `status = 'placed' && channel = 'web' && (payment_status = 'unpaid' || payment_status = 'failed') && payment_method = ${filterValue(method)} && fulfilment_status = 'unfulfilled' && hold_released = false && placed_at != '' && placed_at <= ${filterValue(cutoff)}`,
        sort: 'placed_at',
        fields: FIELDS
      });
    for (const o of due) if (await releaseHold(o, rule.hours)) run.released.push(o.number);
  }
  const paid = await collection('orders').getFullList<Candidate>({ batch: 500, filter: `status = 'placed' && payment_status = 'paid' && hold_released = true`, fields: FIELDS });
  for (const o of paid) {
    const r = await renewHold(o.id, { actorLabel: 'scheduler' });
    if (r === 'renewed') run.renewed.push(o.number);
    if (r === 'short') run.short.push(o.number);
  }
  return run;
}
