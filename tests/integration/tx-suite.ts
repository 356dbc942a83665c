// The transactional unit of work every stock and order change goes through, as one suite that
// runs against each engine: Packbench's native one (pocketbase/tx) and the JS twin in pb_hooks
// (what an official PocketBase binary serves).
import { describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import { TxFailure, UnitOfWork, type TxOp } from '../../src/lib/server/pocketbase/tx';
import { sendUnits, type GroupResponse } from '../../src/lib/server/pocketbase/group-commit';
import type { ProductRecord } from '../../src/lib/server/pocketbase/records';
import { createOrder } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { txGroupSuite } from './tx-suite-group';
import { txOpsSuite } from './tx-suite-ops';
import { failure, ledger, stocked, one, raw, runTx } from './tx-suite-support';

/**
 * What both engines must do alike, and what not. The JS twin (pb_hooks/lib/tx.js) stays while
 * it serves users without Go (the official-release fallback), so every op, option and failure
 * code is tested on both engines (tx.test.ts: native, tx-js-engine.test.ts: JS twin). These
 * are the only exceptions: optimisations of the native engine that change no result and that
 * the twin may ignore. Any other difference is drift and a bug.
 */
export const TWIN_MAY_IGNORE = {
  /** create's `quiet`: a save kept off the realtime feed; the twin broadcasts it (tested below) */
  quiet: 'create option',
  /** a new record's relation to a record the transaction created or read is not looked up again */
  knownRelations: 'validation shortcut',
  /** ids of new records are made without parsing PocketBase's id pattern */
  fastIds: 'id shortcut'
} as const;

export function txSuite(engine: 'native' | 'js') {
  const env = usePocketBase();
  txOpsSuite(engine);
  txGroupSuite();

  describe('unit of work', () => {
    it('applies every op or none: a failing stock op rolls back earlier creates', async () => {
      const a = await stocked(5);
      const b = await stocked(1);
      const uow = new UnitOfWork();
      const order = await createOrder();
      uow.create('order_events', { order: order.order.id, type: 'test_marker' });
      uow.stock({ product: a.id, delta_reserved: 2, reason: 'order_placed' });
      uow.stock({ product: b.id, delta_reserved: 2, reason: 'order_placed' });
      const err = await failure(raw(uow));
      expect(err).toBeInstanceOf(TxFailure);
      expect(err!.code).toBe('insufficient_stock');
      expect(err!.details).toMatchObject({ product: b.id, sku: b.sku, available: 1, requested: 2, index: 2 });
      expect(await pb().collection('order_events').getFullList({ filter: "type = 'test_marker'" })).toHaveLength(0);
      expect(await pb().collection('products').getOne<ProductRecord>(a.id)).toMatchObject({ on_hand: 5, reserved: 0 });
      expect(await ledger(a.id)).toEqual({ on_hand: 5, reserved: 0 });
    });

    it('resolves references: counters and created ids feed later ops', async () => {
      const uow = new UnitOfWork();
      const n = uow.counter('test_numbers');
      const orderId = uow.create('orders', {
        number: n, channel: 'phone', status: 'draft', payment_status: 'unpaid', fulfilment_status: 'unfulfilled',
        fulfilment_method: 'ship', currency: 'EUR', tracking_token: 'x'.repeat(24) + Math.random().toString(36).slice(2, 10), version: 1
      });
      uow.create('order_events', { order: orderId, type: 'created' });
      const [num, id] = (await raw(uow)) as [number, string];
      expect(num).toBe(1);
      const ev = await pb().collection('order_events').getFirstListItem(`order = '${id}'`);
      expect(ev.type).toBe('created');
    });

    it('hands out every counter value exactly once under concurrency', async () => {
      const values = await Promise.all(Array.from({ length: 40 }, () => runTx([{ op: 'counter', name: 'concurrent', as: 'n' }])));
      const got = values.map((r) => r[0] as number).sort((x, y) => x - y);
      expect(got).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    });

    it('refuses a stale version with the current record, and applies a fresh one', async () => {
      const { order } = await createOrder({ version: 3 });
      const err = await failure(one((u) => u.update('orders', order.id, { customer_name: 'Late' }, { ifVersion: 2 })));
      expect(err!.code).toBe('version_conflict');
      expect(err!.details).toMatchObject({ currentVersion: 3, record: { id: order.id, customer_name: order.customer_name } });
      const [v] = await one((u) => u.update('orders', order.id, { customer_name: 'On time' }, { ifVersion: 3 }));
      expect(v).toBe(4);
      expect(await pb().collection('orders').getOne(order.id)).toMatchObject({ version: 4, customer_name: 'On time' });
    });

    it('checks state preconditions', async () => {
      const { order } = await createOrder({ status: 'cancelled' });
      const err = await failure(one((u) => u.update('orders', order.id, { payment_status: 'paid' }, { expect: { status: ['placed', 'draft'] } })));
      expect(err!.code).toBe('precondition_failed');
      expect(err!.details).toMatchObject({ field: 'status', actual: 'cancelled' });
    });

    it('bounds increments by another field (never over-pick)', async () => {
      const { lines } = await createOrder({}, [{ qty: 2 }]);
      const pick = () => one((u) => u.increment('order_lines', lines[0].id, 'picked', 1, { maxField: 'qty' }));
      expect(await pick()).toEqual([1]);
      expect(await pick()).toEqual([2]);
      const err = await failure(pick());
      expect(err!.code).toBe('out_of_range');
      expect(err!.details).toMatchObject({ value: 3, max: 2 });
    });

    it('releasing stock never fails, taking more than available always does', async () => {
      const p = await stocked(3);
      await one((u) => u.stock({ product: p.id, delta_reserved: 3, reason: 'order_placed' }));
      expect((await failure(one((u) => u.stock({ product: p.id, delta_reserved: 1, reason: 'order_placed' }))))!.code).toBe('insufficient_stock');
      // a shelf count below what is reserved is refused too: available would go negative
      expect((await failure(one((u) => u.stock({ product: p.id, delta_on_hand: -1, reason: 'shelf_count' }))))!.code).toBe('insufficient_stock');
      await one((u) => u.stock({ product: p.id, delta_reserved: -3, reason: 'order_cancelled' }));
      expect(await pb().collection('products').getOne<ProductRecord>(p.id)).toMatchObject({ on_hand: 3, reserved: 0 });
      expect(await ledger(p.id)).toEqual({ on_hand: 3, reserved: 0 });
    });

    it('never oversells under concurrent reservations, and the ledger matches', async () => {
      for (let round = 0; round < 3; round++) {
        const p = await stocked(7);
        const attempts = Array.from({ length: 25 }, () =>
          one((u) => u.stock({ product: p.id, delta_reserved: 1, reason: 'order_placed' })).then(() => 'ok', (e: TxFailure) => e.code)
        );
        const outcome = await Promise.all(attempts);
        expect(outcome.filter((o) => o === 'ok')).toHaveLength(7);
        expect(outcome.filter((o) => o !== 'ok').every((o) => o === 'insufficient_stock')).toBe(true);
        expect(await pb().collection('products').getOne<ProductRecord>(p.id)).toMatchObject({ on_hand: 7, reserved: 7 });
        expect(await ledger(p.id)).toEqual({ on_hand: 7, reserved: 7 });
      }
    });

    it('a stock move can require the product to be as the caller read it (price, still sold)', async () => {
      const p = await stocked(5);
      const move = (expect: Record<string, unknown>) => one((u) => u.stock({ product: p.id, delta_reserved: 1, reason: 'order_placed', expect }));
      expect(await move({ price_cents: p.price_cents, active: true })).toEqual([{ product: p.id, on_hand: 5, reserved: 1 }]);
      const err = await failure(move({ price_cents: p.price_cents + 1 }));
      expect(err!.code).toBe('precondition_failed');
      expect(err!.details).toMatchObject({ field: 'price_cents', actual: p.price_cents });
      expect(await pb().collection('products').getOne<ProductRecord>(p.id)).toMatchObject({ reserved: 1 });
      expect(await ledger(p.id)).toEqual({ on_hand: 5, reserved: 1 });
    });

    it('is for superusers only', async () => {
      const res = await fetch(`${env.pb!.url}/api/packbench/tx`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ops: [{ op: 'counter', name: 'x', as: 'x' }] }) });
      expect(res.status).toBe(401);
    });

    it('reports PocketBase validation errors without writing anything', async () => {
      const uow = new UnitOfWork();
      // @ts-expect-error the engine's refusal of a missing required field is what this tests
      uow.create('order_events', { type: 'orphan' });
      const err = await failure(raw(uow));
      expect(err!.code).toBe('invalid');
      expect(err!.message).toMatch(/order/i);
      expect(await pb().collection('order_events').getFullList({ filter: "type = 'orphan'" })).toHaveLength(0);
    });

    it('checks every relation of a new record, also to records the same transaction touched', async () => {
      // created in this unit: valid without a lookup (the native engine knows it exists)
      const uow = new UnitOfWork();
      const orderId = uow.create('orders', {
        number: 900001, channel: 'phone', status: 'draft', payment_status: 'unpaid', fulfilment_status: 'unfulfilled',
        fulfilment_method: 'ship', currency: 'EUR', tracking_token: 'r'.repeat(24) + Math.random().toString(36).slice(2, 10), version: 1
      });
      uow.create('order_events', { order: orderId, type: 'rel_created' });
      const [id, eventId] = (await raw(uow)) as [string, string];
      expect(id).toMatch(/^[a-z0-9]{15}$/);
      expect(eventId).toMatch(/^[a-z0-9]{15}$/);
      expect((await pb().collection('order_events').getOne(eventId)).order).toBe(id);

      // a relation to a record that does not exist
      const orphan = new UnitOfWork();
      orphan.create('order_events', { order: 'doesnotexist123', type: 'rel_missing' });
      const missing = await failure(raw(orphan));
      expect(missing!.code).toBe('invalid');
      expect(missing!.message).toMatch(/order/i);

      // read, then deleted by the same unit: a later record may not point at it
      const { order } = await createOrder();
      const gone = new UnitOfWork();
      gone.update('orders', order.id, { customer_name: 'Read first' });
      gone.delete('orders', order.id);
      gone.create('order_events', { order: order.id, type: 'rel_deleted' });
      expect((await failure(raw(gone)))!.code).toBe('invalid');
      expect(await pb().collection('orders').getOne(order.id)).toMatchObject({ id: order.id });
      expect(await pb().collection('order_events').getFullList({ filter: "type ~ 'rel_missing' || type ~ 'rel_deleted'" })).toHaveLength(0);
    });
  });

  describe('findOrCreate', () => {
    it('finds the record with the given values, or creates it once', async () => {
      const email = `find-or-create-${Date.now()}@example.com`;
      const body = { name: 'New Caller', email, phone: '', addresses: [], locale: 'en' as const };
      const uow = new UnitOfWork();
      uow.findOrCreate('customers', { email }, body);
      const [created] = (await raw(uow)) as [string];
      const [again] = (await runTx([{ op: 'findOrCreate', collection: 'customers', match: { email }, body: { ...body, name: 'Someone Else' }, as: 'c' }])) as [string];
      expect(again).toBe(created);
      const rows = await pb().collection('customers').getFullList({ filter: `email = '${email}'` });
      expect(rows.map((r) => [r.id, r.name])).toEqual([[created, 'New Caller']]);
    });

    it('two concurrent first orders from one address make one customer', async () => {
      const email = `racing-${Date.now()}@example.com`;
      const body = { name: 'Racer', email, phone: '', addresses: [], locale: 'en' };
      const ids = await Promise.all(Array.from({ length: 10 }, () => runTx([{ op: 'findOrCreate', collection: 'customers', match: { email }, body, as: 'c' }])));
      expect(new Set(ids.map((r) => r[0])).size).toBe(1);
      expect(await pb().collection('customers').getFullList({ filter: `email = '${email}'` })).toHaveLength(1);
    });
  });

  describe('absent (idempotency inside the transaction)', () => {
    it('fails with the existing record when one matches, and writes nothing', async () => {
      const { order } = await createOrder();
      const key = `key-${Date.now()}`;
      await pb().collection('orders').update(order.id, { idempotency_key: key });
      const uow = new UnitOfWork();
      uow.create('order_events', { order: order.id, type: 'absent_marker' });
      uow.absent('orders', { idempotency_key: key });
      const err = await failure(raw(uow));
      expect(err).toMatchObject({ code: 'exists', details: { collection: 'orders', id: order.id, index: 1, record: { id: order.id, idempotency_key: key } } });
      expect(await pb().collection('order_events').getFullList({ filter: "type = 'absent_marker'" })).toHaveLength(0);
      const fresh = new UnitOfWork();
      fresh.absent('orders', { idempotency_key: `${key}-unused` });
      expect(await raw(fresh)).toEqual([null]);
    });

    it('in a group, the second unit with a key sees the order of the first (same transaction)', async () => {
      const p = await stocked(10);
      const key = `group-key-${Date.now()}`;
      const unit = (): TxOp[] => [
        { op: 'absent', collection: 'orders', match: { idempotency_key: key } },
        { op: 'create', collection: 'orders', as: 'o', body: {
          number: Math.floor(Math.random() * 1e9), channel: 'web', status: 'placed', payment_status: 'unpaid', fulfilment_status: 'unfulfilled',
          fulfilment_method: 'collect', currency: 'EUR', tracking_token: 'y'.repeat(24) + Math.random().toString(36).slice(2, 10), version: 1, idempotency_key: key
        } },
        { op: 'stock', product: p.id, delta_reserved: 1, reason: 'order_placed', order: '$ref:o' }
      ];
      const res = (await sendUnits([unit(), unit()])) as Extract<GroupResponse, { outcomes: unknown }>;
      const first = res.outcomes[0] as { results: unknown[] };
      expect(res.outcomes[1]).toMatchObject({ failure: { code: 'exists', details: { id: first.results[1], index: 0 } } });
      expect(await ledger(p.id)).toEqual({ on_hand: 10, reserved: 1 });
    });
  });

  describe(`quiet creates (an optimisation the twin may ignore: ${TWIN_MAY_IGNORE.quiet})`, () => {
    it(engine === 'native' ? 'a quiet create is saved but not sent to the realtime feed; a loud one is' : 'quiet creates are saved, and broadcast like any other', async () => {
      const { order } = await createOrder();
      const seen: string[] = [];
      const unsubscribe = await pb().collection('order_events').subscribe<{ type: string }>('*', (e) => seen.push(e.record.type));
      try {
        const uow = new UnitOfWork();
        uow.create('order_events', { order: order.id, type: 'quiet_one' }, { quiet: true });
        uow.create('order_events', { order: order.id, type: 'loud_one' });
        await raw(uow);
        const marker = new UnitOfWork();
        marker.create('order_events', { order: order.id, type: 'loud_marker' });
        await raw(marker);
        await expect.poll(() => seen.includes('loud_marker'), { timeout: 5000 }).toBe(true);
        expect(seen).toContain('loud_one');
        // the JS engine cannot keep a save off the realtime feed: quiet is a native saving only
        if (engine === 'native') expect(seen).not.toContain('quiet_one');
        else expect(seen).toContain('quiet_one');
        expect((await pb().collection('order_events').getFullList({ filter: `order = '${order.id}'` })).map((e) => e.type)).toContain('quiet_one');
      } finally {
        await unsubscribe();
      }
    });
  });
}
