// Goods in (#14, F05): a supplier delivery books one `received` movement per line, all or
// nothing; a double tap books once; bad quantities are refused naming the line; packers may
// receive; the stock room hears the new figures.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { ProductRecord } from '../../src/lib/server/pocketbase/records';
import { signedInCaller } from '../support/caller';
import { createStaff, createStockedProduct } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { connected, join, nextRecord, startSocketServer } from '../support/realtime';
import { stockInvariantViolations } from './stock-invariants';

usePocketBase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>;
let office: Caller;
let packer: Caller;
let packerId: string;

beforeAll(async () => {
  const o = await createStaff('office');
  office = await signedInCaller(o.staff.email, o.password);
  const p = await createStaff('packer');
  packerId = p.staff.id;
  packer = await signedInCaller(p.staff.email, p.password);
});

const product = (id: string) => pb().collection('products').getOne<ProductRecord>(id);
const failure = (p: Promise<unknown>) => p.then(() => null, (e) => e as TRPCError & { cause: { key: string; params: Record<string, unknown> } });
const movements = (id: string) => pb().collection('stock_movements').getFullList<{ reason: string; delta_on_hand: number; actor: string; note: string }>({ filter: `product = '${id}'`, sort: 'created' });

describe('#14 goods in', () => {
  it('books one received movement per line with the supplier reference; stock equals the ledger', async () => {
    const a = await createStockedProduct(2);
    const b = await createStockedProduct(0);
    const r = await packer.caller.stock.receive({ idempotencyKey: randomUUID(), supplierRef: 'LS-4711', lines: [{ productId: a.id, qty: 10 }, { productId: b.id, qty: 4 }, { productId: a.id, qty: 1 }] });
    expect(r).toMatchObject({ supplierRef: 'LS-4711', units: 15, replayed: false });
    expect(await product(a.id)).toMatchObject({ on_hand: 13 });
    expect(await product(b.id)).toMatchObject({ on_hand: 4 });
    const moved = (await movements(a.id)).filter((m) => m.reason === 'received');
    expect(moved.map((m) => m.delta_on_hand)).toEqual([10, 1]);
    expect(moved[0]).toMatchObject({ actor: packerId, note: 'Delivery LS-4711' });
    expect(await stockInvariantViolations([a.id, b.id])).toEqual([]);
  });

  it('a double tap (the same key twice, also at once) books the delivery once', async () => {
    const p = await createStockedProduct(0);
    const input = { idempotencyKey: randomUUID(), supplierRef: 'LS-1', lines: [{ productId: p.id, qty: 3 }] };
    const [x, y] = await Promise.all([office.caller.stock.receive(input), office.caller.stock.receive(input)]);
    expect(x.id).toBe(y.id);
    const z = await office.caller.stock.receive(input);
    expect(z).toMatchObject({ id: x.id, replayed: true });
    expect(await product(p.id)).toMatchObject({ on_hand: 3 });
    expect(await stockInvariantViolations([p.id])).toEqual([]);
  });

  it.each([
    ['zero', 0],
    ['negative', -5],
    ['fractional', 1.5]
  ])('refuses a %s quantity naming the line and product; nothing is booked', async (_, qty) => {
    const ok = await createStockedProduct(1, { name: 'Gute Dose' });
    const bad = await createStockedProduct(1, { name: 'Schlechte Dose' });
    const receiptsBefore = (await pb().collection('receipts').getList(1, 1)).totalItems;
    const err = await failure(office.caller.stock.receive({ idempotencyKey: randomUUID(), supplierRef: 'X', lines: [{ productId: ok.id, qty: 2 }, { productId: bad.id, qty }] }));
    expect(err?.code).toBe('BAD_REQUEST');
    expect(err?.message).toContain('Line 2');
    expect(err?.message).toContain('Schlechte Dose');
    expect(err?.cause).toMatchObject({ key: 'catalogue.receive.errors.qty_positive', params: { line: 2 } });
    expect(await product(ok.id)).toMatchObject({ on_hand: 1 });
    expect((await pb().collection('receipts').getList(1, 1)).totalItems).toBe(receiptsBefore);
  });

  it('a product gone meanwhile books nothing (all or nothing)', async () => {
    const ok = await createStockedProduct(1);
    const err = await failure(office.caller.stock.receive({ idempotencyKey: randomUUID(), supplierRef: '', lines: [{ productId: ok.id, qty: 2 }, { productId: 'nosuchproduct00', qty: 1 }] }));
    expect(err?.code).toBe('BAD_REQUEST');
    expect(err?.message).toContain('Line 2');
    expect(await product(ok.id)).toMatchObject({ on_hand: 1 });
  });

  it('finds a product to receive by scanned GTIN (any form) or SKU, exact match first; packers may, and see no prices', async () => {
    const p = await createStockedProduct(0, { sku: `RCV-${Date.now()}`, gtins: ['04006381333931'] });
    const byGtin = await packer.caller.stock.findForReceiving({ code: '4006381333931' });
    expect(byGtin[0]).toMatchObject({ id: p.id, exact: true });
    expect(byGtin[0]).not.toHaveProperty('priceCents');
    expect((await packer.caller.stock.findForReceiving({ code: p.sku }))[0]).toMatchObject({ id: p.id, exact: true });
    // packers still cannot open the stock page's office procedures
    expect((await failure(packer.caller.stock.list({})))?.code).toBe('FORBIDDEN');
  });
});

describe('#14 goods in is live on the stock page', () => {
  let server: Awaited<ReturnType<typeof startSocketServer>>;
  beforeAll(async () => {
    server = await startSocketServer();
  });
  afterAll(() => server?.stop());

  it('the stock room hears the new on_hand of a received product', async () => {
    const p = await createStockedProduct(1);
    const socket = server.connect(office.token);
    await connected(socket);
    expect(await join(socket, 'stock')).toEqual({ ok: true });
    // the relay's PocketBase subscription is up once a product change arrives (a state, not a sleep)
    let n = 0;
    await vi.waitFor(async () => {
      const warm = nextRecord(socket, (e) => e.collection === 'products' && e.record.id === p.id, 300);
      await pb().collection('products').update(p.id, { bin: `W-${++n}` });
      await warm;
    }, { timeout: 10_000, interval: 50 });
    const heard = nextRecord(socket, (e) => e.collection === 'products' && e.record.id === p.id && e.record.on_hand === 6);
    await packer.caller.stock.receive({ idempotencyKey: randomUUID(), supplierRef: 'live', lines: [{ productId: p.id, qty: 5 }] });
    expect((await heard).record).toMatchObject({ on_hand: 6 });
    socket.disconnect();
  });
});
