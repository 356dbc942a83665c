// Without SMTP_URL, delivered mail lands in the local mailbox, which office staff (not
// packers) read through the mail procedures.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureMail } from '../../src/lib/server/mail/config';
import { registerEmailDelivery } from '../../src/lib/server/mail/deliver';
import { mailboxAttachment } from '../../src/lib/server/mail/mailbox';
import { mailboxTransport } from '../../src/lib/server/mail/transports/mailbox';
import { OutboxWorker } from '../../src/lib/server/outbox/worker';
import { pb } from '../../src/lib/server/pocketbase/client';
import { anonymousCaller, signedInCaller } from '../support/caller';
import { createOrder, createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { addPayment, queue, setShop, waitForStatus } from './mail-support';

// e-mail is delivered by the kind the app registers at start-up (src/hooks.server.ts)
registerEmailDelivery();

usePocketBase();

let worker: OutboxWorker;
let office: Awaited<ReturnType<typeof signedInCaller>>['caller'];
let packer: Awaited<ReturnType<typeof signedInCaller>>['caller'];

beforeAll(async () => {
  configureMail({ smtpUrl: null, from: null, appUrl: 'https://packbench.example' });
  await setShop();
  const o = await createStaff('office');
  const p = await createStaff('packer');
  office = (await signedInCaller(o.staff.email, o.password)).caller;
  packer = (await signedInCaller(p.staff.email, p.password)).caller;
  worker = new OutboxWorker({ pollMs: 1000, log: () => {} });
  worker.start();
});

afterAll(async () => {
  await worker?.stop();
});

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e) => (e instanceof TRPCError ? e.code : String(e)));

describe('the local mailbox (no SMTP_URL)', () => {
  it('holds a delivered receipt that office staff can list, open and download', async () => {
    const { order } = await createOrder({ payment_status: 'paid', payment_method: 'card', total_cents: 2490, subtotal_cents: 2490, customer_name: 'Ada <Lovelace>' });
    await addPayment(order);
    const [row] = await queue({ topic: 'receipt', to: order.email, locale: 'en', order: order.id, data: { orderId: order.id } });
    const sent = await waitForStatus(row.id, 'sent');

    expect(await office.mail.transport()).toEqual({ kind: 'mailbox' });
    const list = await office.mail.mailbox({ search: String(order.number) });
    expect(list.items).toHaveLength(1);
    const [item] = list.items;
    expect(item).toMatchObject({ recipient: order.email, subject: `Receipt for your order #${order.number}`, topic: 'receipt', order: order.id, attachments: 1 });

    const message = await office.mail.message({ id: item.id });
    expect(message.messageId).toBe(row.message_id);
    expect(message.subject).toBe(sent.subject);
    expect(message.sender).toBe('"Teehaus <Test> & Co" <shop@teehaus.test>');
    expect(message.text).toContain('Hello Ada <Lovelace>,');
    expect(message.html).toContain('Hello Ada &lt;Lovelace&gt;,');
    expect(message.attachments).toEqual([{ index: 0, name: `receipt-${order.number}.pdf`, size: expect.any(Number), contentType: 'application/pdf' }]);

    const file = await mailboxAttachment(item.id, 0);
    expect(file.name).toBe(`receipt-${order.number}.pdf`);
    expect(file.bytes.byteLength).toBe(message.attachments[0].size);
    expect(Buffer.from(file.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    await expect(mailboxAttachment(item.id, 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stores a repeated delivery of the same Message-ID once', async () => {
    const { order } = await createOrder();
    const mail = {
      messageId: `<dup-${Date.now()}@packbench>`,
      from: 'a@b.test',
      to: order.email,
      subject: 'Twice',
      text: 'x',
      html: '<p>x</p>',
      attachments: [],
      topic: 'order_confirmation',
      outboxId: '',
      orderId: order.id
    };
    const transport = mailboxTransport();
    await transport.send(mail);
    await transport.send(mail);
    const rows = await pb().collection('mailbox').getFullList({ filter: `message_id = '${mail.messageId}'` });
    expect(rows).toHaveLength(1);
  });

  it('F02 #15 the outbox pages newest first with a look-ahead instead of a total (it keeps every e-mail ever sent)', async () => {
    const { order } = await createOrder();
    for (let i = 0; i < 3; i++) await queue({ topic: 'order_confirmation', to: order.email, locale: 'en', order: order.id, data: { orderId: order.id } });
    const all = (await pb().collection('outbox').getFullList<{ id: string }>({ filter: "kind = 'email'", sort: '-created,-id', fields: 'id' })).map((r) => r.id);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const res = await office.mail.outbox({ page, perPage: 2 });
      expect(res).not.toHaveProperty('totalItems');
      seen.push(...res.items.map((r) => r.id));
      if (!res.hasMore) break;
      expect(res.items).toHaveLength(2);
    }
    expect(seen).toEqual(all);
    // the list's order (created, id) and its status filter are one index's, so a deep page skips index entries, not rows
    const outbox = await pb().collections.getOne('outbox');
    expect(outbox.indexes).toContain('CREATE INDEX `idx_outbox_kind_created_id` ON `outbox` (`kind`, `created`, `id`, `status`)');
  });

  it('shows the outbox, and a given-up mail can be sent again', async () => {
    const { order } = await createOrder();
    const [row] = await queue({ topic: 'no_such_topic', to: order.email, locale: 'en', order: order.id, data: {} });
    const dead = await waitForStatus(row.id, 'dead');
    expect(dead.last_error).toContain('no mail template for topic "no_such_topic"');
    const listed = await office.mail.outbox({ status: 'dead' });
    expect(listed.items.map((r) => r.id)).toContain(row.id);
    expect(listed.items[0]).not.toHaveProperty('payload');

    // a sent row cannot be "retried"
    const [ok] = await queue({ topic: 'order_confirmation', to: order.email, locale: 'de', order: order.id, data: { orderId: order.id } });
    await waitForStatus(ok.id, 'sent');
    expect(await code(office.mail.retry({ id: ok.id }))).toBe('CONFLICT');

    // the data is fixed, then the dead row goes out again
    await pb().collection('outbox').update(row.id, { topic: 'order_confirmation', payload: { locale: 'de', data: { orderId: order.id } } });
    expect(await office.mail.retry({ id: row.id })).toEqual({ ok: true });
    const resent = await waitForStatus(row.id, 'sent');
    expect(resent).toMatchObject({ attempts: 1, last_error: '', subject: `Ihre Bestellung #${order.number} bei Teehaus <Test> & Co` });
  });

  it('is closed to packers and to callers without a session', async () => {
    const { items } = await office.mail.mailbox({});
    const id = items[0].id;
    expect(await code(packer.mail.mailbox({}))).toBe('FORBIDDEN');
    expect(await code(packer.mail.message({ id }))).toBe('FORBIDDEN');
    expect(await code(packer.mail.outbox({}))).toBe('FORBIDDEN');
    expect(await code(packer.mail.retry({ id }))).toBe('FORBIDDEN');
    expect(await code(packer.mail.transport())).toBe('FORBIDDEN');
    expect(await code(anonymousCaller().mail.mailbox({}))).toBe('UNAUTHORIZED');
    expect(await code(office.mail.message({ id: 'abcdefghijklmno' }))).toBe('NOT_FOUND');
  });
  it('#14 a staff invitation opens an account: only who may manage the role reads it', async () => {
    const o = await createStaff('owner');
    const owner = (await signedInCaller(o.staff.email, o.password)).caller;
    const m = await createStaff('manager');
    const manager = (await signedInCaller(m.staff.email, m.password)).caller;
    const read = async (by: typeof office, subjectOf: string) => {
      const found = await pb().collection('mailbox').getFirstListItem(pb().filter('recipient = {:r}', { r: subjectOf }));
      return code(by.mail.message({ id: found.id }));
    };
    const stamp = Date.now();
    await manager.staff.invite({ name: 'Paket Paul', email: `paul-${stamp}@example.com`, role: 'packer', locale: 'en' });
    await owner.staff.invite({ name: 'Mira Manager', email: `mira-${stamp}@example.com`, role: 'manager', locale: 'en' });
    await owner.staff.invite({ name: 'Otto Owner', email: `otto-${stamp}@example.com`, role: 'owner', locale: 'en' });
    for (const who of ['paul', 'mira', 'otto']) {
      const row = await pb().collection('outbox').getFirstListItem(pb().filter('recipient = {:r}', { r: `${who}-${stamp}@example.com` }));
      await waitForStatus(row.id, 'sent');
    }
    expect(await read(office, `paul-${stamp}@example.com`)).toBe('FORBIDDEN');
    expect(await read(manager, `paul-${stamp}@example.com`)).toBe('ok');
    expect(await read(manager, `mira-${stamp}@example.com`)).toBe('ok');
    expect(await read(manager, `otto-${stamp}@example.com`)).toBe('FORBIDDEN');
    expect(await read(owner, `otto-${stamp}@example.com`)).toBe('ok');
    // the list shows that it was sent, never the link
    const listed = (await office.mail.mailbox({ search: `paul-${stamp}` })).items;
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain('/invite/');
  });
});
