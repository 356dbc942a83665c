// Part of the unit-of-work suite (tx-suite.ts) that both engines run: every op option and
// failure code not covered by the flows there, so the JS twin cannot drift (issue #11).
import { describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import { UnitOfWork, type IncrementBounds, type TxOp } from '../../src/lib/server/pocketbase/tx';
import { sendUnits } from '../../src/lib/server/pocketbase/group-commit';
import type { OrderRecord } from '../../src/lib/server/pocketbase/records';
import { createOrder, createProduct } from '../support/factories';
import { failure, orderBody, stocked, one, raw, runTx } from './tx-suite-support';

export function txOpsSuite(engine: 'native' | 'js') {
  describe(`unique_violation (issue #11, ${engine} engine)`, () => {
    it('a create that hits a unique index fails with unique_violation and its fields, and writes nothing', async () => {
      const { order } = await createOrder();
      const uow = new UnitOfWork();
      uow.create('order_events', { order: order.id, type: 'uv_marker' });
      uow.create('orders', orderBody({ number: order.number }));
      const err = await failure(raw(uow));
      expect(err).toMatchObject({ code: 'unique_violation', details: { index: 1, collection: 'orders', fields: ['number'] } });
      expect(err!.message).toMatch(/number/);
      expect(await pb().collection('order_events').getFullList({ filter: "type = 'uv_marker'" })).toHaveLength(0);
    });

    it('an update that hits a unique index fails with unique_violation', async () => {
      const a = (await createOrder()).order;
      const b = (await createOrder()).order;
      const err = await failure(one((u) => u.update('orders', b.id, { tracking_token: a.tracking_token })));
      expect(err).toMatchObject({ code: 'unique_violation', details: { index: 0, collection: 'orders', fields: ['tracking_token'] } });
      expect((await pb().collection('orders').getOne<OrderRecord>(b.id)).tracking_token).toBe(b.tracking_token);
    });

    it('a findOrCreate whose new record hits a unique index fails with unique_violation', async () => {
      const { order } = await createOrder();
      const key = `uv-${Date.now()}-${Math.random()}`;
      const uow = new UnitOfWork();
      uow.findOrCreate('orders', { idempotency_key: key }, orderBody({ number: order.number, idempotency_key: key }));
      expect(await failure(raw(uow))).toMatchObject({ code: 'unique_violation', details: { index: 0, collection: 'orders', fields: ['number'] } });
    });

    it('in a group, a unique violation rolls the group back and names the unit', async () => {
      const { order } = await createOrder();
      const res = await sendUnits([
        [{ op: 'create', collection: 'order_events', body: { order: order.id, type: 'uv_group' } }],
        [{ op: 'create', collection: 'orders', body: orderBody({ number: order.number }) }]
      ]);
      expect(res).toMatchObject({ aborted: { unit: 1, failure: { code: 'unique_violation', details: { fields: ['number'] } } } });
      expect(await pb().collection('order_events').getFullList({ filter: "type = 'uv_group'" })).toHaveLength(0);
    });

    it('a value PocketBase refuses for another reason stays invalid', async () => {
      const err = await failure(runTx([{ op: 'create', collection: 'orders', body: { ...orderBody(), channel: 'carrier-pigeon' } }]));
      expect(err).toMatchObject({ code: 'invalid', details: { index: 0, collection: 'orders' } });
    });
  });

  describe(`every op option and failure code (issue #11, ${engine} engine)`, () => {
    it('the Collections map refuses a wrong field, a wrong value or an unknown collection before anything is sent (npm run check)', () => {
      const uow = new UnitOfWork();
      // @ts-expect-error orders have no `colour` field
      uow.update('orders', 'x', { colour: 'red' });
      // @ts-expect-error 'shiped' is no fulfilment status
      uow.update('orders', 'x', { fulfilment_status: 'shiped' });
      // @ts-expect-error no collection is called `order`
      uow.create('order', {});
      // @ts-expect-error an id's ref in a number field: only a counter's Ref<number> goes there
      uow.create('orders', { number: uow.create('customers', {}) });
      expect(uow.size).toBe(5);
    });

    it('increment: min, max and expect bound it; a missing `by` adds nothing', async () => {
      const { lines } = await createOrder({}, [{ qty: 5 }]);
      const line = lines[0].id;
      const inc = (by: number, bounds: IncrementBounds<'order_lines'> = {}) => one((u) => u.increment('order_lines', line, 'picked', by, bounds));
      expect(await inc(2, { max: 3 })).toEqual([2]);
      expect(await failure(inc(2, { max: 3 }))).toMatchObject({ code: 'out_of_range', details: { value: 4, max: 3, min: 0, index: 0 } });
      expect(await failure(inc(-1, { min: 2 }))).toMatchObject({ code: 'out_of_range', details: { value: 1, min: 2 } });
      expect(await failure(inc(1, { expect: { qty: 4 } }))).toMatchObject({ code: 'precondition_failed', details: { field: 'qty', actual: 5 } });
      expect(await runTx([{ op: 'increment', collection: 'order_lines', id: line, field: 'picked' } as TxOp])).toEqual([2]);
      expect((await pb().collection('order_lines').getOne(line)).picked).toBe(2);
    });

    it('delete answers the id; later ops refer to earlier results by name', async () => {
      const { order } = await createOrder();
      const uow = new UnitOfWork();
      const id = uow.create('order_events', { order: order.id, type: 'to_delete' });
      uow.delete('order_events', id);
      const [created, deleted] = (await raw(uow)) as [string, string];
      expect(deleted).toBe(created);
      expect(await pb().collection('order_events').getFullList({ filter: "type = 'to_delete'" })).toHaveLength(0);
    });

    it('absent with a reference is checked in its place, after the ops before it', async () => {
      const key = `absent-ref-${Date.now()}-${Math.random()}`;
      const err = await failure(runTx([
        { op: 'create', collection: 'orders', body: orderBody({ idempotency_key: key }), as: 'o' },
        { op: 'absent', collection: 'orders', match: { id: '$ref:o' } }
      ]));
      expect(err).toMatchObject({ code: 'exists', details: { collection: 'orders', index: 1 } });
      expect(await pb().collection('orders').getFullList({ filter: `idempotency_key = '${key}'` })).toHaveLength(0);
    });

    it('a stock move writes its ledger row with order, line and note; refuses unknown reasons and notes over 500 characters', async () => {
      const p = await stocked(5);
      const { order, lines } = await createOrder();
      const note = '📦'.repeat(500); // 500 characters, 1000 UTF-16 units
      await one((u) => u.stock({ product: p.id, delta_reserved: 1, reason: 'order_placed', order: order.id, order_line: lines[0].id, note }));
      const row = await pb().collection('stock_movements').getFirstListItem(`product = '${p.id}' && reason = 'order_placed'`);
      expect(row).toMatchObject({ order: order.id, order_line: lines[0].id, note, delta_reserved: 1, delta_on_hand: 0 });
      const bad = (move: Record<string, unknown>) => failure(runTx([{ op: 'stock', product: p.id, delta_reserved: 1, reason: 'order_placed', ...move } as TxOp]));
      expect(await bad({ reason: 'theft' })).toMatchObject({ code: 'invalid', details: { field: 'reason', index: 0 } });
      expect(await bad({ note: note + 'x' })).toMatchObject({ code: 'invalid', details: { field: 'note', index: 0 } });
      expect(await pb().collection('stock_movements').getFullList({ filter: `product = '${p.id}'` })).toHaveLength(2);
    });

    it('a unit’s counters are held: two in one unit hand out consecutive values, stored once', async () => {
      const name = `held-${Date.now()}`;
      expect(await runTx([{ op: 'counter', name, as: 'a' }, { op: 'counter', name, as: 'b' }])).toEqual([1, 2]);
      expect(await runTx([{ op: 'counter', name, as: 'c' }])).toEqual([3]);
      expect((await pb().collection('counters').getFirstListItem(`name = '${name}'`)).value).toBe(3);
    });

    it('bad_ref, bad_op and not_found name the op; a stock move on a missing product is not_found in a group too', async () => {
      expect(await failure(runTx([{ op: 'counter', name: 'refs', as: 'n' }, { op: 'delete', collection: 'orders', id: '$ref:nope' }]))).toMatchObject({ code: 'bad_ref', details: { index: 1 } });
      expect(await failure(runTx([{ op: 'counter', name: 'refs', as: 'n' }, { op: 'teleport' } as unknown as TxOp]))).toMatchObject({ code: 'bad_op', details: { index: 1 } });
      expect(await failure(runTx([{ op: 'absent', collection: 'orders', match: {} }]))).toMatchObject({ code: 'bad_op', details: { index: 0 } });
      expect(await failure(runTx([{ op: 'absent', collection: 'orders' } as unknown as TxOp]))).toMatchObject({ code: 'bad_op', details: { index: 0 } });
      // a field of another JSON type is refused, not read as 0 or glued to a number as a string
      const p = await stocked(5);
      expect(await failure(runTx([{ op: 'counter', name: 'types', as: 'n' }, { op: 'stock', product: p.id, delta_reserved: '1', reason: 'order_placed' } as unknown as TxOp]))).toMatchObject({ code: 'bad_op', details: { index: 1 } });
      expect(await failure(runTx([{ op: 'create', collection: 'order_events', body: [] } as unknown as TxOp]))).toMatchObject({ code: 'bad_op', details: { index: 0 } });
      expect(await sendUnits([[{ op: 'counter', name: 'types', as: 'n' }, null as unknown as TxOp]])).toMatchObject({ aborted: { unit: 0, failure: { code: 'bad_op', details: { index: 1 } } } });
      expect(await failure(runTx([{ op: 'update', collection: 'orders', id: 'missing0000000a', body: {} }]))).toMatchObject({ code: 'not_found', details: { index: 0, id: 'missing0000000a' } });
      const res = await sendUnits([[{ op: 'stock', product: 'missing0000000b', delta_reserved: 1, reason: 'order_placed' }]]);
      expect(res).toMatchObject({ outcomes: [{ failure: { code: 'not_found', details: { index: 0 } } }] });
      expect(await createProduct()).toBeTruthy(); // the engine is still fine afterwards
    });
  });
}
