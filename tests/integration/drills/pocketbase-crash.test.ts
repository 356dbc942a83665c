// Fault drill (issue #12, "Prove it"; ASVS 2.3.3 and 2.3.4): PocketBase is killed with SIGKILL
// in the middle of a checkout rush, some shoppers retrying with the same idempotency key, and
// started again on the same data dir. Afterwards every order is all-or-nothing (all its lines,
// its first event and its reservations, or nothing), stock equals the ledger, and no
// idempotency key has two orders.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pb } from '../../../src/lib/server/pocketbase/client';
import type { ProductRecord } from '../../../src/lib/server/pocketbase/records';
import { anonymousCaller } from '../../support/caller';
import { proven } from '../../support/shop';
import { createStockedProduct } from '../../support/factories';
import { crashAndRestartPocketBase, usePocketBase } from '../../support/pocketbase';
import { stockInvariantViolations } from '../stock-invariants';

const env = usePocketBase();
const ORDERS = 80;

type Outcome = { key: string; id: string | null; error: string | null };

async function place(key: string, i: number, products: ProductRecord[]): Promise<Outcome> {
  try {
    const order = await anonymousCaller(undefined, `10.13.${Math.floor(i / 200)}.${i % 200}`).shop.placeOrder(
      await proven({
        idempotencyKey: key,
        name: 'Drill Shopper',
        email: `crash${i}@example.com`,
        fulfilmentMethod: 'collect',
        paymentMethod: 'card',
        locale: 'en',
        lines: products.map((p, n) => ({ productId: p.id, qty: 1 + n }))
      })
    );
    return { key, id: order.id, error: null };
  } catch (e) {
    return { key, id: null, error: (e as Error).message };
  }
}

describe('drill: kill -9 PocketBase mid checkout rush, restart on the same data dir (issue #12, F03)', () => {
  it('orders are all-or-nothing, stock equals the ledger, retried keys give one order', async () => {
    const products = [await createStockedProduct(5000), await createStockedProduct(5000), await createStockedProduct(5000)];
    const keys = Array.from({ length: ORDERS }, () => randomUUID());
    let settled = 0;
    let crash: Promise<void> | null = null;
    // every fourth shopper's browser sends the same checkout twice at once (a double click, a
    // retry); the kill comes from the response that completes the first quarter, at that moment
    const rush = keys.flatMap((key, i) =>
      (i % 4 === 0 ? [key, key] : [key]).map((k) =>
        place(k, i, products).finally(() => {
          if (++settled === ORDERS / 4) crash = crashAndRestartPocketBase(env);
        })
      )
    );
    const first = await Promise.all(rush);
    await crash;
    expect(first.some((o) => o.error)).toBe(true); // the crash did hit checkouts in flight

    // the shoppers whose checkout failed, and a few whose checkout worked, try again with the same key
    const retried = await Promise.all(keys.map((key, i) => (first.some((o) => o.key === key && o.id) && i % 3 !== 0 ? null : place(key, i, products))));
    for (const [i, r] of retried.entries()) {
      if (!r) continue;
      expect(r.error).toBeNull();
      const earlier = first.filter((o) => o.key === keys[i] && o.id).map((o) => o.id);
      for (const id of earlier) expect(r.id).toBe(id); // the same order, not a second one
    }

    const orders = await pb().collection('orders').getFullList<{ id: string; idempotency_key: string }>({ fields: 'id,idempotency_key', batch: 1000 });
    expect(new Set(orders.map((o) => o.idempotency_key)).size).toBe(orders.length);
    expect(orders.map((o) => o.idempotency_key).sort()).toEqual([...keys].sort());

    const [lines, events, movements] = await Promise.all([
      pb().collection('order_lines').getFullList<{ id: string; order: string; product: string; qty: number }>({ batch: 1000 }),
      pb().collection('order_events').getFullList<{ order: string }>({ batch: 1000 }),
      pb().collection('stock_movements').getFullList<{ order: string; order_line: string; reason: string; delta_reserved: number }>({ batch: 1000 })
    ]);
    const orderIds = new Set(orders.map((o) => o.id));
    for (const id of orderIds) {
      const own = lines.filter((l) => l.order === id);
      expect(own.map((l) => [l.product, l.qty]).sort()).toEqual(products.map((p, n) => [p.id, 1 + n]).sort());
      expect(events.some((e) => e.order === id)).toBe(true);
      const reserved = movements.filter((m) => m.order === id && m.reason === 'order_placed');
      expect(reserved.map((m) => m.order_line).sort()).toEqual(own.map((l) => l.id).sort());
    }
    // nothing half-written belongs to an order that does not exist
    for (const row of [...lines, ...events, ...movements.filter((m) => m.order)]) expect(orderIds.has(row.order)).toBe(true);
    expect(await stockInvariantViolations(products.map((p) => p.id))).toEqual([]);
  }, 90_000);
});
