// F25/F26 (#15): the word index `order_words` stays in step with every order, whoever writes
// (triggers note the order, a batch brings the index up to date), and the queue answers a rare
// word, a phone number or part of a SKU through it, combined with common words and the other
// filters, also for an order written after the last batch.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { pb } from '../../src/lib/server/pocketbase/client';
import { searchLikes, searchTerms } from '../../src/lib/server/orders/search';
import { flushWordIndex } from '../../src/lib/server/orders/word-index';
import { newestCandidates, wordRows } from '../../src/lib/server/orders/word-stream';
import { commitOne, type TxCreate } from '../../src/lib/server/pocketbase/tx';
import { createOrder, createProduct, createStaff } from '../support/factories';
import { signedInCaller } from '../support/caller';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>;
let office: Caller;
beforeAll(async () => {
  const { staff, password } = await createStaff('office');
  office = await signedInCaller(staff.email, password);
});

const caughtUp = async () => {
  while ((await flushWordIndex()).left > 0);
};
/** the index's words of an order, once the index has caught up */
const words = async (number: number) => {
  await caughtUp();
  return words0(number);
};
/** the index's words of an order as they are now */
const words0 = async (number: number) =>
  (await pb().collection('order_words').getFullList<{ word: string }>({ filter: `number = ${number}`, fields: 'word' })).map((w) => w.word).sort();
/**
 * Every candidate the word index gives for a search, newest first, asked for `limit` at a time
 * below the last one; `sortUpTo: 0` walks every word per stored word instead of sorting its rows
 */
const candidates = async (search: string, { limit = 1000, sortUpTo }: { limit?: number; sortUpTo?: number } = {}) => {
  const all: number[] = [];
  let before: number | undefined;
  for (;;) {
    const got = await newestCandidates(searchTerms(search), { before, limit, sortUpTo });
    if (got.scan) throw new Error(`the index answered scan for ${search}`);
    all.push(...got.numbers);
    if (got.exhausted || !got.numbers.length) return all;
    before = got.numbers[got.numbers.length - 1];
  }
};
/** orders numbered `numbers`, written straight into PocketBase 400 to a transaction (as an import would) */
const writeOrders = async (numbers: number[], name: (n: number) => string) => {
  const order = (number: number): TxCreate<'orders'> => ({
    number, channel: 'web', status: 'placed', payment_status: 'unpaid', fulfilment_status: 'unfulfilled', payment_method: 'online_banking', fulfilment_method: 'collect',
    customer_name: name(number), email: `v${number}@example.com`, currency: 'EUR', subtotal_cents: 0, tax_cents: 0, shipping_cents: 0, total_cents: 0,
    locale: 'de', tracking_token: randomBytes(16).toString('base64url'), pay_token: randomBytes(18).toString('base64url'), version: 1, placed_at: new Date().toISOString()
  });
  for (let i = 0; i < numbers.length; i += 400) await commitOne((uow) => numbers.slice(i, i + 400).forEach((n) => uow.create('orders', order(n))));
};
const find = async (search: string, extra: Record<string, unknown> = {}) => (await office.caller.orders.queue({ search, ...extra })).items.map((o) => o.number);

describe('F26 word index kept in step (#15)', () => {
  it('holds the folded words of an order and the suffixes of its phone digits from the moment it is written', async () => {
    const { order } = await createOrder({ customer_name: 'Zdeňka Quastwerk', email: 'zq@firma.example', phone: '+49 171 555 0199' });
    const w = await words(order.number);
    expect(w).toEqual(expect.arrayContaining(['zdenka', 'quastwerk', 'zq', 'firma.example', 'zq@firma.example', String(order.number), '491715550199', '1715550199', '5550199']));
    // each word once
    expect(new Set(w).size).toBe(w.length);
  });

  it('follows a renamed customer, a new line (SKU), a tracking number, and forgets a deleted order', async () => {
    const { order } = await createOrder({ customer_name: 'Ottilie Rabenhorst' });
    await pb().collection('orders').update(order.id, { customer_name: 'Ottilie Falkenhorst' });
    let w = await words(order.number);
    expect(w).toContain('falkenhorst');
    expect(w).not.toContain('rabenhorst');

    const product = await createProduct({ sku: 'KX-778812', name: 'Messingkanne' });
    await pb().collection('order_lines').create({ order: order.id, product: product.id, sku: product.sku, name: product.name, unit_price_cents: 100, tax_rate_bp: 1900, qty: 1, picked: 0, shipped: 0, returned: 0, position: 9 });
    await pb().collection('shipments').create({ order: order.id, status: 'label_created', courier: 'sandbox', tracking_number: 'ZT99887766DE', version: 1 }).catch(() => null);
    w = await words(order.number);
    expect(w).toEqual(expect.arrayContaining(['kx', '778812', 'messingkanne']));

    await pb().collection('orders').delete(order.id);
    expect(await words(order.number)).toEqual([]);
  });

  it('drops the old phone\'s suffixes when the phone changes, moves every word to a new number, and drops them all when the phone goes', async () => {
    const { order } = await createOrder({ customer_name: 'Wendelin Auerhahn', phone: '0171 5550199' }, []);
    expect(await words(order.number)).toEqual(expect.arrayContaining(['01715550199', '1715550199', '715550199', '5550199']));
    await pb().collection('orders').update(order.id, { phone: '+49 89 4471234' });
    let w = await words(order.number);
    expect(w).toEqual(expect.arrayContaining(['49894471234', '9894471234', '4471234', 'auerhahn']));
    expect(w.filter((x) => x.includes('5550199'))).toEqual([]);

    const renumbered = order.number + 900_000;
    await pb().collection('orders').update(order.id, { number: renumbered });
    expect(await words(order.number)).toEqual([]);
    expect(await words(renumbered)).toEqual(w.map((x) => (x === String(order.number) ? String(renumbered) : x)).sort());

    // without a phone its suffixes go too
    await pb().collection('orders').update(order.id, { phone: '' });
    w = await words(renumbered);
    expect(w).toContain('auerhahn');
    expect(w.filter((x) => x.includes('4471234'))).toEqual([]);
    await pb().collection('orders').delete(order.id);
    expect(await words(renumbered)).toEqual([]);
  });
});

describe('F26 rare words through the index (#15)', () => {
  it('finds a rare name among many orders sharing a common word, also combined with a filter', async () => {
    const common = [];
    for (let i = 0; i < 210; i++) common.push(createOrder({ customer_name: `Yvonne Gemeinsam ${i}` }));
    await Promise.all(common);
    const rare = await createOrder({ customer_name: 'Yvonne Seltenreich', payment_status: 'paid' });
    await caughtUp();
    expect(await candidates('seltenr')).toEqual([rare.order.number]);
    expect(await find('seltenreich')).toEqual([rare.order.number]);
    expect(await find('yvonne selten')).toEqual([rare.order.number]);
    expect(await find('Seltenreich', { paymentStatus: 'paid' })).toEqual([rare.order.number]);
    expect(await find('Seltenreich', { paymentStatus: 'unpaid' })).toEqual([]);
    // both words must match: a rare word with a word the order lacks finds nothing
    expect(await find('seltenreich gemeinsam')).toEqual([]);
    expect((await office.caller.orders.queueCount({ search: 'seltenreich' })).count).toBe(1);
  });

  it('pages through a word 250 orders share, newest first, through the index in chunks; counts them; combines a filter', async () => {
    const made: number[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const orders = await Promise.all(Array.from({ length: 50 }, (_, i) => createOrder({ customer_name: `Wilhelmine Mittelhaufen ${batch}-${i}`, payment_status: i % 2 ? 'paid' : 'unpaid' })));
      made.push(...orders.map((o) => o.order.number));
    }
    const newestFirst = [...made].sort((a, b) => b - a);
    await caughtUp();
    expect(await candidates('mittelhaufen')).toEqual(newestFirst);
    expect(await candidates('mittelhaufen', { limit: 60, sortUpTo: 0 })).toEqual(newestFirst);
    const first = await office.caller.orders.queue({ search: 'mittelhaufen' });
    expect(first.items.map((o) => o.number)).toEqual(newestFirst.slice(0, 50));
    const second = await office.caller.orders.queue({ search: 'mittelhaufen', after: first.nextCursor! });
    expect(second.items.map((o) => o.number)).toEqual(newestFirst.slice(50, 100));
    expect(await office.caller.orders.queueCount({ search: 'mittelhaufen' })).toEqual({ count: 250, capped: false });
    const paid = await office.caller.orders.queue({ search: 'Mittelhaufen', paymentStatus: 'paid', perPage: 200 });
    expect(paid.items).toHaveLength(125);
    expect(paid.items.every((o) => o.payment_status === 'paid')).toBe(true);
  });

  it('streams a word more than 1,000 orders share, and as many orders waiting for the index; a filter only the oldest passes takes every round', async () => {
    const base = 8_100_000 + (Date.now() % 50_000) * 10;
    const numbers = Array.from({ length: 1200 }, (_, i) => base + i);
    await caughtUp();
    await writeOrders(numbers, (n) => `Kunigunde Vielfrass ${n}`);
    const newestFirst = [...numbers].reverse();
    // all 1,200 still wait for the index: every one of them is a candidate
    expect((await pb().collection('order_words_pending').getList(1, 1)).totalItems).toBe(1200);
    expect(await candidates('vielfrass')).toEqual(newestFirst);
    await caughtUp();
    expect(await candidates('vielfrass')).toEqual(newestFirst);
    expect(await candidates('vielfrass', { limit: 500, sortUpTo: 0 })).toEqual(newestFirst);
    const page = await office.caller.orders.queue({ search: 'Vielfraß', paymentStatus: 'unpaid' });
    expect(page.items.map((o) => o.number)).toEqual(newestFirst.slice(0, 50));
    // the only paid one is the oldest: the queue checks the candidates round after round down to it
    const oldest = await pb().collection('orders').getFirstListItem(`number = ${numbers[0]}`);
    await pb().collection('orders').update(oldest.id, { payment_status: 'paid' });
    expect(await find('Vielfraß', { paymentStatus: 'paid' })).toEqual([numbers[0]]);
    expect(await office.caller.orders.queueCount({ search: 'vielfrass', paymentStatus: 'paid' })).toEqual({ count: 1, capped: false });
    expect(await office.caller.orders.queueCount({ search: 'vielfrass' })).toEqual({ count: 1000, capped: true });
  });

  it('streams a word that starts several stored words newest first across them, counts it exactly, and keeps waiting orders in step', async () => {
    const made: number[] = [];
    for (let batch = 0; batch < 6; batch++) {
      const orders = await Promise.all(
        Array.from({ length: 50 }, (_, i) => createOrder({ customer_name: `Ottilie ${i % 3 ? 'Brunnenmacher' : 'Brunnenmeister'} ${batch}-${i}`, payment_status: i % 10 ? 'unpaid' : 'paid' }))
      );
      made.push(...orders.map((o) => o.order.number));
    }
    const newestFirst = [...made].sort((a, b) => b - a);
    await caughtUp();
    // sorted, and walked per stored word (brunnenmacher, brunnenmeister) and merged: the same
    expect(await candidates('brunnenm')).toEqual(newestFirst);
    expect(await candidates('brunnenm', { limit: 70, sortUpTo: 0 })).toEqual(newestFirst);
    const first = await office.caller.orders.queue({ search: 'Brunnenm' });
    expect(first.items.map((o) => o.number)).toEqual(newestFirst.slice(0, 50));
    const second = await office.caller.orders.queue({ search: 'Brunnenm', after: first.nextCursor! });
    expect(second.items.map((o) => o.number)).toEqual(newestFirst.slice(50, 100));
    expect(await office.caller.orders.queueCount({ search: 'brunnenm' })).toEqual({ count: 300, capped: false });
    expect(await office.caller.orders.queueCount({ search: 'brunnenm', paymentStatus: 'paid' })).toEqual({ count: 30, capped: false });
    // renamed after the last batch: the stale rows still name it, the check drops it from list and count
    const renamed = await pb().collection('orders').getFirstListItem(`number = ${newestFirst[0]}`);
    await pb().collection('orders').update(renamed.id, { customer_name: 'Ottilie Umbenannt' });
    expect((await office.caller.orders.queue({ search: 'Brunnenm' })).items.map((o) => o.number)).toEqual(newestFirst.slice(1, 51));
    expect(await office.caller.orders.queueCount({ search: 'brunnenm' })).toEqual({ count: 299, capped: false });
    expect(await find('umbenannt')).toEqual([newestFirst[0]]);
  });

  it('a page of words only comes whole from the index; when its candidates run out of rounds, the scan goes on below them', async () => {
    const base = 8_700_000 + (Date.now() % 50_000) * 10;
    // the oldest order has both words; 2,050 newer ones only the rarer, 2,100 only the other
    const numbers = Array.from({ length: 4151 }, (_, i) => base + i);
    await writeOrders(numbers, (n) => (n === base ? 'Plumbeus Ostracon' : n <= base + 2050 ? `Plumbeus ${n}` : `Ostracon ${n}`));
    await caughtUp();
    // one request answers a page of one word
    const page = await office.caller.orders.queue({ search: 'plumbeus', perPage: 20 });
    expect(page.items.map((o) => o.number)).toEqual(numbers.slice(1, 2051).reverse().slice(0, 20));
    // 2,000 candidates of "plumbeus" (ten rounds) without "ostracon": the rest by the scan
    expect(await find('plumbeus ostracon')).toEqual([base]);
    expect(await find('ostracon plumbeus')).toEqual([base]);
  });

  it('answers scan for a word that starts too many stored words to walk; the queue then scans and still finds them', async () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const names = Array.from({ length: 70 }, (_, i) => `Zqv${letters[Math.floor(i / 26)]}${letters[i % 26]}`);
    const made = await Promise.all(names.map((n) => createOrder({ customer_name: `Quirin ${n}` })));
    await caughtUp();
    expect(await newestCandidates(['zqv'], { limit: 10, sortUpTo: 0 })).toEqual({ scan: true });
    const sorted = await newestCandidates(['zqv'], { limit: 100 });
    expect(sorted.scan ? 'scan' : sorted.numbers.length).toBe(70);
    const newest = made.map((m) => m.order.number).sort((a, b) => b - a);
    expect(await find('zqv')).toEqual(newest.slice(0, 50));
  });

  it('finds a phone number in any format and part of a SKU; a word nobody has finds nothing at once', async () => {
    const product = await createProduct({ sku: `SC-${Date.now() % 1_000_000}`.padEnd(9, '7'), name: 'Samowar' });
    const a = await createOrder({ customer_name: 'Philippa Fernsprech', phone: '+49 30 9988 7766' }, [{ product, qty: 1 }]);
    for (const q of ['030 99887766', '+49 30 9988 7766', '+49 (30) 9988-7766', '9988 7766']) expect(await find(q), q).toEqual([a.order.number]);
    // the whole SKU is a key: its orders, found through the lines' index, in the same request
    for (const key of [product.sku, product.sku.toLowerCase()]) {
      const page = await wordRows<{ number: number }>(searchTerms(key), searchLikes(key), { key, want: 10, fields: 'id,number' });
      expect(page, key).toMatchObject({ key: true, done: true, rows: [{ number: a.order.number }] });
    }
    // with a filter too: the whole SKU finds its own orders, not those of a SKU it is the start of
    const longer = await createProduct({ sku: `${product.sku}8`, name: 'Samowar gross' });
    const b = await createOrder({ customer_name: 'Philippa Laenger' }, [{ product: longer, qty: 1 }]);
    expect(await find(product.sku, { paymentStatus: 'unpaid' })).toEqual([a.order.number]);
    expect(await find(`${product.sku}8`, { paymentStatus: 'unpaid' })).toEqual([b.order.number]);
    const digitsOfSku = product.sku.split('-')[1];
    expect(await find(`SC-${digitsOfSku.slice(0, 4)}`)).toContain(a.order.number);
    await caughtUp();
    expect(await candidates('qqxqqz')).toEqual([]);
    expect(await find('qqxqqz')).toEqual([]);
  });

  it('finds an order written after the index\'s last batch at once, and through the index after the next', async () => {
    await caughtUp();
    const { order } = await createOrder({ customer_name: 'Theodora Nachzügler', phone: '+49 40 7766 5544' });
    const pending = await pb().collection('order_words_pending').getFullList<{ number: number }>();
    expect(pending.map((p) => p.number)).toEqual([order.number]);
    // not in the index yet, found all the same: the pending orders join the index's candidates
    expect(await words0(order.number)).toEqual([]);
    expect(await candidates('nachzugler')).toEqual([order.number]);
    expect(await find('Nachzügler')).toEqual([order.number]);
    expect(await find('40 7766 5544')).toEqual([order.number]);
    expect(await flushWordIndex()).toEqual({ flushed: 1, left: 0 });
    expect(await pb().collection('order_words_pending').getFullList()).toEqual([]);
    expect(await words0(order.number)).toEqual(expect.arrayContaining(['nachzugler', 'theodora', '494077665544', '77665544']));
    expect(await find('Nachzügler')).toEqual([order.number]);
    // a deleted order's words go with the next batch
    await pb().collection('orders').delete(order.id);
    expect(await flushWordIndex()).toEqual({ flushed: 1, left: 0 });
    expect(await words0(order.number)).toEqual([]);
  });
});
