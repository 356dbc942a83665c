// Picks against a real PocketBase: matching, refusals, concurrency, replays, undo, cancel, packing.
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderLineRecord, OrderRecord } from '../../src/lib/server/pocketbase/records';
import { signedInCaller } from '../support/caller';
import { createOrder, createScannableProduct, createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

let packer: Awaited<ReturnType<typeof signedInCaller>>;
let other: Awaited<ReturnType<typeof signedInCaller>>;
let n = 0;
const scanId = () => `scan-${Date.now().toString(36)}-${++n}`;

beforeAll(async () => {
  const a = await createStaff('packer', { name: 'Pia Packer' });
  const b = await createStaff('packer', { name: 'Paul Packer' });
  packer = await signedInCaller(a.staff.email, a.password);
  other = await signedInCaller(b.staff.email, b.password);
});

async function paidOrder(lines: { qty: number }[]) {
  const products = await Promise.all(lines.map(() => createScannableProduct()));
  const { order, lines: created } = await createOrder(
    { payment_status: 'paid', payment_method: 'card' },
    lines.map((l, i) => ({ qty: l.qty, product: products[i].product }))
  );
  return { order, lines: created, eans: products.map((p) => p.ean), skus: products.map((p) => p.product.sku) };
}

const line = (id: string) => pb().collection('order_lines').getOne<OrderLineRecord>(id);
const order = (id: string) => pb().collection('orders').getOne<OrderRecord>(id);
const picksOf = (orderId: string) => pb().collection('picks').getFullList<{ qty: number; order_line: string }>({ filter: `order = '${orderId}'` });

async function refusedWith(p: Promise<unknown>): Promise<{ code: string; key: string; params: Record<string, unknown> }> {
  const e = await p.then(
    () => null,
    (err: unknown) => err
  );
  expect(e).toBeInstanceOf(TRPCError);
  const cause = (e as TRPCError).cause as unknown as { key: string; params: Record<string, unknown> };
  return { code: (e as TRPCError).code, key: cause.key, params: cause.params };
}

describe('a scan on the pick list', () => {
  it('counts one unit of the product on the order, by EAN (as GTIN-14) or by SKU', async () => {
    const o = await paidOrder([{ qty: 3 }]);
    const r1 = await packer.caller.pack.pick({ orderId: o.order.id, code: o.eans[0], clientScanId: scanId() });
    expect(r1).toMatchObject({ status: 'counted', line: { id: o.lines[0].id, picked: 1, qty: 3 }, packed: false });
    expect(r1.pick.staff_name).toBe('Pia Packer');
    // a UPC/EAN-8 style leading-zero variant of the same GTIN is the same product
    await packer.caller.pack.pick({ orderId: o.order.id, code: `0${o.eans[0]}`, clientScanId: scanId() });
    await packer.caller.pack.pick({ orderId: o.order.id, code: o.skus[0].toLowerCase(), clientScanId: scanId() });
    expect((await line(o.lines[0].id)).picked).toBe(3);
  });

  it('moves the order to picking on the first pick and to packed on the last, with who did it', async () => {
    const o = await paidOrder([{ qty: 1 }, { qty: 2 }]);
    await packer.caller.pack.pick({ orderId: o.order.id, code: o.eans[0], clientScanId: scanId() });
    expect((await order(o.order.id)).fulfilment_status).toBe('picking');
    const last = await other.caller.pack.pick({ orderId: o.order.id, code: o.eans[1], qty: 2, clientScanId: scanId() });
    expect(last.packed).toBe(true);
    expect((await order(o.order.id)).fulfilment_status).toBe('packed');
    const events = await pb().collection('order_events').getFullList({ filter: `order = '${o.order.id}'`, sort: 'created' });
    expect(events.map((e) => [e.type, e.actor])).toEqual([
      ['picking_started', packer.session.staff.id],
      ['packed', other.session.staff.id]
    ]);
  });

  it('refuses a product that is not on the order, naming it, and changes nothing', async () => {
    const o = await paidOrder([{ qty: 2 }]);
    const stranger = await createScannableProduct({ name: 'Teedose Blech' });
    const r = await refusedWith(packer.caller.pack.pick({ orderId: o.order.id, code: stranger.ean, clientScanId: scanId() }));
    expect(r).toMatchObject({ code: 'CONFLICT', key: 'pack.refused.not_on_order', params: { product: 'Teedose Blech', code: `0${stranger.ean}` } });
    const unknown = await refusedWith(packer.caller.pack.pick({ orderId: o.order.id, code: 'NO-SUCH-SKU', clientScanId: scanId() }));
    expect(unknown).toMatchObject({ key: 'pack.refused.not_on_order', params: { product: '', code: 'NO-SUCH-SKU' } });
    expect((await line(o.lines[0].id)).picked).toBe(0);
    expect(await picksOf(o.order.id)).toHaveLength(0);
    expect((await order(o.order.id)).fulfilment_status).toBe('unfulfilled');
  });

  it('refuses a misread code (bad check digit) and says which digit was expected', async () => {
    const o = await paidOrder([{ qty: 1 }]);
    const bad = o.eans[0].slice(0, 12) + String((Number(o.eans[0][12]) + 1) % 10);
    const r = await refusedWith(packer.caller.pack.pick({ orderId: o.order.id, code: bad, clientScanId: scanId() }));
    expect(r).toMatchObject({ code: 'BAD_REQUEST', key: 'pack.refused.bad_check_digit', params: { expected: o.eans[0][12] } });
  });

  it('refuses an over-pick, also for an entered bulk quantity', async () => {
    const o = await paidOrder([{ qty: 5 }, { qty: 1 }]);
    const bulk = await refusedWith(packer.caller.pack.pick({ orderId: o.order.id, code: o.eans[0], qty: 6, clientScanId: scanId() }));
    expect(bulk).toMatchObject({ code: 'CONFLICT', key: 'pack.refused.over_pick', params: { qty: 5, picked: 0 } });
    await packer.caller.pack.pick({ orderId: o.order.id, code: o.eans[0], qty: 5, clientScanId: scanId() });
    const over = await refusedWith(packer.caller.pack.pick({ orderId: o.order.id, code: o.eans[0], clientScanId: scanId() }));
    expect(over.key).toBe('pack.refused.over_pick');
    expect((await line(o.lines[0].id)).picked).toBe(5);
  });

  it('refuses orders that are not paid', async () => {
    const products = await createScannableProduct();
    const { order: unpaid } = await createOrder({}, [{ qty: 1, product: products.product }]);
    const r = await refusedWith(packer.caller.pack.pick({ orderId: unpaid.id, code: products.ean, clientScanId: scanId() }));
    expect(r).toMatchObject({ code: 'PRECONDITION_FAILED', key: 'pack.refused.order_not_ready' });
  });
});

describe('the office changes the order between two scans', () => {
  it('a lowered quantity, a removed line and a new line count at once, whatever the last scan saw', async () => {
    const o = await paidOrder([{ qty: 3 }, { qty: 2 }]);
    await packer.caller.pack.pick({ orderId: o.order.id, code: o.eans[0], clientScanId: scanId() });
    await pb().collection('order_lines').update(o.lines[0].id, { qty: 1 });
    const over = await refusedWith(packer.caller.pack.pick({ orderId: o.order.id, code: o.eans[0], clientScanId: scanId() }));
    expect(over).toMatchObject({ key: 'pack.refused.over_pick', params: { qty: 1 } });

    await pb().collection('order_lines').delete(o.lines[1].id);
    const gone = await refusedWith(packer.caller.pack.pick({ orderId: o.order.id, code: o.eans[1], clientScanId: scanId() }));
    expect(gone.key).toBe('pack.refused.not_on_order');

    const added = await createScannableProduct();
    const line = await pb().collection('order_lines').create<OrderLineRecord>({ order: o.order.id, product: added.product.id, sku: added.product.sku, name: added.product.name, qty: 1, picked: 0, position: 2 });
    const r = await packer.caller.pack.pick({ orderId: o.order.id, code: added.ean, clientScanId: scanId() });
    expect(r.line).toMatchObject({ id: line.id, picked: 1 });
    expect(r.packed).toBe(true);
  });
});

describe('concurrency', () => {
  it('many scans of the same line at once never over-pick or double-count', async () => {
    const o = await paidOrder([{ qty: 10 }]);
    const attempts = 40;
    const results = await Promise.allSettled(
      Array.from({ length: attempts }, (_, i) => (i % 2 ? packer : other).caller.pack.pick({ orderId: o.order.id, code: o.eans[0], clientScanId: scanId() }))
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(ok).toHaveLength(10);
    for (const r of refused) expect(((r.reason as TRPCError).cause as unknown as { key: string }).key).toMatch(/over_pick|order_packed/);
    expect((await line(o.lines[0].id)).picked).toBe(10);
    const rows = await picksOf(o.order.id);
    expect(rows.reduce((s, p) => s + p.qty, 0)).toBe(10);
    expect((await order(o.order.id)).fulfilment_status).toBe('packed');
  });

  it('the same scan replayed (also several times at once) counts once', async () => {
    const o = await paidOrder([{ qty: 5 }]);
    const id = scanId();
    const replays = await Promise.all(Array.from({ length: 6 }, () => packer.caller.pack.pick({ orderId: o.order.id, code: o.eans[0], clientScanId: id })));
    expect(replays.filter((r) => r.status === 'counted')).toHaveLength(1);
    expect(new Set(replays.map((r) => r.pick.id)).size).toBe(1);
    const later = await other.caller.pack.pick({ orderId: o.order.id, code: o.eans[0], clientScanId: id });
    expect(later).toMatchObject({ status: 'duplicate', line: { picked: 1 } });
    expect((await line(o.lines[0].id)).picked).toBe(1);
    expect(await picksOf(o.order.id)).toHaveLength(1);
  });

  it('a scan while the office cancels the order: either counted before, or refused after; picks stop', async () => {
    const o = await paidOrder([{ qty: 50 }]);
    await packer.caller.pack.pick({ orderId: o.order.id, code: o.eans[0], clientScanId: scanId() });
    const scans = Array.from({ length: 20 }, () => packer.caller.pack.pick({ orderId: o.order.id, code: o.eans[0], clientScanId: scanId() }));
    const cancel = pb().collection('orders').update(o.order.id, { status: 'cancelled' });
    const results = await Promise.allSettled([...scans, cancel]);
    const counted = results.slice(0, 20).filter((r) => r.status === 'fulfilled').length;
    for (const r of results.slice(0, 20)) {
      if (r.status === 'rejected') expect(((r.reason as TRPCError).cause as unknown as { key: string }).key).toBe('pack.refused.order_cancelled');
    }
    expect((await line(o.lines[0].id)).picked).toBe(1 + counted);
    const after = await refusedWith(packer.caller.pack.pick({ orderId: o.order.id, code: o.eans[0], clientScanId: scanId() }));
    expect(after).toMatchObject({ code: 'PRECONDITION_FAILED', key: 'pack.refused.order_cancelled' });
  });
});

describe('undo', () => {
  it('takes the last scan back with a negative pick, once, and reopens a packed order', async () => {
    const o = await paidOrder([{ qty: 2 }]);
    await packer.caller.pack.pick({ orderId: o.order.id, code: o.eans[0], clientScanId: scanId() });
    const last = await packer.caller.pack.pick({ orderId: o.order.id, code: o.eans[0], clientScanId: scanId() });
    expect(last.packed).toBe(true);
    const undos = await Promise.allSettled([
      packer.caller.pack.undo({ orderId: o.order.id, pickId: last.pick.id, clientScanId: scanId() }),
      other.caller.pack.undo({ orderId: o.order.id, pickId: last.pick.id, clientScanId: scanId() })
    ]);
    expect(undos.filter((u) => u.status === 'fulfilled')).toHaveLength(1);
    const refused = undos.find((u) => u.status === 'rejected') as PromiseRejectedResult;
    expect(((refused.reason as TRPCError).cause as unknown as { key: string }).key).toBe('pack.refused.already_undone');
    expect((await line(o.lines[0].id)).picked).toBe(1);
    expect((await order(o.order.id)).fulfilment_status).toBe('picking');
    const rows = await picksOf(o.order.id);
    expect(rows.map((p) => p.qty).sort()).toEqual([-1, 1, 1]);
  });

  it('refuses to undo a pick of another order', async () => {
    const a = await paidOrder([{ qty: 1 }]);
    const b = await paidOrder([{ qty: 2 }]);
    const p = await packer.caller.pack.pick({ orderId: b.order.id, code: b.eans[0], clientScanId: scanId() });
    const r = await refusedWith(packer.caller.pack.undo({ orderId: a.order.id, pickId: p.pick.id, clientScanId: scanId() }));
    expect(r.key).toBe('pack.refused.undo_unknown');
  });
});

describe('batch picking', () => {
  it('one walk in bin order with a tote per order; sorting a scan goes to the tote that still needs it', async () => {
    const shared = await createScannableProduct({ bin: 'B-02-1' });
    const lone = await createScannableProduct({ bin: 'A-10-1' });
    const first = await createOrder({ payment_status: 'paid' }, [{ qty: 1, product: shared.product }]);
    const second = await createOrder({ payment_status: 'paid' }, [
      { qty: 2, product: shared.product },
      { qty: 1, product: lone.product }
    ]);
    const batch = await packer.caller.pack.batch({ orderIds: [first.order.id, second.order.id] });
    expect(batch.totes.map((t) => [t.tote, t.number])).toEqual([
      [1, first.order.number],
      [2, second.order.number]
    ]);
    expect(batch.items.map((i) => [i.bin, i.picks.map((p) => [p.tote, p.qty])])).toEqual([
      ['A-10-1', [[2, 1]]],
      ['B-02-1', [[1, 1], [2, 2]]]
    ]);
    // a pick list printed halfway leaves out what was packed meanwhile
    await packer.caller.pack.pick({ orderId: first.order.id, code: shared.ean, clientScanId: scanId() });
    const list = await packer.caller.pack.pickList({ orderIds: [first.order.id, second.order.id], locale: 'de' });
    expect(list.totes).toEqual([expect.objectContaining({ tote: 2, orderNumber: second.order.number })]);
    expect(list.items.map((i) => [i.bin, i.picks])).toEqual([['A-10-1', [{ tote: 2, qty: 1 }]], ['B-02-1', [{ tote: 2, qty: 2 }]]]);
    // reopening the batch: the packed order is left out, the other keeps tote 2
    const reopened = await packer.caller.pack.batch({ orderIds: [first.order.id, second.order.id] });
    expect(reopened.totes.map((t) => [t.tote, t.number])).toEqual([[2, second.order.number]]);
    expect(JSON.stringify(list)).not.toMatch(/price|iban|vat/i);

    const unpaid = await createOrder({}, [{ qty: 1 }]);
    const r = await refusedWith(packer.caller.pack.batch({ orderIds: [second.order.id, unpaid.order.id] }));
    expect(r).toMatchObject({ code: 'CONFLICT', key: 'pack.errors.batch_not_pickable', params: { orders: String(unpaid.order.number) } });
  });
});
