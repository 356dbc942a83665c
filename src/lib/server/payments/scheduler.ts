// The payments scheduler in the app server (started from SvelteKit's init hook): every
// interval it cancels overdue unpaid orders, releases run-out stock holds and sends the
// sandbox gateway's notifications that are due (after a restart, or retries); once a minute
// it asks the card provider about refunds whose notification never came (../refunds/pending.ts);
// once an hour it prunes the old webhook history (../webhooks/retention.ts). All state is in PocketBase, so a restart
// loses nothing. With several app servers (REDIS_URL) it runs on the one holding the
// 'payments-scheduler' lease; another takes over when that one dies (issue #17).
import { Lease } from '../cluster/lease';
import { oneRunAtATime } from '../cluster/periodic';
import { runAutoCancel } from './auto-cancel';
import { runReservationHold } from './reservation-hold';
import { paymentsConfig } from './providers/config';
import { deliverDueEvents } from './providers/sandbox/gateway';
import { pruneWebhookHistoryHourly } from '../webhooks/retention';
import { checkPendingRefundsEveryMinute } from '../refunds/pending';

interface Holder {
  __packbenchPaymentScheduler?: { timer: NodeJS.Timeout; stop: () => Promise<void> };
}
const holder = globalThis as Holder;

export async function schedulerTick(now = new Date()) {
  const delivered = await deliverDueEvents(now);
  const run = await runAutoCancel(now);
  if (run.cancelled.length) console.log(`[payments] auto-cancelled unpaid orders: ${run.cancelled.map((o) => `#${o.number}`).join(', ')}`);
  // after auto-cancel: an order cancelled this run needs no release
  const holds = await runReservationHold(now);
  if (holds.released.length) console.log(`[payments] stock of unpaid web orders back on the shelf: ${holds.released.map((n) => `#${n}`).join(', ')}`);
  const refunds = await checkPendingRefundsEveryMinute(now);
  if (refunds?.settled || refunds?.failed || refunds?.askedAgain) console.log(`[refunds] pending card refunds checked: ${refunds.settled} settled, ${refunds.failed} failed, ${refunds.askedAgain} asked for again`);
  const pruned = await pruneWebhookHistoryHourly(now);
  return { delivered, ...run, holds, refunds, pruned };
}

export function startPaymentScheduler(): void {
  if (holder.__packbenchPaymentScheduler) return;
  const lease = new Lease('payments-scheduler').start();
  const tick = oneRunAtATime('[payments] scheduler run', () => schedulerTick(), () => lease.held);
  const timer = setInterval(tick, paymentsConfig().schedulerIntervalMs);
  timer.unref();
  setTimeout(tick, 3_000).unref();
  holder.__packbenchPaymentScheduler = {
    timer,
    stop: () => {
      clearInterval(timer);
      return lease.stop();
    }
  };
}

export async function stopPaymentScheduler() {
  const s = holder.__packbenchPaymentScheduler;
  holder.__packbenchPaymentScheduler = undefined;
  await s?.stop();
}
