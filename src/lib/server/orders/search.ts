// F26: the order queue's search. One PocketBase list query, newest first (number descending),
// keyset pagination (`number < after`, no offsets, `skipTotal`), filters built only from
// folded words and `filterValue()`, so nothing a user types becomes filter syntax. The count
// is its own query (`countOrders`), asked for lazily by the screen. See docs/search.md.
import { digits, fold } from '$lib/search/fold';
import { zonedMidnight, zonedToday } from '$lib/search/zoned';
import type { QueueView } from '$lib/orders/view';
import { collection, filterValue, idPrefixRange } from '../pocketbase/client';
import type { OrderRecord } from '../pocketbase/records';
import { shopSetting, shopTimeZone } from '../shop/settings';
import { QUEUE_FIELDS, type QueueOrder } from './queries';
import { numbersUpTo, pendingNumbers } from './word-index';
import { STAGE_STATUSES } from '$lib/orders/states';

/** numbers up to this many digits are order numbers; longer ones phone, tracking or invoice digits */
const ORDER_NUMBER_DIGITS = 7;
const MAX_TERMS = 8;
export const COUNT_CAP = 1000;

export type SearchNotice = 'future_month' | 'empty_range' | 'search_ignored';

const pbDate = (d: Date) => d.toISOString().replace('T', ' ');

/** `#10`: 10, 100–109, 1000–1099, … up to 9 digits, as index ranges, highest first */
export function numberPrefixRanges(prefix: string): string[] {
  const n = Number(prefix);
  const parts = [`number = ${n}`];
  for (let extra = 1; prefix.length + extra <= 9; extra++) {
    const lo = n * 10 ** extra;
    parts.push(`(number >= ${lo} && number <= ${lo + 10 ** extra - 1})`);
  }
  return parts.reverse();
}

export const numberPrefixFilter = (prefix: string) => `(${numberPrefixRanges(prefix).join(' || ')})`;

const hashPrefix = (raw: string) => /^#\s*(\d{1,9})$/.exec(raw.trim())?.[1] ?? null;

/** the filter for the search box's text; '' when there is nothing to search for */
export function textFilter(raw: string): string {
  const q = raw.trim().slice(0, 200);
  if (!q) return '';
  const hash = hashPrefix(q);
  if (hash) return numberPrefixFilter(hash);
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
    collection('products').getList(1, 5, { ...opts, filter: any('sku') }),
    collection('shipments').getList(1, KEY_IDS + 1, { ...opts, fields: 'order', filter: any('tracking_number') }),
    collection('orders').getList(1, KEY_IDS + 1, { ...opts, filter: `${any('invoice_number')} || ${any('email')}` })
  ]);
  const ids = new Set<string>([...shipments.items.map((r) => r.order as string), ...orders.items.map((r) => r.id)]);
  for (const product of products.items) {
    const lines = await collection('order_lines').getList(1, KEY_IDS + 1, { skipTotal: true, fields: 'order', filter: `product = ${filterValue(product.id)}` });
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
  if (!q || hashPrefix(q) || new RegExp(`^\\d{1,${ORDER_NUMBER_DIGITS}}$`).test(q)) return [];
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
  const [rarest, pending] = await Promise.all([rarestWord(terms), pendingNumbers(INDEX_ROWS)]);
  if (!rarest || !pending) return null;
  const numbers = new Set([...rarest, ...pending]);
  return numbers.size > INDEX_ROWS ? null : [...numbers].sort((a, b) => b - a);
}

/**
 * The order numbers of the rarest word that has at most INDEX_ROWS index rows, or null when
 * every word is common. One round asks each word for its first INLINE + 1 rows and whether
 * it has an (INDEX_ROWS + 1)-th (one row read at that offset: the index walks there without
 * sending the rows), so a common word costs no transfer of 2,000 rows; a second round reads
 * the rows of the words in between.
 */
async function rarestWord(terms: string[]): Promise<number[] | null> {
  const opts = (t: string) => ({ filter: idPrefixRange(t), sort: 'id' });
  const probed = await Promise.all(
    terms.map(async (t) => {
      const [head, over] = await Promise.all([numbersUpTo('order_words', opts(t), INLINE), numbersUpTo('order_words', opts(t), INDEX_ROWS, { probeOnly: true })]);
      return { t, head, common: over === null };
    })
  );
  const smallest = (lists: number[][]) => lists.sort((a, b) => a.length - b.length)[0] ?? null;
  const rare = probed.flatMap((p) => (p.head ? [p.head] : []));
  if (rare.length) return smallest(rare);
  const middling = probed.filter((p) => !p.common);
  if (!middling.length) return null;
  const read = await Promise.all(middling.map((p) => numbersUpTo('order_words', opts(p.t), INDEX_ROWS)));
  return smallest(read.filter((r): r is number[] => r !== null));
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
  /** a `#` number prefix: the rest of the filter and each number range, highest first (`filter` has them all) */
  ranges?: { rest: string; each: string[] };
}

/** the sort and the keyset condition after order number `after` (placed order for date ranges) */
export async function keyset(byPlaced: boolean, after: string | undefined): Promise<{ sort: string; filter: string }> {
  if (!byPlaced) return { sort: '-number', filter: after ? `number < ${Number(after)}` : '' };
  const sort = '-placed_at,-number';
  if (!after) return { sort, filter: '' };
  const cursor = await collection('orders').getList(1, 1, { filter: `number = ${Number(after)}`, fields: 'placed_at', skipTotal: true });
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
  let ranges: string[] | undefined;
  if (view.stage) parts.push(`(${STAGE_STATUSES[view.stage].map((s) => `status = ${filterValue(s)}`).join(' || ')})`);
  if (view.status) parts.push(`status = ${filterValue(view.status)}`);
  if (view.paymentStatus) parts.push(`payment_status = ${filterValue(view.paymentStatus)}`);
  if (view.fulfilmentStatus) parts.push(`fulfilment_status = ${filterValue(view.fulfilmentStatus)}`);
  if (view.paymentMethod) parts.push(`payment_method = ${filterValue(view.paymentMethod)}`);
  if (view.customer) parts.push(`customer = ${filterValue(view.customer)}`);
  if (view.search?.trim()) {
    // both at once: one round less for a search that is not a key
    const [ids, looked] = await Promise.all([keyLookup(view.search), wordLookup(view.search)]);
    const words = ids ? null : looked;
    if (words && words.length > INLINE) candidates = words;
    const prefix = hashPrefix(view.search);
    if (prefix) ranges = numberPrefixRanges(prefix);
    const text = prefix
      ? ''
      : ids
      ? `(${ids.map((id) => `id = ${filterValue(id)}`).join(' || ')})`
      : [words && words.length <= INLINE && numbersFilter(words), textFilter(view.search)].filter(Boolean).join(' && ');
    if (text) parts.push(text);
    else if (!ranges) notices.push('search_ignored');
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
  const rest = parts.join(' && ');
  const filter = ranges ? [rest, `(${ranges.join(' || ')})`].filter(Boolean).join(' && ') : rest;
  return { filter, notices, empty, byPlaced: Boolean(view.month || view.from || view.to), candidates, ranges: ranges && { rest, each: ranges } };
}

export interface QueuePage {
  items: QueueOrder[];
  /** pass as `after` for the next (older) page; null on the last page */
  nextCursor: string | null;
  notices: SearchNotice[];
}

/** one page of the queue, newest first, after the cursor */
export async function searchOrders(view: QueueView, perPage = 50): Promise<QueuePage> {
  const { filter, notices, empty, byPlaced, candidates, ranges } = await viewFilter(view);
  if (empty) return { items: [], nextCursor: null, notices };
  if (candidates && !byPlaced) {
    const after = view.after ? Number(view.after) : Infinity;
    const items: QueueOrder[] = [];
    for await (const found of inChunks<QueueOrder>(filter, candidates.filter((n) => n < after), perPage + 1, QUEUE_FIELDS)) items.push(...found);
    const page = items.slice(0, perPage);
    return { items: page, nextCursor: items.length > perPage ? String(page[page.length - 1].number) : null, notices };
  }
  const page = await keyset(byPlaced, view.after);
  const list = (f: string) =>
    collection('orders').getList<QueueOrder>(1, perPage + 1, { filter: [f, page.filter].filter(Boolean).join(' && '), sort: page.sort, fields: QUEUE_FIELDS, skipTotal: true })
      .then((r) => r.items);
  // `#15`: each number range on its own (an index range newest first that stops at the page),
  // all at once, highest first; as one OR, SQLite read every match of every range and sorted them
  const found = ranges && !byPlaced ? (await Promise.all(ranges.each.map((r) => list([ranges.rest, r].filter(Boolean).join(' && '))))).flat() : await list(filter);
  const items = found.slice(0, perPage);
  const more = found.length > perPage;
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
  const res = await collection('orders').getList(1, COUNT_CAP, { filter, sort: '-number', fields: 'id', skipTotal: true });
  return res.items.length >= COUNT_CAP ? { count: COUNT_CAP, capped: true } : { count: res.items.length, capped: false };
}

/** the orders among `numbers` (newest first) that match `filter`, a chunk at a time, until `want` are found */
async function* inChunks<T extends Partial<OrderRecord>>(filter: string, numbers: number[], want: number, fields: string) {
  const CHUNK = 100;
  let found = 0;
  for (let i = 0; i < numbers.length && found < want; i += CHUNK) {
    const chunk = numbers.slice(i, i + CHUNK);
    const res = await collection('orders')
      .getList<T>(1, Math.min(want - found, chunk.length), { filter: [filter, numbersFilter(chunk)].filter(Boolean).join(' && '), sort: '-number', fields, skipTotal: true });
    found += res.items.length;
    yield res.items;
  }
}
