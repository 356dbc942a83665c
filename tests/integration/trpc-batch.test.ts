// Issue #12 finding 4: tRPC batching multiplied anonymous work (one GET ran shop.products
// 300 times). A batch over the limit is refused with a 400 before any procedure runs;
// anonymous callers get smaller batches; shop.products is shared briefly and rate-limited.
import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { StaffSession as Session } from '../../src/lib/server/auth/sessions';
import { forgetShopProducts } from '../../src/lib/server/shop/products-cache';
import { GET, POST } from '../../src/routes/api/trpc/[...trpc]/+server';
import { CookieJar, anonymousCaller, signedInCaller } from '../support/caller';
import { createStaff, createStockedProduct } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

let productId: string;
let staffSession: Session;
beforeAll(async () => {
  productId = (await createStockedProduct(1000)).id;
  const { staff, password } = await createStaff('office');
  staffSession = (await signedInCaller(staff.email, password)).session;
});
afterEach(() => forgetShopProducts());

let ipSeq = 0;
/** The route's handler with a request as the browser sends it, from an address of its own. */
function call(handler: typeof GET, request: Request, session: Session | null = null) {
  const ip = `198.51.100.${++ipSeq}`;
  const event = { request, url: new URL(request.url), locals: { session }, cookies: new CookieJar(), getClientAddress: () => ip };
  return handler(event as unknown as Parameters<typeof GET>[0]);
}

const batchGet = (path: string, n: number) =>
  new Request(`http://localhost/api/trpc/${Array(n).fill(path).join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`);

const placeInput = (i: number) => ({
  json: {
    idempotencyKey: `batch-test-${Date.now()}-${i}-${Math.random()}`,
    name: 'Batch Tester',
    email: 'batch@example.com',
    fulfilmentMethod: 'collect',
    paymentMethod: 'online_banking',
    locale: 'en',
    lines: [{ productId, qty: 1 }]
  }
});
const countOrders = async () => (await pb().collection('orders').getList(1, 1)).totalItems;

describe('issue #12 finding 4: tRPC batch limits', () => {
  it('refuses a 300-call batch of shop.products with a clear 400', async () => {
    const res = await call(GET, batchGet('shop.products', 300));
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('Batch call exceeds maximum size');
  });

  it('a 300-call batch of placeOrder runs nothing: no order is written', async () => {
    const before = await countOrders();
    const body = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [String(i), placeInput(i)]));
    const res = await call(
      POST,
      new Request(`http://localhost/api/trpc/${Array(300).fill('shop.placeOrder').join(',')}?batch=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    );
    expect(res.status).toBe(400);
    expect(await countOrders()).toBe(before);
  });

  it('anonymous callers batch up to 4 calls, signed-in staff up to 10', async () => {
    expect((await call(GET, batchGet('shop.products', 4))).status).toBe(200);
    expect((await call(GET, batchGet('shop.products', 5))).status).toBe(400);
    expect((await call(GET, batchGet('auth.me', 10), staffSession)).status).toBe(200);
    expect((await call(GET, batchGet('auth.me', 11), staffSession)).status).toBe(400);
  });
});

describe('issue #12 finding 4: shop.products is shared briefly and rate-limited (F01)', () => {
  it('concurrent and quick repeat calls share one answer; a product change shows once it is forgotten', async () => {
    const shopper = anonymousCaller(undefined, '203.0.113.1');
    const [a, b] = await Promise.all([shopper.shop.products(), shopper.shop.products()]);
    expect(a.products).toBe(b.products);
    expect((await shopper.shop.products()).products).toBe(a.products);
    forgetShopProducts();
    const added = await createStockedProduct(3, { name: 'Aaa fresh tea' });
    expect((await shopper.shop.products()).products.some((p) => p.id === added.id)).toBe(true);
  });

  it('limits shop.products per address', async () => {
    const sameAddress = anonymousCaller(undefined, '203.0.113.2');
    const outcomes: string[] = [];
    for (let i = 0; i < 121; i++) outcomes.push(await sameAddress.shop.products().then(() => 'ok', (e: { code: string }) => e.code));
    expect(outcomes.slice(0, 120).every((o) => o === 'ok')).toBe(true);
    expect(outcomes[120]).toBe('TOO_MANY_REQUESTS');
    expect(await anonymousCaller(undefined, '203.0.113.3').shop.products()).toBeTruthy();
  });
});
