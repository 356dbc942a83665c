// The public checkout (F01, F02, F03) through the real tRPC procedures and PocketBase.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import type { OrderLineRecord, OrderRecord, ProductRecord } from '../../src/lib/server/pocketbase/records';
import { configureSandbox } from '../../src/lib/server/sandbox';
import { forgetShopSettings } from '../../src/lib/server/shop/settings';
import { anonymousCaller } from '../support/caller';
import { createStockedProduct } from '../support/factories';
import { proven } from '../support/shop';
import { usePocketBase } from '../support/pocketbase';
import { stockInvariantViolations } from './stock-invariants';

usePocketBase();

let ipSeq = 0;
/** a shopper from their own address, so the per-address limit does not interfere */
const shopper = () => anonymousCaller(undefined, `10.0.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`);
type PlaceInput = Parameters<ReturnType<typeof shopper>['shop']['placeOrder']>[0];
/** places as the shop front does: with a solved proof of work */
const placeAs = async (caller: ReturnType<typeof shopper>, input: PlaceInput) => caller.shop.placeOrder(await proven(input));

const order = (lines: PlaceInput['lines'], over: Partial<PlaceInput> = {}): PlaceInput => ({
  idempotencyKey: randomUUID(),
  name: 'Jürgen Weiß',
  email: 'juergen@example.de',
  fulfilmentMethod: 'ship',
  shippingAddress: { name: 'Jürgen Weiß', street: 'Königsallee 3', postcode: '40212', city: 'Düsseldorf', country: 'de' },
  paymentMethod: 'online_banking',
  locale: 'de',
  lines,
  ...over
});

const product = (id: string) => pb().collection('products').getOne<ProductRecord>(id);
const countOrders = async () => (await pb().collection('orders').getList(1, 1)).totalItems;
const failure = (p: Promise<unknown>) => p.then(() => null, (e) => e as TRPCError & { cause: { key: string; params: Record<string, unknown>; issues?: { path: string[] }[] } });

beforeAll(async () => {
  await pb().collection('settings').create({ key: 'shop', value: { name: 'Teehaus', email: 'shop@example.com', currency: 'EUR', locale: 'de' } });
  await pb().collection('settings').create({ key: 'shipping', value: { flatCents: 495, freeFromCents: 5000, collectCents: 0 } });
  forgetShopSettings();
});

describe('placing an order', () => {
  it('computes totals from server prices (client prices ignored), snapshots lines, reserves, queues the merchant mail and the customer confirmation', async () => {
    const tea = await createStockedProduct(10, { price_cents: 899, tax_rate_bp: 700, name: 'Assam, 250 g' });
    const pot = await createStockedProduct(5, { price_cents: 2490, tax_rate_bp: 1900, name: 'Glaskanne' });
    const input = order([
      { productId: tea.id, qty: 2, unitPriceCents: 1 } as PlaceInput['lines'][number],
      { productId: pot.id, qty: 1 }
    ]);
    const placed = await placeAs(shopper(), input);

    const stored = await pb().collection('orders').getOne<OrderRecord>(placed.id);
    // 2 x 8.99 + 24.90 = 42.88 < 50.00: shipping 4.95, taxed at the rate of most of the goods (19 %)
    expect(stored).toMatchObject({
      number: placed.number, channel: 'web', status: 'placed', payment_status: 'unpaid', fulfilment_status: 'unfulfilled',
      subtotal_cents: 4288, shipping_cents: 495, total_cents: 4783, currency: 'EUR', customer_name: 'Jürgen Weiß',
      shipping_address: { country: 'DE', city: 'Düsseldorf' }, idempotency_key: input.idempotencyKey, version: 1
    });
    // 7 %: 1798 gross -> 118 tax; 19 %: 2490 + 495 = 2985 gross -> 477 tax
    expect(stored.tax_cents).toBe(118 + 477);
    expect(placed).toEqual({ id: stored.id, number: stored.number, status: 'placed', totalCents: 4783, currency: 'EUR', paymentMethod: 'online_banking', trackingToken: stored.tracking_token, payToken: stored.pay_token });
    // the pay link has its own token (issue #12, finding 1)
    expect(stored.pay_token).not.toBe(stored.tracking_token);
    expect(Buffer.from(stored.pay_token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(Buffer.from(stored.tracking_token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(stored.tracking_token).not.toContain(stored.id);
    expect(stored.customer).not.toBe('');

    const lines = await pb().collection('order_lines').getFullList<OrderLineRecord>({ filter: `order = '${placed.id}'`, sort: 'position' });
    expect(lines.map((l) => [l.sku, l.name, l.unit_price_cents, l.tax_rate_bp, l.qty])).toEqual([
      [tea.sku, 'Assam, 250 g', 899, 700, 2],
      [pot.sku, 'Glaskanne', 2490, 1900, 1]
    ]);
    expect(await product(tea.id)).toMatchObject({ on_hand: 10, reserved: 2 });
    expect(await product(pot.id)).toMatchObject({ on_hand: 5, reserved: 1 });

    const events = await pb().collection('order_events').getFullList({ filter: `order = '${placed.id}'` });
    expect(events.map((e) => [e.type, e.actor_label, e.data.total_cents])).toEqual([['placed', 'customer', 4783]]);
    const mails = await pb().collection('outbox').getFullList({ filter: `kind = 'email' && order = '${placed.id}'` });
    const byTopic = Object.fromEntries(mails.map((m) => [m.topic, m]));
    expect(Object.keys(byTopic).sort()).toEqual(['order_confirmation', 'order_placed_merchant']);
    expect(byTopic.order_placed_merchant).toMatchObject({ recipient: 'shop@example.com', payload: { data: { number: placed.number } } });
    expect(byTopic.order_confirmation).toMatchObject({ recipient: input.email, payload: { locale: input.locale, data: { orderId: placed.id } } });
    const reservedAt = (await pb().collection('stock_movements').getFullList({ filter: `order = '${placed.id}'` })).map((m) => m.created as string);
    expect(reservedAt.every((c) => c >= mails[0].created)).toBe(true);
    expect(await stockInvariantViolations([tea.id, pot.id])).toEqual([]);
  });

  it('ships free from the threshold, and Click & Collect needs no address', async () => {
    const pot = await createStockedProduct(5, { price_cents: 2500 });
    const free = await placeAs(shopper(), order([{ productId: pot.id, qty: 2 }]));
    expect(free.totalCents).toBe(5000);
    const collect = await placeAs(shopper(), order([{ productId: pot.id, qty: 1 }], { fulfilmentMethod: 'collect', shippingAddress: undefined }));
    expect(await pb().collection('orders').getOne(collect.id)).toMatchObject({ fulfilment_method: 'collect', shipping_cents: 0, total_cents: 2500, shipping_address: null });
  });

  it('numbers orders one after the other', async () => {
    const p = await createStockedProduct(10);
    const a = await placeAs(shopper(), order([{ productId: p.id, qty: 1 }]));
    const b = await placeAs(shopper(), order([{ productId: p.id, qty: 1 }]));
    expect(b.number).toBe(a.number + 1);
  });
});

describe('prices from the cached catalogue', () => {
  it('a price change or a product taken off sale right after an order applies to the next order at once', async () => {
    const p = await createStockedProduct(10, { price_cents: 1000, name: 'Sencha' });
    const first = await placeAs(shopper(), order([{ productId: p.id, qty: 1 }], { fulfilmentMethod: 'collect', shippingAddress: undefined }));
    expect(first.totalCents).toBe(1000);
    await pb().collection('products').update(p.id, { price_cents: 1200 });
    const second = await placeAs(shopper(), order([{ productId: p.id, qty: 1 }], { fulfilmentMethod: 'collect', shippingAddress: undefined }));
    expect(second.totalCents).toBe(1200);
    expect((await pb().collection('order_lines').getFirstListItem(`order = '${second.id}'`)).unit_price_cents).toBe(1200);

    await pb().collection('products').update(p.id, { active: false });
    const err = await failure(placeAs(shopper(), order([{ productId: p.id, qty: 1 }])));
    expect(err?.cause.params.lines).toEqual([expect.objectContaining({ productId: p.id, problem: 'inactive' })]);
    expect(await product(p.id)).toMatchObject({ reserved: 2 });
    expect(await stockInvariantViolations([p.id])).toEqual([]);
  });

  it('stock that came in after the copy was made is sold, not refused', async () => {
    const p = await createStockedProduct(1);
    await placeAs(shopper(), order([{ productId: p.id, qty: 1 }]));
    const { commitOne } = await import('../../src/lib/server/pocketbase/tx');
    await commitOne((uow) => uow.stock({ product: p.id, delta_on_hand: 5, reason: 'adjustment' }));
    const again = await placeAs(shopper(), order([{ productId: p.id, qty: 3 }]));
    expect(again.status).toBe('placed');
    expect(await product(p.id)).toMatchObject({ on_hand: 6, reserved: 4 });
  });
});

describe('the same idempotency key', () => {
  it('returns the same order when retried, and when the requests race', async () => {
    const p = await createStockedProduct(20);
    const input = order([{ productId: p.id, qty: 2 }]);
    const first = await placeAs(shopper(), input);
    expect(await placeAs(shopper(), input)).toEqual(first);

    const racing = order([{ productId: p.id, qty: 3 }]);
    const results = await Promise.all(Array.from({ length: 8 }, () => placeAs(shopper(), racing)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect((await pb().collection('orders').getFullList({ filter: `idempotency_key = '${racing.idempotencyKey}'` })).length).toBe(1);
    expect(await product(p.id)).toMatchObject({ reserved: 5 });
    expect(await stockInvariantViolations([p.id])).toEqual([]);
  });

  it('a retry after its own order took the last units still gets that order, not a refusal', async () => {
    const p = await createStockedProduct(2);
    const input = order([{ productId: p.id, qty: 2 }]);
    const first = await placeAs(shopper(), input);
    expect(await product(p.id)).toMatchObject({ on_hand: 2, reserved: 2 });
    expect(await placeAs(shopper(), input)).toEqual(first);
    expect(await product(p.id)).toMatchObject({ reserved: 2 });
  });
});

describe('lines that cannot be served (F01)', () => {
  it('refuses a multi-line order with one short line: per-line message, nothing reserved, no order', async () => {
    const plenty = await createStockedProduct(10, { name: 'Rooibos' });
    const scarce = await createStockedProduct(2, { name: 'Gusseisenkanne' });
    const before = await countOrders();
    const check = await shopper().shop.checkStock({ lines: [{ productId: plenty.id, qty: 1 }, { productId: scarce.id, qty: 3 }] });
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual([{ productId: scarce.id, problem: 'not_enough', sku: scarce.sku, name: 'Gusseisenkanne', requested: 3, available: 2 }]);

    const err = await failure(placeAs(shopper(), order([{ productId: plenty.id, qty: 4 }, { productId: scarce.id, qty: 3 }])));
    expect(err?.code).toBe('CONFLICT');
    expect(err?.message).toContain('Gusseisenkanne: 3 requested, only 2 available');
    expect(err?.cause.params.lines).toEqual([{ productId: scarce.id, problem: 'not_enough', sku: scarce.sku, name: 'Gusseisenkanne', requested: 3, available: 2 }]);
    expect(await countOrders()).toBe(before);
    expect(await product(plenty.id)).toMatchObject({ on_hand: 10, reserved: 0 });
    expect(await product(scarce.id)).toMatchObject({ on_hand: 2, reserved: 0 });
  });

  it('names every short line, judged on the real stock even when the copy checkout holds is older', async () => {
    const a = await createStockedProduct(3, { name: 'Teeschale' });
    const b = await createStockedProduct(1, { name: 'Bambusbesen' });
    const c = await createStockedProduct(9, { name: 'Teedose' });
    // checkout's copy of the catalogue now says there is plenty
    expect(await placeAs(shopper(), order([{ productId: a.id, qty: 1 }, { productId: b.id, qty: 1 }, { productId: c.id, qty: 1 }]))).toMatchObject({ status: 'placed' });
    const err = await failure(placeAs(shopper(), order([{ productId: a.id, qty: 3 }, { productId: b.id, qty: 1 }, { productId: c.id, qty: 2 }])));
    expect(err?.code).toBe('CONFLICT');
    expect(err?.cause.params.lines).toEqual([
      { productId: a.id, problem: 'not_enough', sku: a.sku, name: 'Teeschale', requested: 3, available: 2 },
      { productId: b.id, problem: 'not_enough', sku: b.sku, name: 'Bambusbesen', requested: 1, available: 0 }
    ]);
    expect(await product(c.id)).toMatchObject({ reserved: 1 });
  });

  it('refuses unknown and inactive products, each named, and changes nothing', async () => {
    const gone = await createStockedProduct(5, { active: false, name: 'Altes Sieb' });
    const ok = await createStockedProduct(5);
    const before = await countOrders();
    const err = await failure(placeAs(shopper(), order([{ productId: ok.id, qty: 1 }, { productId: gone.id, qty: 1 }, { productId: 'nosuchproduct00', qty: 1 }])));
    expect(err?.code).toBe('BAD_REQUEST');
    expect((err?.cause.params.lines as { problem: string }[]).map((l) => l.problem)).toEqual(['inactive', 'unknown']);
    expect(await countOrders()).toBe(before);
    expect(await product(ok.id)).toMatchObject({ reserved: 0 });
  });

  it.each([
    ['zero', 0],
    ['negative', -2],
    ['fractional', 1.5]
  ])('refuses a %s quantity with a per-field message', async (_, qty) => {
    const p = await createStockedProduct(5);
    const before = await countOrders();
    const err = await failure(placeAs(shopper(), order([{ productId: p.id, qty }])));
    expect(err?.code).toBe('BAD_REQUEST');
    expect(err?.cause.issues?.[0].path).toEqual(['lines', 0, 'qty']);
    expect(await countOrders()).toBe(before);
  });

  it('refuses a shipping order without an address, with the field named', async () => {
    const p = await createStockedProduct(5);
    const err = await failure(placeAs(shopper(), order([{ productId: p.id, qty: 1 }], { shippingAddress: undefined })));
    expect(err?.cause.issues?.[0].path).toEqual(['shippingAddress']);
  });
});

describe('the shop front', () => {
  it('lists active products with price and availability only', async () => {
    const p = await createStockedProduct(7, { name: 'Aaa first tea' });
    const hidden = await createStockedProduct(7, { active: false });
    const { products, currency } = await shopper().shop.products();
    expect(currency).toBe('EUR');
    const listed = products.find((x) => x.id === p.id);
    expect(listed).toEqual({ id: p.id, sku: p.sku, name: 'Aaa first tea', priceCents: p.price_cents, taxRateBp: p.tax_rate_bp, available: 7 });
    expect(products.some((x) => x.id === hidden.id)).toBe(false);
  });

  it('limits orders per address', async () => {
    const p = await createStockedProduct(100);
    const sameAddress = anonymousCaller(undefined, '192.0.2.99');
    const outcomes: string[] = [];
    for (let i = 0; i < 31; i++) outcomes.push(await placeAs(sameAddress, order([{ productId: p.id, qty: 1 }])).then(() => 'ok', (e: TRPCError) => e.code));
    expect(outcomes.slice(0, 30).every((o) => o === 'ok')).toBe(true);
    expect(outcomes[30]).toBe('TOO_MANY_REQUESTS');
  });

  it('offers card only when a card provider takes it, and says SANDBOX for the sandbox (issue #12, finding 1)', async () => {
    expect((await shopper().shop.products()).payment).toEqual({ methods: ['card', 'online_banking', 'cheque'], cardSandbox: true });
    const p = await createStockedProduct(5);
    configureSandbox('payments', false);
    try {
      expect((await shopper().shop.products()).payment).toEqual({ methods: ['online_banking', 'cheque'], cardSandbox: false });
      const before = await countOrders();
      const err = await failure(placeAs(shopper(), order([{ productId: p.id, qty: 1 }], { paymentMethod: 'card' })));
      expect(err?.code).toBe('BAD_REQUEST');
      expect(err?.cause.issues?.[0]).toMatchObject({ path: ['paymentMethod'], message: 'This shop takes no card payments: choose another way to pay' });
      expect(await countOrders()).toBe(before);
      expect((await product(p.id)).reserved).toBe(0);
    } finally {
      configureSandbox('payments', null);
    }
  });
});
