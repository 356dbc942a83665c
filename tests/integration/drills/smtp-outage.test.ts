// Fault drill (issue #12, "Prove it"): the SMTP server goes away during a checkout rush and
// comes back on the same address. Every confirmation the rush queued goes out exactly once,
// with its row's Message-ID; nothing is lost while the server is down, nothing doubled after.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureMail } from '../../../src/lib/server/mail/config';
import { registerEmailDelivery } from '../../../src/lib/server/mail/deliver';
import type { OutboxRecord } from '../../../src/lib/server/outbox/types';
import { OutboxWorker } from '../../../src/lib/server/outbox/worker';
import { pb } from '../../../src/lib/server/pocketbase/client';
import { anonymousCaller } from '../../support/caller';
import { proven } from '../../support/shop';
import { createStockedProduct } from '../../support/factories';
import { usePocketBase } from '../../support/pocketbase';
import { eventually } from '../../support/eventually';
import { setShop, startSmtpServer, type TestSmtpServer } from '../mail-support';

// e-mail is delivered by the kind the app registers at start-up (src/hooks.server.ts)
registerEmailDelivery();

usePocketBase();

const ORDERS = 60;
let smtp: TestSmtpServer | null = null;
let worker: OutboxWorker | null = null;

beforeAll(() => setShop());
afterAll(async () => {
  await worker?.stop();
  await smtp?.close();
  configureMail(null);
});

// each order queues the customer's confirmation and the shop's notice
const MAILS = 2 * ORDERS;
const mails = () => pb().collection('outbox').getFullList<OutboxRecord>({ filter: "kind = 'email'", batch: 1000 });

describe('drill: SMTP down during a checkout rush, then back (issue #12, F03 checkout mail)', () => {
  it('every queued mail (confirmation and shop notice) is delivered exactly once after the server returns', async () => {
    smtp = await startSmtpServer();
    const { port } = smtp;
    configureMail({ smtpUrl: smtp.url });
    worker = new OutboxWorker({ pollMs: 200, retry: { baseMs: 100, capMs: 500, maxAttempts: 1000 }, log: () => {} });
    worker.start();
    const product = await createStockedProduct(10_000);

    // the rush: the server stops answering a third of the way in
    let placed = 0;
    const rush = Array.from({ length: ORDERS }, async (_, i) => {
      const order = await anonymousCaller(undefined, `10.12.${Math.floor(i / 200)}.${i % 200}`).shop.placeOrder(
        await proven({
          idempotencyKey: randomUUID(),
          name: 'Drill Shopper',
          email: `drill${i}@example.com`,
          fulfilmentMethod: 'collect',
          paymentMethod: 'card',
          locale: i % 2 ? 'de' : 'en',
          lines: [{ productId: product.id, qty: 1 }]
        })
      );
      placed++;
      return order;
    });
    await eventually(() => placed >= ORDERS / 3, { timeout: 30_000, every: 10, what: 'a third of the orders placed' });
    await smtp.close();
    const orders = await Promise.all(rush);
    expect(orders).toHaveLength(ORDERS);

    // down: rows wait, pending, with the connection error on them
    await eventually(async () => {
      const failing = (await mails()).filter((r) => r.status === 'pending' && r.attempts > 0 && r.last_error !== '');
      expect(failing.length).toBeGreaterThan(0);
      return true;
    }, { timeout: 20_000 });
    const deliveredWhileUp = smtp.received.length;
    expect(deliveredWhileUp).toBeLessThan(MAILS);

    // back on the same port: a new server, counting from zero
    const before = smtp;
    smtp = await startSmtpServer({ port });
    await eventually(async () => {
      const rows = await mails();
      expect(rows).toHaveLength(MAILS);
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
      return true;
    }, { timeout: 60_000, every: 100 });
    await worker.stop();

    const rows = await mails();
    const ids = [...before.received, ...smtp.received].map((m) => m.parsed.messageId);
    expect(new Set(ids).size).toBe(ids.length); // none twice
    expect([...ids].sort()).toEqual(rows.map((r) => r.message_id).sort()); // none missing
  });
});
