// Test helpers for mail: a real SMTP server (smtp-server, AUTH on, STARTTLS off) that parses
// what it receives with mailparser, and small waits for outbox rows.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { expect } from 'vitest';
import { queueEmail, type QueuedEmail } from '../../src/lib/server/mail/queue';
import type { OutboxRecord } from '../../src/lib/server/outbox/types';
import { eventually } from '../support/eventually';
import { pb } from '../../src/lib/server/pocketbase/client';
import { forgetAllSettings } from '../../src/lib/server/settings';
import { UnitOfWork } from '../../src/lib/server/pocketbase/tx';
import { freePort } from '../../scripts/lib/pocketbase.js';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
  raw: string;
}

/** accept; tempfail: 451 after DATA; reject: 550 for every recipient */
export type SmtpMode = 'accept' | 'tempfail' | 'reject';

const USER = 'packbench';
const PASS = 's3cret pass/word';

export async function startSmtpServer(opts: { port?: number; mode?: SmtpMode } = {}) {
  const port = opts.port ?? (await freePort());
  const state = { mode: opts.mode ?? 'accept', received: [] as ReceivedMail[], attempts: 0 };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === USER && auth.password === PASS) cb(null, { user: USER });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(_address, _session, cb) {
      if (state.mode === 'reject') return cb(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        state.attempts++;
        if (state.mode === 'tempfail') return cb(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
        const raw = Buffer.concat(chunks);
        state.received.push({
          envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
          parsed: await simpleParser(raw),
          raw: raw.toString('utf8')
        });
        cb();
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // a client that dies mid-session (the app server killed in a drill) resets its connection:
  // the server reports it here instead of as an uncaught exception
  const connectionErrors: Error[] = [];
  server.on('error', (e: Error) => connectionErrors.push(e));
  return {
    port,
    url: `smtp://${USER}:${encodeURIComponent(PASS)}@127.0.0.1:${port}`,
    state,
    received: state.received,
    connectionErrors,
    close: () => new Promise<void>((r) => server.close(() => r()))
  };
}
export type TestSmtpServer = Awaited<ReturnType<typeof startSmtpServer>>;

/** Queues e-mails the way every domain does: inside a unit of work. */
export async function queue(...mails: QueuedEmail[]): Promise<OutboxRecord[]> {
  const uow = new UnitOfWork();
  const refs = mails.map((m) => queueEmail(uow, m));
  const done = await uow.commit();
  return Promise.all(refs.map((ref) => pb().collection('outbox').getOne<OutboxRecord>(done.id(ref))));
}

export const outboxRow = (id: string) => pb().collection('outbox').getOne<OutboxRecord>(id);

export async function waitForStatus(id: string, status: OutboxRecord['status'], ms = 10_000) {
  return eventually(async () => {
    const row = await outboxRow(id);
    expect(row.status).toBe(status);
    return row;
  }, { timeout: ms });
}

export const TEST_SHOP = {
  name: 'Teehaus <Test> & Co',
  email: 'shop@teehaus.test',
  phone: '+49 30 1234567',
  vatId: 'DE123456789',
  currency: 'EUR',
  timeZone: 'Europe/Berlin',
  locale: 'de',
  address: { name: 'Teehaus Test GmbH', street: 'Friedrichstraße 100', postcode: '10117', city: 'Berlin', country: 'DE' },
  bankDetails: 'IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX',
  openingHours: 'Mo–Fr 9–18 Uhr, Sa 10–14 Uhr'
};

/** Writes the `shop` settings record (created or replaced). */
export async function setShop(value: Record<string, unknown> = TEST_SHOP) {
  const existing = await pb().collection('settings').getList(1, 1, { filter: "key = 'shop'" });
  if (existing.items[0]) await pb().collection('settings').update(existing.items[0].id, { value });
  else await pb().collection('settings').create({ key: 'shop', value });
  forgetAllSettings(); // written behind the settings module's back
}

export async function addPayment(order: { id: string; total_cents: number }, overrides: Record<string, unknown> = {}) {
  return pb().collection('payments').create({
    order: order.id,
    method: 'card',
    amount_cents: order.total_cents,
    currency: 'EUR',
    status: 'succeeded',
    provider: 'sandbox',
    provider_event_at: new Date().toISOString(),
    bank_reference: `SBX-${order.id}`,
    ...overrides
  });
}

export async function addShipment(orderId: string, lines: { id: string; qty: number }[], overrides: Record<string, unknown> = {}) {
  const shipment = await pb().collection('shipments').create<{ id: string }>({
    order: orderId,
    courier: 'manual',
    carrier: 'DHL',
    tracking_number: '00340434161234567890',
    status: 'handed_over',
    shipped_at: new Date().toISOString(),
    ...overrides
  });
  for (const l of lines) {
    await pb().collection('shipment_lines').create({ shipment: shipment.id, order_line: l.id, qty: l.qty });
    await pb().collection('order_lines').update(l.id, { shipped: l.qty });
  }
  return shipment;
}
