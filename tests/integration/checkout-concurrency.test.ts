// F03: never oversold. Many shoppers at once compete for a few units; exactly that many are
// reserved, availability never goes below zero and the ledger always matches the products.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { ProductRecord } from '../../src/lib/server/pocketbase/records';
import { createStockedProduct } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { stockInvariantViolations } from './stock-invariants';

import { anonymousCaller } from '../support/caller';
import { proven } from '../support/shop';
import { checkoutCommits } from '../../src/lib/server/orders/place';

usePocketBase();

let ip = 0;
const place = async (lines: { productId: string; qty: number }[]) => {
  const caller = anonymousCaller(undefined, `10.9.${Math.floor(++ip / 250)}.${ip % 250}`);
  const input = await proven({ idempotencyKey: randomUUID(), name: 'Shopper', email: `shopper${ip}@example.com`, fulfilmentMethod: 'collect' as const, paymentMethod: 'card' as const, locale: 'en' as const, lines });
  return caller.shop
    .placeOrder(input)
    .then(
      (o) => ({ ok: true as const, id: o.id }),
      (e: TRPCError) => ({ ok: false as const, code: e.code, lines: (e.cause as { params?: { lines?: unknown[] } })?.params?.lines })
    );
};

const reserved = async (id: string) => (await pb().collection('products').getOne<ProductRecord>(id)).reserved;

// Both ways checkouts reach PocketBase: grouped several to a transaction (the default), and
// each in its own transaction with all of them in flight at once (PocketBase serialises them).
const modes = [
  { mode: 'grouped into shared transactions', inFlight: 1, units: 64, grouped: true },
  { mode: 'one transaction each, all at once', inFlight: 1000, units: 1, grouped: false }
];

describe.each(modes)('never oversold (F03): $mode', ({ inFlight, units, grouped }) => {
  const before = checkoutCommits.limits;
  beforeAll(() => checkoutCommits.setLimits(inFlight, units));
  afterAll(() => checkoutCommits.setLimits(before.maxInFlight, before.maxUnits));
  beforeEach(() => Object.assign(checkoutCommits.stats, { groups: 0, units: 0 }));
  afterEach(() => {
    // the mode really was the one named
    if (grouped) expect(checkoutCommits.stats.groups).toBeLessThan(checkoutCommits.stats.units);
    else expect(checkoutCommits.stats.groups).toBe(checkoutCommits.stats.units);
  });

  it('N concurrent checkouts for K < N units: exactly K reserved, round after round', async () => {
    const N = 30;
    const K = 7;
    for (let round = 0; round < 3; round++) {
      const scarce = await createStockedProduct(K);
      const outcomes = await Promise.all(Array.from({ length: N }, () => place([{ productId: scarce.id, qty: 1 }])));
      expect(outcomes.filter((o) => o.ok)).toHaveLength(K);
      const refused = outcomes.filter((o) => !o.ok);
      expect(refused).toHaveLength(N - K);
      expect(refused.every((o) => !o.ok && o.code === 'CONFLICT' && o.lines?.length === 1)).toBe(true);
      expect(await reserved(scarce.id)).toBe(K);
      const held = await pb().collection('order_lines').getFullList({ filter: `product = '${scarce.id}'` });
      expect(held.reduce((s, l) => s + l.qty, 0)).toBe(K);
      expect(await stockInvariantViolations([scarce.id])).toEqual([]);
    }
  });

  it('multi-line orders racing for one scarce product: losers reserve nothing on any line', async () => {
    const plenty = await createStockedProduct(1000);
    const other = await createStockedProduct(1000);
    const scarce = await createStockedProduct(5);
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        place([
          { productId: plenty.id, qty: 2 },
          { productId: other.id, qty: 1 },
          { productId: scarce.id, qty: 1 + (i % 2) }
        ])
      )
    );
    const won = outcomes.filter((o) => o.ok).map((o) => (o as { id: string }).id);
    const wonLines = won.length ? await pb().collection('order_lines').getFullList({ filter: won.map((id) => `order = '${id}'`).join(' || ') }) : [];
    const sum = (pid: string) => wonLines.filter((l) => l.product === pid).reduce((s, l) => s + l.qty, 0);
    expect(sum(scarce.id)).toBeLessThanOrEqual(5);
    expect(await reserved(scarce.id)).toBe(sum(scarce.id));
    // every winning order holds all three of its lines; the losers hold nothing
    expect(await reserved(plenty.id)).toBe(2 * won.length);
    expect(await reserved(other.id)).toBe(won.length);
    expect(sum(plenty.id)).toBe(2 * won.length);
    expect(await stockInvariantViolations([plenty.id, other.id, scarce.id])).toEqual([]);
  });
});
