// How long the webhook history stays (F43, issue #16): the delivery log (`webhook_deliveries`)
// and the delivered or given-up webhook rows of the outbox are kept WEBHOOK_LOG_DAYS (30, as
// long as Stripe shows its events) and then deleted, a few hundred at a time, by the
// payments scheduler once an hour. At 800 deliveries a second both tables would otherwise
// grow by millions of rows a day. Pending deliveries stay whatever their age (their retries
// run about a day), and e-mail rows stay: they are the orders' mail history.
import { TxFailure, commitOne } from '../pocketbase/tx';
import { collection, pb } from '../pocketbase/client';

const DAY_MS = 86_400_000;
const BATCH = 500;

export const webhookLogDays = () => Math.max(1, Number(process.env.WEBHOOK_LOG_DAYS ?? 30));

/** Deletes the webhook history older than the retention: how many log lines and events went. */
export async function pruneWebhookHistory(now = new Date()): Promise<{ deliveries: number; events: number }> {
  const cutoff = pb().filter('{:cutoff}', { cutoff: new Date(now.getTime() - webhookLogDays() * DAY_MS) });
  const deliveries = await deleteAll('webhook_deliveries', `created < ${cutoff}`);
  const events = await deleteAll('outbox', `kind = 'webhook' && updated < ${cutoff} && (status = 'sent' || status = 'dead')`);
  return { deliveries, events };
}

async function deleteAll(name: 'webhook_deliveries' | 'outbox', filter: string): Promise<number> {
  let deleted = 0;
  for (;;) {
    const page = await collection(name).getList<{ id: string }>(1, BATCH, { filter, fields: 'id', skipTotal: true });
    if (!page.items.length) return deleted;
    try {
      await commitOne((uow) => page.items.forEach((r) => uow.delete(name, r.id)));
    } catch (e) {
      // a row went meanwhile (a replay, another server): the next run takes the rest
      if (e instanceof TxFailure) return deleted;
      throw e;
    }
    deleted += page.items.length;
    if (page.items.length < BATCH) return deleted;
  }
}

let lastRun = -Infinity;

/** At most once an hour (the scheduler ticks far more often); what went, or null when not due. */
export async function pruneWebhookHistoryHourly(now = new Date()) {
  if (Math.abs(now.getTime() - lastRun) < 3600_000) return null;
  lastRun = now.getTime();
  return pruneWebhookHistory(now);
}
