// Part of the unit-of-work suite (tx-suite.ts) that both engines run: group commit, several
// units in one transaction (src/lib/server/pocketbase/group-commit.ts).
import { describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import { type TxFailure, type TxOp, commitOne } from '../../src/lib/server/pocketbase/tx';
import { GroupCommit, sendUnits, type GroupResponse } from '../../src/lib/server/pocketbase/group-commit';
import type { ProductRecord } from '../../src/lib/server/pocketbase/records';
import { createOrder } from '../support/factories';
import { ledger, stocked } from './tx-suite-support';

export function txGroupSuite() {
  describe('group commit (several units, one transaction)', () => {
    const reserve = (product: string, qty: number, marker: string) => [
      { op: 'create' as const, collection: 'order_events', body: { order: '$ref:order', type: marker }, as: 'ev' },
      { op: 'stock' as const, product, delta_reserved: qty, reason: 'order_placed' as const }
    ];
    async function withOrder(ops: ReturnType<typeof reserve>) {
      const order = await createOrder();
      return JSON.parse(JSON.stringify(ops).replaceAll('$ref:order', order.order.id)) as TxOp[];
    }

    it('applies each unit or refuses it alone: a unit short of stock writes nothing, the others commit', async () => {
      const p = await stocked(3);
      const units = [await withOrder(reserve(p.id, 2, 'g_first')), await withOrder(reserve(p.id, 2, 'g_short')), await withOrder(reserve(p.id, 1, 'g_last'))];
      const res = await sendUnits(units);
      expect('outcomes' in res).toBe(true);
      const outcomes = (res as Extract<GroupResponse, { outcomes: unknown }>).outcomes;
      expect(outcomes[0]).toMatchObject({ results: [expect.any(String), { product: p.id, on_hand: 3, reserved: 2 }] });
      expect(outcomes[1]).toMatchObject({ failure: { code: 'insufficient_stock', details: { product: p.id, available: 1, requested: 2, index: 1 } } });
      expect(outcomes[1]).toMatchObject({ failure: { details: { shortages: [expect.objectContaining({ product: p.id })] } } });
      expect(outcomes[2]).toMatchObject({ results: [expect.any(String), { product: p.id, on_hand: 3, reserved: 3 }] });
      const markers = (await pb().collection('order_events').getFullList({ filter: "type ~ 'g_'" })).map((e) => e.type).sort();
      expect(markers).toEqual(['g_first', 'g_last']);
      expect(await ledger(p.id)).toEqual({ on_hand: 3, reserved: 3 });
    });

    it('names every short line of a refused unit', async () => {
      const a = await stocked(1);
      const b = await stocked(5);
      const c = await stocked(0);
      const unit: TxOp[] = [
        { op: 'stock', product: a.id, delta_reserved: 2, reason: 'order_placed' },
        { op: 'stock', product: b.id, delta_reserved: 2, reason: 'order_placed' },
        { op: 'stock', product: c.id, delta_reserved: 1, reason: 'order_placed' }
      ];
      const res = (await sendUnits([unit])) as Extract<GroupResponse, { outcomes: unknown }>;
      expect(res.outcomes[0]).toMatchObject({
        failure: { code: 'insufficient_stock', details: { product: a.id, shortages: [{ product: a.id, available: 1, requested: 2, index: 0 }, { product: c.id, available: 0, requested: 1, index: 2 }] } }
      });
      expect(await ledger(b.id)).toEqual({ on_hand: 5, reserved: 0 });
    });

    it('refuses a unit whose product changed (precondition) before it writes', async () => {
      const p = await stocked(5);
      const unit: TxOp[] = [
        { op: 'create', collection: 'order_events', body: { order: (await createOrder()).order.id, type: 'g_stale' } },
        { op: 'stock', product: p.id, delta_reserved: 1, reason: 'order_placed', expect: { price_cents: p.price_cents + 1 } }
      ];
      const res = (await sendUnits([unit])) as Extract<GroupResponse, { outcomes: unknown }>;
      expect(res.outcomes[0]).toMatchObject({ failure: { code: 'precondition_failed', details: { field: 'price_cents', index: 1 } } });
      expect(await pb().collection('order_events').getFullList({ filter: "type = 'g_stale'" })).toHaveLength(0);
    });

    it('any other failure rolls the whole group back and names the unit', async () => {
      const p = await stocked(5);
      const ok = await withOrder(reserve(p.id, 1, 'g_rolled_back'));
      const invalid: TxOp[] = [{ op: 'create', collection: 'order_events', body: { type: 'g_orphan' } }];
      const res = await sendUnits([ok, invalid]);
      expect(res).toMatchObject({ aborted: { unit: 1, failure: { code: 'invalid' } } });
      expect(await pb().collection('order_events').getFullList({ filter: "type ~ 'g_rolled_back' || type = 'g_orphan'" })).toHaveLength(0);
      expect(await ledger(p.id)).toEqual({ on_hand: 5, reserved: 0 });
    });

    it('GroupCommit over PocketBase: 25 concurrent reservations for 7 units, grouped, never oversold', async () => {
      for (let round = 0; round < 3; round++) {
        const p = await stocked(7);
        const gc = new GroupCommit(1, 64);
        const outcome = await Promise.all(
          Array.from({ length: 25 }, () => commitOne((u) => u.stock({ product: p.id, delta_reserved: 1, reason: 'order_placed' }), gc).then(() => 'ok', (e: TxFailure) => e.code))
        );
        expect(gc.stats.groups).toBeLessThan(25);
        expect(outcome.filter((o) => o === 'ok')).toHaveLength(7);
        expect(outcome.filter((o) => o !== 'ok').every((o) => o === 'insufficient_stock')).toBe(true);
        expect(await pb().collection('products').getOne<ProductRecord>(p.id)).toMatchObject({ on_hand: 7, reserved: 7 });
        expect(await ledger(p.id)).toEqual({ on_hand: 7, reserved: 7 });
      }
    });
  });
}
