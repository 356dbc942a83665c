import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import { createOrder, createStaff } from '../support/factories';
import { signedInCaller } from '../support/caller';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

let office: Awaited<ReturnType<typeof signedInCaller>>;
beforeAll(async () => {
  const { staff, password } = await createStaff('office');
  office = await signedInCaller(staff.email, password);
});

describe('order queue', () => {
  it('filters by each of the three state axes and by payment method', async () => {
    const paid = await createOrder({ payment_status: 'paid', payment_method: 'card', fulfilment_status: 'packed' });
    const cancelled = await createOrder({ status: 'cancelled', payment_method: 'cheque' });
    const unpaid = await createOrder({ payment_status: 'unpaid', payment_method: 'online_banking' });

    const ids = async (input: Parameters<typeof office.caller.orders.queue>[0]) =>
      (await office.caller.orders.queue(input)).items.map((o) => o.id);

    expect(await ids({ paymentStatus: 'paid' })).toContain(paid.order.id);
    expect(await ids({ paymentStatus: 'paid' })).not.toContain(unpaid.order.id);
    expect(await ids({ status: 'cancelled' })).toEqual([cancelled.order.id]);
    expect(await ids({ fulfilmentStatus: 'packed' })).toEqual([paid.order.id]);
    expect(await ids({ paymentMethod: 'cheque' })).toEqual([cancelled.order.id]);
  });

  it('finds an order by number or customer name and sorts newest first', async () => {
    const a = await createOrder({ customer_name: 'Zofia Wójcik' });
    const b = await createOrder({ customer_name: 'Jürgen Groß' });
    expect((await office.caller.orders.queue({ search: `#${a.order.number}` })).items.map((o) => o.id)).toEqual([a.order.id]);
    expect((await office.caller.orders.queue({ search: 'jürgen' })).items.map((o) => o.id)).toEqual([b.order.id]);
    const all = (await office.caller.orders.queue({})).items.map((o) => o.number);
    expect(all).toEqual([...all].sort((x, y) => y - x));
  });

  it('never sends fields the queue does not show', async () => {
    await createOrder();
    const [first] = (await office.caller.orders.queue({ perPage: 1 })).items;
    expect(Object.keys(first)).not.toContain('tracking_token');
    expect(Object.keys(first)).not.toContain('email');
  });
});

describe('order page and notes (F29)', () => {
  it('shows lines, notes with their author and the timeline', async () => {
    const { order, lines } = await createOrder({}, [{ qty: 2 }, { qty: 1 }]);
    await office.caller.orders.addNote({ orderId: order.id, body: 'Kunde ruft zurück', visibility: 'internal', clientId: 'note-detail-1' });
    const detail = await office.caller.orders.get({ id: order.id });
    expect(detail.lines.map((l) => l.id)).toEqual(lines.map((l) => l.id));
    expect(detail.notes).toHaveLength(1);
    expect(detail.notes[0]).toMatchObject({ body: 'Kunde ruft zurück', author: { name: office.session.staff.name } });
    expect(detail.events.map((e) => e.type)).toEqual(['note_added']);
    expect(detail.events[0].actor).toBe(office.session.staff.name);
  });

  it('adds a note once even when the same request is retried concurrently', async () => {
    const { order } = await createOrder();
    const input = { orderId: order.id, body: 'Leave at the back door', visibility: 'packing' as const, clientId: 'retry-abc-123' };
    const results = await Promise.all([1, 2, 3, 4].map(() => office.caller.orders.addNote(input)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const stored = await pb().collection('order_notes').getFullList({ filter: `order = '${order.id}'` });
    expect(stored).toHaveLength(1);
  });

  it('refuses an empty note with a per-field message and writes nothing', async () => {
    const { order } = await createOrder();
    const err = await office.caller.orders.addNote({ orderId: order.id, body: '   ', visibility: 'internal', clientId: 'empty-note-1' }).catch((e) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.cause.issues[0].path).toEqual(['body']);
    expect(await pb().collection('order_notes').getFullList({ filter: `order = '${order.id}'` })).toHaveLength(0);
    expect(await pb().collection('order_events').getFullList({ filter: `order = '${order.id}'` })).toHaveLength(0);
  });

  it('answers 404 for an unknown order, also when adding a note', async () => {
    await expect(office.caller.orders.get({ id: 'zzzzzzzzzzzzzzz' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      office.caller.orders.addNote({ orderId: 'zzzzzzzzzzzzzzz', body: 'x', visibility: 'internal', clientId: 'unknown-order-1' })
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('#15 the timeline pages', () => {
  it('F29 gives the newest 100 events first, then older pages by keyset, without gaps or repeats', async () => {
    const { order } = await createOrder();
    const { UnitOfWork } = await import('../../src/lib/server/pocketbase/tx');
    // 250 events in five units of work (several share a creation time: the id breaks ties)
    for (let batch = 0; batch < 5; batch++) {
      const uow = new UnitOfWork();
      for (let i = 0; i < 50; i++) uow.create('order_events', { order: order.id, type: 'note_added', actor_label: 'system', data: { n: batch * 50 + i } });
      await uow.commit();
    }
    const first = await office.caller.orders.get({ id: order.id });
    expect(first.events).toHaveLength(100);
    expect(first.olderEvents).toBe(true);
    const seen = [...first.events];
    let older = first.olderEvents;
    let pages = 1;
    while (older) {
      const oldest = seen[seen.length - 1];
      const page = await office.caller.orders.timeline({ orderId: order.id, before: { created: oldest.created, id: oldest.id } });
      seen.push(...page.events);
      older = page.older;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(250);
    expect(new Set(seen.map((e) => e.id)).size).toBe(250);
    // newest first throughout
    const keys = seen.map((e) => `${e.created} ${e.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });
});
