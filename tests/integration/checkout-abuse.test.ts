// Issue #12, finding 3 (F01, F03): one anonymous order must not take the shop's stock. A web
// order carries a solved proof of work (ALTCHA), good for one checkout; it may hold at most
// `maxUnitsPerLine` of a product and be worth at most `maxOrderCents` (settings, managers).
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { ProductRecord } from '../../src/lib/server/pocketbase/records';
import { checkoutLimitsSetting, DEFAULT_CHECKOUT_LIMITS } from '../../src/lib/server/shop/limits';
import { anonymousCaller, signedInCaller } from '../support/caller';
import { createStaff, createStockedProduct } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { proven, solve } from '../support/shop';
import { stockInvariantViolations } from './stock-invariants';

usePocketBase();

let ip = 0;
const shopper = () => anonymousCaller(undefined, `10.44.${Math.floor(++ip / 250)}.${ip % 250}`);
type PlaceInput = Parameters<ReturnType<typeof shopper>['shop']['placeOrder']>[0];
const input = (lines: PlaceInput['lines'], over: Partial<PlaceInput> = {}): PlaceInput => ({
  idempotencyKey: randomUUID(),
  name: 'Bulk Buyer',
  email: 'bulk@example.com',
  fulfilmentMethod: 'collect',
  paymentMethod: 'cheque',
  locale: 'en',
  lines,
  ...over
});
const countOrders = async () => (await pb().collection('orders').getList(1, 1)).totalItems;
const reserved = async (id: string) => (await pb().collection('products').getOne<ProductRecord>(id)).reserved;
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: TRPCError & { cause?: { key?: string; params?: Record<string, unknown> } }) => ({ code: e.code, key: e.cause?.key, params: e.cause?.params ?? {}, message: e.message })
  );

let manager: Awaited<ReturnType<typeof signedInCaller>>['caller'];
beforeAll(async () => {
  const { staff, password } = await createStaff('manager');
  manager = (await signedInCaller(staff.email, password)).caller;
});
afterEach(async () => {
  await checkoutLimitsSetting.save(DEFAULT_CHECKOUT_LIMITS);
  delete process.env.SHOP_CHALLENGE;
});

describe('the proof of work (issue #12, finding 3)', () => {
  it('an order without a solved challenge, or with a wrong solution, is refused and changes nothing', async () => {
    const p = await createStockedProduct(10);
    const before = await countOrders();
    expect(await refusal(shopper().shop.placeOrder(input([{ productId: p.id, qty: 1 }])))).toMatchObject({ code: 'BAD_REQUEST', key: 'shop.errors.challenge', params: { fields: { proof: 'missing' } } });
    const good = await proven(input([{ productId: p.id, qty: 1 }]));
    const key = good.proof!.solution.derivedKey;
    const wrong = { ...good, proof: { ...good.proof!, solution: { ...good.proof!.solution, derivedKey: key.slice(0, -1) + (key.endsWith('0') ? '1' : '0') } } };
    expect(await refusal(shopper().shop.placeOrder(wrong))).toMatchObject({ key: 'shop.errors.challenge', params: { fields: { proof: 'invalid' } } });
    const forged = { ...good, proof: { ...good.proof!, challenge: { ...good.proof!.challenge, parameters: { ...good.proof!.challenge.parameters, expiresAt: 9_999_999_999 } } } };
    expect(await refusal(shopper().shop.placeOrder(forged))).toMatchObject({ key: 'shop.errors.challenge', params: { fields: { proof: 'invalid' } } });
    expect(await countOrders()).toBe(before);
    expect(await reserved(p.id)).toBe(0);
    // the honest one still goes through
    expect(await shopper().shop.placeOrder(good)).toMatchObject({ status: 'placed' });
  });

  it('a solution is good for one checkout: its retries pass, another order with it is refused', async () => {
    const p = await createStockedProduct(10);
    const first = await proven(input([{ productId: p.id, qty: 1 }]));
    const placed = await shopper().shop.placeOrder(first);
    expect(await shopper().shop.placeOrder(first)).toEqual(placed);
    const reuse = { ...input([{ productId: p.id, qty: 1 }]), proof: first.proof };
    expect(await refusal(shopper().shop.placeOrder(reuse))).toMatchObject({ key: 'shop.errors.challenge', params: { fields: { proof: 'used' } } });
    expect(await reserved(p.id)).toBe(1);
  });

  it('a challenge runs out after 20 minutes', async () => {
    const p = await createStockedProduct(10);
    const late = await proven(input([{ productId: p.id, qty: 1 }]));
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now + 21 * 60_000);
    try {
      expect(await refusal(shopper().shop.placeOrder(late))).toMatchObject({ key: 'shop.errors.challenge', params: { fields: { proof: 'expired' } } });
    } finally {
      clock.mockRestore();
    }
  });

  it('challenges are signed by this shop: one from another secret does not pass', async () => {
    const { createChallenge } = await import('altcha-lib');
    const { deriveKey } = await import('altcha-lib/algorithms/sha');
    const foreign = await createChallenge({ algorithm: 'SHA-256', cost: 1, counter: 7, deriveKey, hmacSignatureSecret: 'not-this-shop', hmacKeySignatureSecret: 'nor-this', expiresAt: Math.floor(Date.now() / 1000) + 600 });
    const p = await createStockedProduct(10);
    const order = { ...input([{ productId: p.id, qty: 1 }]), proof: await solve(foreign) };
    expect(await refusal(shopper().shop.placeOrder(order))).toMatchObject({ key: 'shop.errors.challenge', params: { fields: { proof: 'invalid' } } });
  });

  it('SHOP_CHALLENGE=off asks for none', async () => {
    process.env.SHOP_CHALLENGE = 'off';
    expect(await shopper().shop.challenge()).toBeNull();
    const p = await createStockedProduct(10);
    expect(await shopper().shop.placeOrder(input([{ productId: p.id, qty: 1 }]))).toMatchObject({ status: 'placed' });
  });
});

describe('limits on one web order (issue #12, finding 3)', () => {
  it('refuses a line over the per-product limit, named like a stock problem, in the cart check too', async () => {
    const p = await createStockedProduct(1000, { name: 'Bulk tea' });
    const before = await countOrders();
    const err = await refusal(shopper().shop.placeOrder(await proven(input([{ productId: p.id, qty: 20 }, { productId: p.id, qty: 6 }]))));
    expect(err).toMatchObject({ code: 'BAD_REQUEST', key: 'orderflow.errors.lines_refused', params: { lines: [{ productId: p.id, problem: 'over_limit', requested: 26, available: 25, name: 'Bulk tea' }] } });
    expect(await countOrders()).toBe(before);
    expect(await reserved(p.id)).toBe(0);
    const check = await shopper().shop.checkStock({ lines: [{ productId: p.id, qty: 26 }] });
    expect(check).toMatchObject({ ok: false, problems: [{ problem: 'over_limit', available: 25 }] });
    expect(await shopper().shop.placeOrder(await proven(input([{ productId: p.id, qty: 25 }])))).toMatchObject({ status: 'placed' });
  });

  it('refuses an unpaid web order worth more than the limit, naming the limit; phone orders have none', async () => {
    const p = await createStockedProduct(1000, { price_cents: 40_000 });
    const err = await refusal(shopper().shop.placeOrder(await proven(input([{ productId: p.id, qty: 8 }]))));
    expect(err).toMatchObject({ code: 'BAD_REQUEST', key: 'shop.errors.order_too_large', params: { maxCents: 300_000, currency: 'EUR' } });
    expect(await reserved(p.id)).toBe(0);
    expect(await shopper().shop.placeOrder(await proven(input([{ productId: p.id, qty: 7 }])))).toMatchObject({ status: 'placed', totalCents: 280_000 });
  });

  it('managers change the limits with a message per field; a wrong value changes nothing', async () => {
    const p = await createStockedProduct(1000, { price_cents: 100 });
    const bad = await refusal(manager.shop.saveLimits({ maxUnitsPerLine: 0, maxOrderCents: 50 }));
    expect(bad?.code).toBe('BAD_REQUEST');
    expect((await manager.shop.limits()).limits).toEqual(DEFAULT_CHECKOUT_LIMITS);
    expect(await manager.shop.saveLimits({ maxUnitsPerLine: 3, maxOrderCents: null })).toEqual({ maxUnitsPerLine: 3, maxOrderCents: null });
    expect(await refusal(shopper().shop.placeOrder(await proven(input([{ productId: p.id, qty: 4 }]))))).toMatchObject({ params: { lines: [{ problem: 'over_limit', available: 3 }] } });
    expect(await shopper().shop.placeOrder(await proven(input([{ productId: p.id, qty: 3 }])))).toMatchObject({ status: 'placed' });
  });

  it('forty anonymous orders at once each stay within the limits, and stock matches the ledger', async () => {
    const p = await createStockedProduct(5000, { price_cents: 1000 });
    const orders = await Promise.all(Array.from({ length: 40 }, (_, i) => proven(input([{ productId: p.id, qty: i % 2 ? 25 : 30 }]))));
    const results = await Promise.all(orders.map((o) => shopper().shop.placeOrder(o).then(() => 'placed', (e: TRPCError) => e.code)));
    expect(results.filter((r) => r === 'placed')).toHaveLength(20);
    expect(await reserved(p.id)).toBe(20 * 25);
    expect(await stockInvariantViolations()).toEqual([]);
  });
});
