// F26: the order queue's search. One PocketBase list query, newest first (number descending),
// keyset pagination (`number < after`, no offsets, `skipTotal`), filters built only from
// folded words and `filterValue()`, so nothing a user types becomes filter syntax. The count
// is its own query (`countOrders`), asked for lazily by the screen. See docs/search.md.
import { digits, fold } from '$lib/search/fold';
import { zonedMidnight, zonedToday } from '$lib/search/zoned';
import type { QueueView } from '$lib/orders/view';
import { filterValue, idPrefixRange, pb } from '../pocketbase/client';
import { shopSetting, shopTimeZone } from '../shop/settings';
import { QUEUE_FIELDS, type QueueOrder } from './queries';
import { pendingNumbers } from './word-index';
import { STAGE_STATUSES } from '$lib/orders/states';

/** numbers up to this many digits are order numbers; longer ones phone, tracking or invoice digits */
const ORDER_NUMBER_DIGITS = 7;
const MAX_TERMS = 8;
export const COUNT_CAP = 1000;

export type SearchNotice = 'future_month' | 'empty_range' | 'search_ignored';

const pbDate = (d: Date) => d.toISOString().replace('T', ' ');

/** `#10`: 10, 100–109, 1000–1099, … up to 9 digits, as index ranges */
export function numberPrefixFilter(prefix: string): string {
  const n = Number(prefix);
  const parts = [`number = ${n}`];
  for (let extra = 1; prefix.length + extra <= 9; extra++) {
    const lo = n * 10 ** extra;
    parts.push(`(number >= ${lo} && number <= ${lo + 10 ** extra - 1})`);
  }
  return `(${parts.join(' || ')})`;
}

/** the filter for the search box's text; '' when there is nothing to search for */
export function textFilter(raw: string): string {
  const q = raw.trim().slice(0, 200);
  if (!q) return '';
  const hash = /^#\s*(\d{1,9})$/.exec(q);
  if (hash) return numberPrefixFilter(hash[1]);
  if (new RegExp(`^\\d{1,${ORDER_NUMBER_DIGITS}}$`).test(q)) return `number = ${Number(q)}`;
  // a phone, tracking or invoice number typed as digits with spaces, dashes or a leading +
  if (/^\+?[\d\s\-/().]+$/.test(q) && digits(q).length > ORDER_NUMBER_DIGITS - 2) {
    const d = digits(q).replace(/^0+/, '');
    return d ? `search_text ~ ${filterValue(d)}` : '';
  }
  const terms = [...new Set(fold(q).split(' ').filter(Boolean))].slice(0, MAX_TERMS);
  // each word is the start of a stored word (the column has a space before every word)
  return terms.map((t) => `search_text ~ ${filterValue(` ${t}`)}`).join(' && ');
}

/** at most this many orders found by an exact key become an id list; more: the text search */
const KEY_IDS = 80;

/**
 * A search text that is one key (tracking number, SKU, invoice number, e-mail address) is
 * looked up first through the indexes of those columns: a rare key would otherwise be a scan
 * of every order's words. Answers the orders' ids (1–KEY_IDS of them), or null to search
 * the words instead (nothing found, or so many that the word scan stops early anyway).
 */
export async function keyLookup(raw: string): Promise<string[] | null> {
  const q = raw.trim();
  if (q.length < 4 || q.length > 100 || /\s/.test(q) || /^#?\d{1,7}$/.test(q)) return null;
  const variants = [...new Set([q, q.toUpperCase(), q.toLowerCase()])];
  const any = (field: string) => variants.map((v) => `${field} = ${filterValue(v)}`).join(' || ');
  const opts = { skipTotal: true, fields: 'id' };
  const [products, shipments, orders] = await Promise.all([
    pb().collection('products').getList(1, 5, { ...opts, filter: any('sku') }),
    pb().collection('shipments').getList(1, KEY_IDS + 1, { ...opts, fields: 'order', filter: any('tracking_number') }),
    pb().collection('orders').getList(1, KEY_IDS + 1, { ...opts, filter: `${any('invoice_number')} || ${any('email')}` })
  ]);
  const ids = new Set<string>([...shipments.items.map((r) => r.order as string), ...orders.items.map((r) => r.id)]);
  for (const product of products.items) {
    const lines = await pb().collection('order_lines').getList(1, KEY_IDS + 1, { skipTotal: true, fields: 'order', filter: `product = ${filterValue(product.id)}` });
    for (const l of lines.items) ids.add(l.order as string);
  }
  return ids.size > 0 && ids.size <= KEY_IDS ? [...ids] : null;
}

/** the word index is asked for at most this many rows per word: more, and the word is common */
const INDEX_ROWS = 2000;
/** candidates up to this many go into the filter itself; more are asked for in chunks */
const INLINE = 200;

/** the search box's words as the word index holds them (a phone number: its digits without leading zeros) */
export function searchTerms(raw: string): string[] {
  const q = raw.trim().slice(0, 200);
  if (!q || /^#\s*\d{1,9}$/.test(q) || new RegExp(`^\\d{1,${ORDER_NUMBER_DIGITS}}$`).test(q)) return [];
  if (/^\+?[\d\s\-/().]+$/.test(q) && digits(q).length > ORDER_NUMBER_DIGITS - 2) {
    const d = digits(q).replace(/^0+/, '');
    return d ? [d] : [];
  }
  return [...new Set(fold(q).split(' ').filter(Boolean))].slice(0, MAX_TERMS);
}

/**
 * A search word that is not common is looked up in the word index (`order_words`, kept in
 * batches: word-index.ts): the numbers of the orders whose words start with it, and of the
 * orders the index has not caught up with yet, newest first (none: nothing can match). Null
 * when every word is common (or too many orders wait): then the scan of `search_text` newest
 * first, which stops at the page's last hit, is the faster way. The queue still applies
 * every word to `search_text`, so several words must all match.
 */
export async function wordLookup(raw: string): Promise<number[] | null> {
  const terms = searchTerms(raw);
  if (!terms.length) return null;
  // a few rows per word first: a rare word among common ones is found without reading 2,000 rows of each
  const [inline, pending] = await Promise.all([rarestWord(terms, INLINE), pendingNumbers(INDEX_ROWS)]);
  const rarest = inline ?? (await rarestWord(terms, INDEX_ROWS));
  if (!rarest || !pending) return null;
  const numbers = new Set([...rarest.map((r) => r.number), ...pending]);
  return numbers.size > INDEX_ROWS ? null : [...numbers].sort((a, b) => b - a);
}

/** the index rows of the rarest word that has at most `limit` of them */
async function rarestWord(terms: string[], limit: number) {
  const found = await Promise.all(
    terms.map((t) => pb().collection('order_words').getList<{ number: number }>(1, limit + 1, { filter: idPrefixRange(t), sort: 'id', fields: 'number', skipTotal: true }))
  );
  return found.filter((f) => f.items.length <= limit).sort((a, b) => a.items.length - b.items.length)[0]?.items ?? null;
}

const numbersFilter = (numbers: number[]) => (numbers.length ? `(${numbers.map((n) => `number = ${n}`).join(' || ')})` : 'number = 0');

export interface ViewFilter {
  filter: string;
  notices: SearchNotice[];
  /** true when the view can match nothing (a future month): no query needed */
  empty: boolean;
  /**
   * a date range: newest first by placed time (its index serves the range and the order;
   * ordered by number SQLite walked every newer order to reach an old month)
   */
  byPlaced: boolean;
  /**
   * more than INLINE orders found through the word index (newest first): the filter holds the
   * words (correct on its own); the queue and the count ask for these orders in chunks instead
   */
  candidates?: number[];
}

/** the sort and the keyset condition after order number `after` (placed order for date ranges) */
export async function keyset(byPlaced: boolean, after: string | undefined): Promise<{ sort: string; filter: string }> {
  if (!byPlaced) return { sort: '-number', filter: after ? `number < ${Number(after)}` : '' };
  const sort = '-placed_at,-number';
  if (!after) return { sort, filter: '' };
  const cursor = await pb().collection('orders').getList(1, 1, { filter: `number = ${Number(after)}`, fields: 'placed_at', skipTotal: true });
  const placed = (cursor.items[0]?.placed_at as string | undefined) ?? '';
  const n = Number(after);
  return { sort, filter: `placed_at <= ${filterValue(placed)} && (placed_at < ${filterValue(placed)} || number < ${n})` };
}

/** the PocketBase filter of a queue view (without its cursor) */
export async function viewFilter(view: QueueView, now = new Date()): Promise<ViewFilter> {
  const parts: string[] = [];
  const notices: SearchNotice[] = [];
  let empty = false;
  let candidates: number[] | undefined;
  if (view.stage) parts.push(`(${STAGE_STATUSES[view.stage].map((s) => `status = ${filterValue(s)}`).join(' || ')})`);
  if (view.status) parts.push(`status = ${filterValue(view.status)}`);
  if (view.paymentStatus) parts.push(`payment_status = ${filterValue(view.paymentStatus)}`);
  if (view.fulfilmentStatus) parts.push(`fulfilment_status = ${filterValue(view.fulfilmentStatus)}`);
  if (view.paymentMethod) parts.push(`payment_method = ${filterValue(view.paymentMethod)}`);
  if (view.customer) parts.push(`customer = ${filterValue(view.customer)}`);
  if (view.search?.trim()) {
    const ids = await keyLookup(view.search);
    const words = ids ? null : await wordLookup(view.search);
    if (words && words.length > INLINE) candidates = words;
    const text = ids
      ? `(${ids.map((id) => `id = ${filterValue(id)}`).join(' || ')})`
      : [words && words.length <= INLINE && numbersFilter(words), textFilter(view.search)].filter(Boolean).join(' && ');
    if (text) parts.push(text);
    else notices.push('search_ignored');
  }
  if (view.month || view.from || view.to) {
    const tz = shopTimeZone(await shopSetting.get());
    const today = zonedToday(tz, now);
    let start: Date | null = null;
    let end: Date | null = null;
    if (view.month) {
      const [y, m] = view.month.split('-').map(Number);
      if (view.month > today.slice(0, 7)) {
        notices.push('future_month');
        empty = true;
      }
      start = zonedMidnight(y, m, 1, tz);
      end = zonedMidnight(y, m + 1, 1, tz);
    }
    if (view.from) {
      const [y, m, d] = view.from.split('-').map(Number);
      const s = zonedMidnight(y, m, d, tz);
      if (!start || s > start) start = s;
    }
    if (view.to) {
      const [y, m, d] = view.to.split('-').map(Number);
      const e = zonedMidnight(y, m, d + 1, tz);
      if (!end || e < end) end = e;
    }
    if (start && end && start >= end) {
      notices.push('empty_range');
      empty = true;
    }
    if (start) parts.push(`placed_at >= ${filterValue(pbDate(start))}`);
    if (end) parts.push(`placed_at < ${filterValue(pbDate(end))}`);
  }
  return { filter: parts.join(' && '), notices, empty, byPlaced: Boolean(view.month || view.from || view.to), candidates };
}

export interface QueuePage {
  items: QueueOrder[];
  /** pass as `after` for the next (older) page; null on the last page */
  nextCursor: string | null;
  notices: SearchNotice[];
}

/** one page of the queue, newest first, after the cursor */
export async function searchOrders(view: QueueView, perPage = 50): Promise<QueuePage> {
  const { filter, notices, empty, byPlaced, candidates } = await viewFilter(view);
  if (empty) return { items: [], nextCursor: null, notices };
  if (candidates && !byPlaced) {
    const after = view.after ? Number(view.after) : Infinity;
    const items: QueueOrder[] = [];
    for await (const found of inChunks<QueueOrder>(filter, candidates.filter((n) => n < after), perPage + 1, QUEUE_FIELDS)) items.push(...found);
    const page = items.slice(0, perPage);
    return { items: page, nextCursor: items.length > perPage ? String(page[page.length - 1].number) : null, notices };
  }
  const page = await keyset(byPlaced, view.after);
  const res = await pb()
    .collection('orders')
    .getList<QueueOrder>(1, perPage + 1, {
      filter: [filter, page.filter].filter(Boolean).join(' && '),
      sort: page.sort,
      fields: QUEUE_FIELDS,
      skipTotal: true
    });
  const items = res.items.slice(0, perPage);
  const more = res.items.length > perPage;
  return { items, nextCursor: more ? String(items[items.length - 1].number) : null, notices };
}

/** how many orders the view finds, counted up to COUNT_CAP (shown as "1,000+") */
export async function countOrders(view: QueueView): Promise<{ count: number; capped: boolean }> {
  const { filter, empty, candidates } = await viewFilter({ ...view, after: undefined });
  if (empty) return { count: 0, capped: false };
  if (candidates) {
    let count = 0;
    for await (const found of inChunks<{ id: string }>(filter, candidates, COUNT_CAP, 'id')) count += found.length;
    return { count, capped: count >= COUNT_CAP };
  }
  // one pass over the matches that stops at COUNT_CAP (a COUNT(*) never stops early);
  // PocketBase's page holds at most 1,000, so exactly COUNT_CAP reads as "1,000+"
  const res = await pb().collection('orders').getList(1, COUNT_CAP, { filter, sort: '-number', fields: 'id', skipTotal: true });
  return res.items.length >= COUNT_CAP ? { count: COUNT_CAP, capped: true } : { count: res.items.length, capped: false };
}

/** the orders among `numbers` (newest first) that match `filter`, a chunk at a time, until `want` are found */
async function* inChunks<T>(filter: string, numbers: number[], want: number, fields: string) {
  const CHUNK = 100;
  let found = 0;
  for (let i = 0; i < numbers.length && found < want; i += CHUNK) {
    const chunk = numbers.slice(i, i + CHUNK);
    const res = await pb()
      .collection('orders')
      .getList<T>(1, Math.min(want - found, chunk.length), { filter: [filter, numbersFilter(chunk)].filter(Boolean).join(' && '), sort: '-number', fields, skipTotal: true });
    found += res.items.length;
    yield res.items;
  }
}
