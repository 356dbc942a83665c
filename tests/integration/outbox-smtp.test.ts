// The outbox worker against a real SMTP server: delivered once with the row's Message-ID,
// retried with growing backoff while the server is down or busy, never sent twice by two
// workers, and picked up again after a restart.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configureMail } from '../../src/lib/server/mail/config';
import { registerEmailDelivery } from '../../src/lib/server/mail/deliver';
import { OutboxWorker, type OutboxWorkerOptions } from '../../src/lib/server/outbox/worker';
import { pb } from '../../src/lib/server/pocketbase/client';
import { freePort } from '../../scripts/lib/pocketbase.js';
import { createOrder } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { eventually } from '../support/eventually';
import { addPayment, outboxRow, queue, setShop, startSmtpServer, TEST_SHOP, waitForStatus, type TestSmtpServer } from './mail-support';

// e-mail is delivered by the kind the app registers at start-up (src/hooks.server.ts)
registerEmailDelivery();

usePocketBase();

const workers: OutboxWorker[] = [];
const servers: TestSmtpServer[] = [];
const logs: string[] = [];

function worker(opts: OutboxWorkerOptions = {}) {
  const w = new OutboxWorker({ pollMs: 1000, log: (m) => logs.push(m), ...opts });
  workers.push(w);
  return w;
}

async function smtp(...args: Parameters<typeof startSmtpServer>) {
  const s = await startSmtpServer(...args);
  servers.push(s);
  return s;
}

async function paidOrder() {
  const { order } = await createOrder({ payment_status: 'paid', payment_method: 'card', total_cents: 1999, subtotal_cents: 1999, tax_cents: 319, customer_name: 'Émile Zoë' });
  await addPayment(order);
  return order;
}

const confirmation = (order: { id: string; email: string }, locale: 'en' | 'de' = 'en') => ({ topic: 'order_confirmation', to: order.email, locale, order: order.id, data: { orderId: order.id } });

beforeAll(async () => {
  await setShop();
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
  configureMail(null);
  logs.length = 0;
  // leave no due rows behind for the next test's workers
  for (const row of await pb().collection('outbox').getFullList({ filter: "status = 'pending'" })) await pb().collection('outbox').delete(row.id);
});

describe('delivery over SMTP (SMTP_URL)', () => {
  it('sends a queued receipt once, with the row’s Message-ID, subject, sender and the PDF attached', async () => {
    const server = await smtp();
    configureMail({ smtpUrl: server.url, from: null });
    const order = await paidOrder();
    const [row] = await queue({ topic: 'receipt', to: order.email, locale: 'de', order: order.id, data: { orderId: order.id } });
    const w = worker();
    w.start();

    const sent = await waitForStatus(row.id, 'sent');
    expect(server.received).toHaveLength(1);
    const [mail] = server.received;
    expect(mail.parsed.messageId).toBe(row.message_id);
    expect(mail.parsed.subject).toBe(`Beleg zu Ihrer Bestellung #${order.number}`);
    expect(mail.envelope.to).toEqual([order.email]);
    expect(mail.parsed.from?.value[0]).toEqual({ name: TEST_SHOP.name, address: TEST_SHOP.email });
    expect(mail.parsed.replyTo?.value[0].address).toBe(TEST_SHOP.email);
    expect(mail.parsed.text).toContain('Émile Zoë');
    expect(mail.parsed.html).toContain('Teehaus &lt;Test&gt; &amp; Co');
    expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`receipt-${order.number}.pdf`, 'application/pdf']]);
    expect(mail.parsed.attachments[0].content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(sent).toMatchObject({ attempts: 1, last_error: '', subject: mail.parsed.subject });
    expect(sent.sent_at).not.toBe('');

    // the worker's next look finds nothing due: it is not sent again
    expect(await w.drain()).toEqual([]);
    expect(server.received).toHaveLength(1);
  });

  it('MAIL_FROM replaces the shop as sender', async () => {
    const server = await smtp();
    configureMail({ smtpUrl: server.url, from: '"Packbench Mailer" <mailer@packbench.test>' });
    const { order } = await createOrder();
    const [row] = await queue(confirmation(order));
    worker().start();
    await waitForStatus(row.id, 'sent');
    expect(server.received[0].parsed.from?.value[0]).toEqual({ name: 'Packbench Mailer', address: 'mailer@packbench.test' });
    expect(server.received[0].envelope.from).toBe('mailer@packbench.test');
  });

  it('while the server is down the row stays pending with a growing backoff, then is delivered exactly once', async () => {
    const port = await freePort(); // nothing listens here yet
    configureMail({ smtpUrl: `smtp://packbench:${encodeURIComponent('s3cret pass/word')}@127.0.0.1:${port}` });
    const { order } = await createOrder();
    const [row] = await queue(confirmation(order));
    // no jitter (random = 1): delays are exactly 300, 600, 1200 ms
    const w = worker({ retry: { baseMs: 300, capMs: 10_000, maxAttempts: 20 }, random: () => 1 });
    w.start();

    const seen = new Map<number, number>(); // attempt -> scheduled delay
    await eventually(async () => {
      const r = await outboxRow(row.id);
      const delay = Date.parse(r.next_attempt_at.replace(' ', 'T')) - Date.parse(r.updated.replace(' ', 'T'));
      if (r.last_error && delay < 60_000) seen.set(r.attempts, delay); // not the 5-minute claim lease
      expect(r.status).toBe('pending');
      expect(r.last_error).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
      expect(seen.size).toBeGreaterThanOrEqual(3);
      return true;
    }, { timeout: 15_000, every: 20 });
    const delays = [...seen.entries()].sort(([a], [b]) => a - b).map(([, d]) => d);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1] * 1.6);
    expect(delays[0]).toBeGreaterThanOrEqual(250);
    expect(delays[0]).toBeLessThanOrEqual(400);

    const server = await smtp({ port });
    const sent = await waitForStatus(row.id, 'sent', 15_000);
    expect(sent.attempts).toBeGreaterThanOrEqual(4);
    expect(sent.last_error).toBe('');
    expect(await w.drain()).toEqual([]);
    expect(server.received.map((m) => m.parsed.messageId)).toEqual([row.message_id]);
  });

  it('a 4xx answer is retried; the mail arrives once when the server accepts again', async () => {
    const server = await smtp({ mode: 'tempfail' });
    configureMail({ smtpUrl: server.url });
    const { order } = await createOrder();
    const [row] = await queue(confirmation(order, 'de'));
    const w = worker({ retry: { baseMs: 200, capMs: 1000, maxAttempts: 20 } });
    w.start();
    await eventually(async () => {
      expect(server.state.attempts).toBeGreaterThanOrEqual(2);
      const r = await outboxRow(row.id);
      expect(r.status).toBe('pending');
      expect(r.last_error).toContain('451');
      return true;
    });
    server.state.mode = 'accept';
    await waitForStatus(row.id, 'sent');
    expect(await w.drain()).toEqual([]);
    expect(server.received.map((m) => m.parsed.messageId)).toEqual([row.message_id]);
    expect(server.received[0].parsed.subject).toBe(`Ihre Bestellung #${order.number} bei ${TEST_SHOP.name}`);
  });

  it('a recipient the server refuses for good (550) is given up at once, with the reason', async () => {
    const server = await smtp({ mode: 'reject' });
    configureMail({ smtpUrl: server.url });
    const { order } = await createOrder();
    const [row] = await queue(confirmation(order));
    worker().start();
    const dead = await waitForStatus(row.id, 'dead');
    expect(dead.attempts).toBe(1);
    expect(dead.last_error).toContain('550');
    expect(server.received).toHaveLength(0);
  });

  it('gives up after the last attempt', async () => {
    configureMail({ smtpUrl: `smtp://127.0.0.1:${await freePort()}` });
    const { order } = await createOrder();
    const [row] = await queue(confirmation(order));
    worker({ retry: { baseMs: 50, capMs: 100, maxAttempts: 3 } }).start();
    const dead = await waitForStatus(row.id, 'dead');
    expect(dead.attempts).toBe(3);
    expect(dead.last_error).not.toBe('');
  });
});

describe('at least once, never concurrently twice', () => {
  it('two workers draining the same rows at the same moment deliver each row exactly once', async () => {
    const server = await smtp();
    configureMail({ smtpUrl: server.url });
    const { order } = await createOrder();
    const rows = await queue(...Array.from({ length: 12 }, () => confirmation(order)));
    const [a, b] = [worker({ realtime: false }), worker({ realtime: false })];
    // both read the same due rows, then race to claim each of them
    const [outA, outB] = await Promise.all([a.drain(), b.drain()]);
    const all = [...outA, ...outB];
    expect(all.filter((o) => o === 'sent')).toHaveLength(12);
    expect(all.filter((o) => o === 'skipped').length).toBeGreaterThan(0);
    const ids = server.received.map((m) => m.parsed.messageId).sort();
    expect(ids).toEqual(rows.map((r) => r.message_id).sort());
    for (const r of rows) expect(await outboxRow(r.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('two running workers share a burst of new rows without duplicates', async () => {
    const server = await smtp();
    configureMail({ smtpUrl: server.url });
    const both = [worker(), worker()];
    both.forEach((w) => w.start());
    const { order } = await createOrder();
    const rows = await queue(...Array.from({ length: 10 }, () => confirmation(order)));
    await eventually(async () => {
      for (const r of rows) expect((await outboxRow(r.id)).status).toBe('sent');
      return true;
    });
    for (const w of both) expect(await w.drain()).toEqual([]);
    expect(server.received.map((m) => m.parsed.messageId).sort()).toEqual(rows.map((r) => r.message_id).sort());
  });
});

describe('restart', () => {
  it('a new worker picks up what was pending, including a row whose sender died mid-send', async () => {
    const server = await smtp();
    const { order } = await createOrder();
    // the first instance cannot reach its server, tries once, and is shut down
    configureMail({ smtpUrl: `smtp://127.0.0.1:${await freePort()}` });
    const [failed] = await queue(confirmation(order));
    const first = worker({ retry: { baseMs: 300, capMs: 300, maxAttempts: 5 } });
    first.start();
    await expect.poll(() => outboxRow(failed.id), { timeout: 5000 }).toMatchObject({ status: 'pending', attempts: 1, last_error: expect.stringMatching(/\w/) });
    await first.stop();

    // queued while no worker runs, and one claimed by a worker that died before marking it
    const [waiting, crashed] = await queue(confirmation(order), confirmation(order));
    await pb().collection('outbox').update(crashed.id, { attempts: 1, next_attempt_at: new Date(Date.now() - 1000).toISOString() });
    // the first worker has stopped (stop() waited for its loop): nothing sends them
    expect(server.received).toHaveLength(0);

    // the restarted app
    configureMail({ smtpUrl: server.url });
    worker().start();
    for (const r of [failed, waiting, crashed]) await waitForStatus(r.id, 'sent');
    expect(server.received.map((m) => m.parsed.messageId).sort()).toEqual([failed, waiting, crashed].map((r) => r.message_id).sort());
  });
});

describe('other kinds', () => {
  const webhookRow = () =>
    pb().collection('outbox').create<{ id: string }>({
      kind: 'webhook',
      topic: 'order.placed',
      recipient: 'https://erp.example/hooks',
      payload: { id: 'evt_1' },
      status: 'pending',
      attempts: 0,
      next_attempt_at: new Date().toISOString(),
      message_id: `evt-${Math.random().toString(36).slice(2)}`
    });

  it('delivers several rows at once, each once; only one at a time while shoppers check out', async () => {
    for (const rush of [false, true]) {
      const rows = await Promise.all(Array.from({ length: 6 }, () => webhookRow()));
      let inFlight = 0;
      let most = 0;
      const calls: string[] = [];
      const w = worker({
        concurrency: 3,
        busy: () => rush,
        busyPauseMs: 5,
        handlers: {
          webhook: async (r) => {
            most = Math.max(most, ++inFlight);
            calls.push(r.id);
            await new Promise((res) => setTimeout(res, 40));
            inFlight--;
          }
        }
      });
      expect(await w.drain()).toEqual(Array(6).fill('sent'));
      expect(most).toBe(rush ? 1 : 3);
      expect([...calls].sort()).toEqual(rows.map((r) => r.id).sort());
    }
  });

  it('webhook rows wait untouched while no handler is registered for them', async () => {
    const server = await smtp();
    configureMail({ smtpUrl: server.url });
    const row = await webhookRow();
    expect(await worker().drain()).toEqual([]);
    expect(await outboxRow(row.id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('a registered handler gets them with the same claim, retry and give-up rules', async () => {
    const calls: string[] = [];
    const row = await webhookRow();
    const w = worker({
      retry: { baseMs: 50, capMs: 50, maxAttempts: 2 },
      handlers: {
        webhook: async (r) => {
          calls.push(`${r.message_id}#${r.attempts}`);
          throw new Error('HTTP 502 from the receiver');
        }
      }
    });
    w.start();
    const dead = await waitForStatus(row.id, 'dead');
    const rec = await outboxRow(row.id);
    expect(calls).toEqual([`${rec.message_id}#1`, `${rec.message_id}#2`]);
    expect(dead).toMatchObject({ attempts: 2, last_error: 'HTTP 502 from the receiver' });
  });
});

describe('waking', () => {
  it('a mail queued in this process wakes the running worker at once, without the realtime feed or a poll', async () => {
    const server = await smtp();
    configureMail({ smtpUrl: server.url, from: null });
    const order = await paidOrder();
    const w = worker({ realtime: false, pollMs: 60_000 });
    w.start();
    // its first look has found nothing due and it sleeps until the next poll, a minute away
    await expect.poll(() => w.idle).toBe(true);
    const [row] = await queue(confirmation(order));
    await waitForStatus(row.id, 'sent', 5000);
    expect(server.received).toHaveLength(1);
  });
});

describe('giving way to checkouts', () => {
  it('while shoppers check out, each delivery waits a moment; once quiet, mail goes at full speed', async () => {
    const server = await smtp();
    configureMail({ smtpUrl: server.url, from: null });
    const order = await paidOrder();
    let rush = true;
    const w = worker({ busy: () => rush, busyPauseMs: 40 });
    const rows = await queue(confirmation(order), confirmation(order, 'de'));
    w.start();
    for (const row of rows) await waitForStatus(row.id, 'sent');
    expect(w.paced).toBe(2);
    expect(server.received).toHaveLength(2);

    rush = false;
    const [later] = await queue(confirmation(order));
    w.wake();
    await waitForStatus(later.id, 'sent');
    expect(w.paced).toBe(2);
  });
});
