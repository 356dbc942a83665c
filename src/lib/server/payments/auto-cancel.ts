// Auto-cancel (F10): placed orders still unpaid after their payment method's business days
// are cancelled through A's cancelOrder (stock released, timeline event by 'scheduler').
// Deadlines are computed from placed_at each run, so nothing is lost across restarts; and
// cancelOrder's preconditions (status placed, payment still unpaid or failed) make a second,
// concurrent run a no-op for every order the first one took.
import { AppError } from '../errors';
import { cancelOrder } from '../orders/cancel';
import { collection, filterValue } from '../pocketbase/client';
import type { OrderRecord, PaymentMethod } from '../pocketbase/records';
import { cancelDeadline } from './business-days';
import { paymentConfig, PAYMENT_METHODS } from './settings';

export interface AutoCancelRun {
  cancelled: { id: string; number: number }[];
  /** overdue, but another run or a person got there first, or it cannot be cancelled */
  skipped: { id: string; number: number; reason: string }[];
}

type Candidate = Pick<OrderRecord, 'id' | 'number' | 'placed_at' | 'payment_method'>;

async function candidates(method: PaymentMethod, days: number, now: Date): Promise<Candidate[]> {
  // a deadline lies at least `days` calendar days (less an hour of DST) after placing
  const cutoff = new Date(now.getTime() - Math.max(0, days * 86_400_000 - 3_600_000)).toISOString().replace('T', ' ');
  return collection('orders').getFullList<Candidate>({
      batch: 1000,
      filter: `status = 'placed' && (payment_status = 'unpaid' || payment_status = 'failed') && payment_method = ${filterValue(method)} && placed_at != '' && placed_at <= ${filterValue(cutoff)}`,
      sort: 'placed_at',
      fields: 'id,number,placed_at,payment_method'
    });
}

export async function runAutoCancel(now = new Date()): Promise<AutoCancelRun> {
  const { settings, calendar } = await paymentConfig();
  const run: AutoCancelRun = { cancelled: [], skipped: [] };
  for (const method of PAYMENT_METHODS) {
    const rule = settings.autoCancel[method];
    if (!rule.enabled) continue;
    for (const o of await candidates(method, rule.businessDays, now)) {
      if (now < cancelDeadline(new Date(o.placed_at.replace(' ', 'T')), rule.businessDays, calendar)) continue;
      const reason = `Not paid within ${rule.businessDays} business day${rule.businessDays === 1 ? '' : 's'}`;
      try {
        // the customer's e-mail commits with the cancellation, or neither happens
        const notifyCustomer = settings.notifyCustomerOnCancel && { topic: 'order_cancelled_unpaid', data: { businessDays: rule.businessDays, paymentMethod: o.payment_method } };
        await cancelOrder(o.id, { reason, actorLabel: 'scheduler', notifyCustomer, onlyIfPayment: ['unpaid', 'failed'] });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        run.skipped.push({ id: o.id, number: o.number, reason: e.key });
        continue;
      }
      run.cancelled.push({ id: o.id, number: o.number });
    }
  }
  return run;
}
