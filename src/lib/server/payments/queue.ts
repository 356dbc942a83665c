// The payment queue (F07): placed orders waiting for their money, oldest first, with their
// age in business days and when auto-cancel would take them (shop time zone, holidays).
import { collection } from '../pocketbase/client';
import { countWhere, pageOf } from '../pocketbase/count';
import type { PaymentMethod } from '../pocketbase/records';
import { QUEUE_FIELDS, queueFilter, type QueueOrder } from '../orders/queries';
import { businessDaysElapsed, cancelDeadline } from './business-days';
import { paymentConfig, type PaymentConfig } from './settings';
import { amountOwed } from '$lib/refunds/rules';

export interface PaymentQueueFilter {
  method?: PaymentMethod;
  page: number;
  perPage: number;
}

/**
 * Placed and unpaid, pending or failed; or (F42) placed or completed with a surcharge not paid
 * yet. That rule is the `awaiting_payment` column, kept by SQLite triggers
 * (pb_migrations/1767600000_orders_awaiting_payment.js) so that the page and its count read
 * one index, oldest first, instead of sorting every waiting order.
 */
export function paymentQueueFilter(method?: PaymentMethod): string {
  return ['awaiting_payment = true', queueFilter({ paymentMethod: method })].filter(Boolean).join(' && ');
}

export function withDeadline(o: QueueOrder & { surcharge_open_cents?: number }, cfg: PaymentConfig, now: Date) {
  const placed = o.placed_at ? new Date(o.placed_at.replace(' ', 'T')) : null;
  const rule = o.payment_method ? cfg.settings.autoCancel[o.payment_method] : null;
  const deadline = placed && rule?.enabled ? cancelDeadline(placed, rule.businessDays, cfg.calendar) : null;
  return {
    ...o,
    age_business_days: placed ? businessDaysElapsed(placed, now, cfg.calendar) : 0,
    cancel_at: deadline?.toISOString() ?? null,
    overdue: deadline ? now >= deadline : false,
    // F42: what the customer still owes (the total while unpaid, plus open surcharges)
    owed_cents: amountOwed(o)
  };
}
export type PaymentQueueOrder = ReturnType<typeof withDeadline>;

export async function listPaymentQueue(f: PaymentQueueFilter, now = new Date()) {
  // the page without PocketBase's total (COUNT(DISTINCT id) read every waiting order), the count beside it
  const [cfg, res, total] = await Promise.all([
    paymentConfig(),
    collection('orders').getList<QueueOrder & { surcharge_open_cents?: number }>(f.page, f.perPage, { filter: paymentQueueFilter(f.method), sort: 'placed_at,number', fields: `${QUEUE_FIELDS},surcharge_open_cents`, skipTotal: true }),
    countWhere('orders', { awaiting_payment: true, ...(f.method ? { payment_method: f.method } : {}) })
  ]);
  return {
    items: res.items.map((o) => withDeadline(o, cfg, now)),
    ...pageOf(f.page, f.perPage, total),
    timeZone: cfg.calendar.timeZone
  };
}

/** Every order in the queue (for "select all"), with what the bulk dialog shows. */
export async function paymentQueueSelection(method?: PaymentMethod) {
  return collection('orders').getFullList<Pick<QueueOrder, 'id' | 'number' | 'customer_name' | 'total_cents' | 'currency' | 'payment_method'>>({
      batch: 1000,
      filter: paymentQueueFilter(method),
      sort: 'placed_at,number',
      fields: 'id,number,customer_name,total_cents,currency,payment_method'
    });
}
