// Fault drill (issue #12, "Prove it"): the app server (scripts/serve.js, a child process) is
// killed with SIGKILL in the middle of a checkout rush and started again. Every e-mail the
// rush queued reaches a real SMTP server after the restart; a mail is sent twice only if it
// was in the dead worker's hands (claimed, attempts > 1), and then with the same Message-ID,
// so the receiver can drop the copy.
import { randomUUID } from 'node:crypto';
import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer } from '../../../scripts/lib/app-server.js';
import { buildIfStale } from '../../../scripts/lib/build.js';
import { freePort } from '../../../scripts/lib/pocketbase.js';
import type { OutboxRecord } from '../../../src/lib/server/outbox/types';
import { pb } from '../../../src/lib/server/pocketbase/client';
import type { AppRouter } from '../../../src/lib/server/trpc/root';
import { createStockedProduct } from '../../support/factories';
import { proven } from '../../support/shop';
import { usePocketBase } from '../../support/pocketbase';
import { eventually } from '../../support/eventually';
import { setShop, startSmtpServer, type TestSmtpServer } from '../mail-support';

const env = usePocketBase();
const ORDERS = 60;
let smtp: TestSmtpServer;
let app: ReturnType<typeof startAppServer> | null = null;

beforeAll(async () => {
  buildIfStale({ log: () => {} });
  smtp = await startSmtpServer();
  await setShop();
}, 600_000);
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});

async function startApp(port: number) {
  const started = startAppServer({
    env: {
      POCKETBASE_URL: env.pb!.url,
      PB_SUPERUSER_EMAIL: env.pb!.email,
      PB_SUPERUSER_PASSWORD: env.pb!.password,
      SMTP_URL: smtp.url,
      SHOP_ORDERS_PER_10_MIN: '100000', // the whole rush comes from 127.0.0.1
      SHOP_CHALLENGES_PER_MIN: '100000',
      OUTBOX_LEASE_MS: '2000' // a row the killed worker held comes back in seconds, not minutes
    },
    port,
    stdio: 'ignore'
  });
  await started.ready;
  return started;
}

const mails = () => pb().collection('outbox').getFullList<OutboxRecord>({ filter: "kind = 'email'", batch: 1000 });

describe('drill: kill -9 the app server mid checkout rush, restart (issue #12, F03 checkout mail)', () => {
  it('every queued mail is delivered after the restart, twice only if it was in hand at the kill', async () => {
    const port = await freePort();
    app = await startApp(port);
    const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${app.url}/api/trpc`, transformer: superjson })] });
    const product = await createStockedProduct(5000);
    const keys = Array.from({ length: ORDERS }, () => randomUUID());
    const place = (key: string, i: number) =>
      proven(
        { idempotencyKey: key, name: 'Drill Shopper', email: `app${i}@example.com`, fulfilmentMethod: 'collect' as const, paymentMethod: 'card' as const, locale: 'en' as const, lines: [{ productId: product.id, qty: 1 }] },
        () => client.shop.challenge.query()
      )
        .then((input) => client.shop.placeOrder.mutate(input))
        .then(
          (o) => o.id,
          () => null
        );

    // ten shoppers' lanes, each checking out one order after the other: requests stay in flight
    // until the end, and the kill lands a third of the way in, from the response that gets there
    const dead = app.child;
    const killed = new Promise<void>((resolve) => dead.once('exit', () => resolve()));
    const first: (string | null)[] = Array(ORDERS).fill(null);
    let settled = 0;
    const LANES = 10;
    const rush = Array.from({ length: LANES }, async (_, lane) => {
      for (let i = lane; i < ORDERS; i += LANES) {
        first[i] = await place(keys[i], i);
        if (++settled === ORDERS / 3) dead.kill('SIGKILL');
      }
    });
    await Promise.all(rush);
    await killed;
    expect(first.some((id) => id === null)).toBe(true); // the kill did hit checkouts in flight

    app = await startApp(port);
    // shoppers whose checkout failed try again with the same key
    const again = await Promise.all(keys.map((key, i) => (first[i] ? first[i] : place(key, i))));
    expect(again.every(Boolean)).toBe(true);

    await eventually(async () => {
      const rows = await mails();
      expect(rows).toHaveLength(2 * ORDERS); // the customer's confirmation and the shop's notice
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
      return true;
    }, { timeout: 60_000, every: 100 });
    const rows = await mails();
    const ids = smtp.received.map((m) => m.parsed.messageId!);
    expect([...new Set(ids)].sort()).toEqual(rows.map((r) => r.message_id).sort()); // none lost
    const twice = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    for (const id of twice) expect(rows.find((r) => r.message_id === id)!.attempts).toBeGreaterThan(1);
  }, 120_000);
});
