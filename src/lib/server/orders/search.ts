// F26: the order queue's search. One PocketBase list query, newest first (number descending),
// keyset pagination (`number < after`, no offsets, `skipTotal`), filters built only from
// folded words and `filterValue()`, so nothing a user types becomes filter syntax. The count
// is its own query (`countOrders`), asked for lazily by the screen. See docs/search.md.
import { digits, fold } from '$lib/search/fold';
import { zonedMidnight, zonedToday } from '$lib/search/zoned';
import type { QueueView } from '$lib/orders/view';
import { collection, filterValue } from '../pocketbase/client';
import { shopSetting, shopTimeZone } from '../shop/settings';
import { QUEUE_FIELDS, type QueueOrder } from './queries';
import { STAGE_STATUSES } from '$lib/orders/states';
import { COUNT_CAP, countStream, keyedCandidates, numbersFilter, streamed, wordCount, wordRows, type WordStream } from './word-stream';

export { COUNT_CAP };

/** numbers up to this many digits are order numbers; longer ones phone, tracking or invoice digits */
const ORDER_NUMBER_DIGITS = 7;
const MAX_TERMS = 8;

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

/** the lowest number of one of numberPrefixRanges */
const rangeStart = (range: string) => Number(/number (?:=|>=) (\d+)/.exec(range)![1]);

/**
 * The newest order's number. Asked each time, not kept: numbers come from a counter, but a test
 * or an import may write higher ones, and a range skipped on an old figure would hide them.
 */
async function latestNumber(): Promise<number> {
  const top = await collection('orders').getList<{ number: number }>(1, 1, { sort: '-number', fields: 'number', skipTotal: true });
  return top.items[0]?.number ?? 0;
}

export const numberPrefixFilter = (prefix: string) => `(${numberPrefixRanges(prefix).join(' || ')})`;

const hashPrefix = (raw: string) => /^#\s*(\d{1,9})$/.exec(raw.trim())?.[1] ?? null;

/**
 * A phone, tracking or invoice number typed as digits with spaces, dashes or a leading +: its
 * digits without leading zeros, matched anywhere in search_text ('' when only zeros); null
 * when the text is not one.
 */
function phoneDigits(q: string): string | null {
  if (!/^\+?[\d\s\-/().]+$/.test(q) || digits(q).length <= ORDER_NUMBER_DIGITS - 2) return null;
  return digits(q).replace(/^0+/, '');
}

/** the filter for the search box's text; '' when there is nothing to search for */
export function textFilter(raw: string): string {
  const q = raw.trim().slice(0, 200);
  if (!q) return '';
  const hash = hashPrefix(q);
  if (hash) return numberPrefixFilter(hash);
  if (new RegExp(`^\\d{1,${ORDER_NUMBER_DIGITS}}$`).test(q)) return `number = ${Number(q)}`;
  const phone = phoneDigits(q);
  if (phone !== null) return phone ? `search_text ~ ${filterValue(phone)}` : '';
  // each word is the start of a stored word (the column has a space before every word)
  return searchTerms(q).map((t) => `search_text ~ ${filterValue(` ${t}`)}`).join(' && ');
}

/** candidates up to this many go into the filter itself; more are checked a chunk at a time */
const INLINE = 100;

/** the search box's words as the word index holds them (a phone number: its digits without leading zeros) */
export function searchTerms(raw: string): string[] {
  const q = raw.trim().slice(0, 200);
  if (!q || hashPrefix(q) || new RegExp(`^\\d{1,${ORDER_NUMBER_DIGITS}}$`).test(q)) return [];
  const phone = phoneDigits(q);
  if (phone !== null) return phone ? [phone] : [];
  return [...new Set(fold(q).split(' ').filter(Boolean))].slice(0, MAX_TERMS);
}

/** what textFilter asks of search_text, as LIKE patterns: a word's start, or a phone's digits anywhere */
export function searchLikes(raw: string): string[] {
  const like = (t: string) => t.replace(/[\\%_]/g, '\\$&');
  const anywhere = phoneDigits(raw.trim().slice(0, 200)) !== null;
  return searchTerms(raw).map((t) => (anywhere ? `%${like(t)}%` : `% ${like(t)}%`));
}

/** a view that is only words in the search box: no state, method, customer or dates */
const onlyWords = (view: QueueView) =>
  !view.stage && !view.status && !view.paymentStatus && !view.fulfilmentStatus && !view.paymentMethod && !view.customer && !view.month && !view.from && !view.to && searchTerms(view.search ?? '').length > 0;

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
   * more than INLINE candidates from the word index (newest first): the filter holds the words
   * (correct on its own); the queue and the count check these candidates a chunk at a time
   */
  stream?: WordStream;
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
  let stream: WordStream | undefined;
  let ranges: string[] | undefined;
  const byPlaced = Boolean(view.month || view.from || view.to);
  if (view.stage) parts.push(`(${STAGE_STATUSES[view.stage].map((s) => `status = ${filterValue(s)}`).join(' || ')})`);
  if (view.status) parts.push(`status = ${filterValue(view.status)}`);
  if (view.paymentStatus) parts.push(`payment_status = ${filterValue(view.paymentStatus)}`);
  if (view.fulfilmentStatus) parts.push(`fulfilment_status = ${filterValue(view.fulfilmentStatus)}`);
  if (view.paymentMethod) parts.push(`payment_method = ${filterValue(view.paymentMethod)}`);
  if (view.customer) parts.push(`customer = ${filterValue(view.customer)}`);
  if (view.search?.trim()) {
    const terms = searchTerms(view.search);
    // the key look-up and the word index in one request; below the cursor, where the page
    // starts (numbers follow placed time only roughly, so not for a date range)
    const before = !byPlaced && view.after ? Number(view.after) : undefined;
    const first = terms.length ? await keyedCandidates(view.search, terms, { before, limit: INLINE + 1 }) : null;
    const ids = first?.keyIds ?? null;
    const found = first && !first.scan && !first.keyIds ? first : null;
    const inline = found && found.exhausted && found.numbers.length <= INLINE ? found.numbers : null;
    if (found && !inline) stream = { terms, first: found };
    const prefix = hashPrefix(view.search);
    if (prefix) ranges = numberPrefixRanges(prefix);
    const text = prefix
      ? ''
      : ids
      ? `(${ids.map((id) => `id = ${filterValue(id)}`).join(' || ')})`
      : [inline && numbersFilter(inline), textFilter(view.search)].filter(Boolean).join(' && ');
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
  return { filter, notices, empty, byPlaced, stream, ranges: ranges && { rest, each: ranges } };
}

export interface QueuePage {
  items: QueueOrder[];
  /** pass as `after` for the next (older) page; null on the last page */
  nextCursor: string | null;
  notices: SearchNotice[];
}

/** the first `perPage` of `found` (asked for one more), and the cursor when there was one more */
function pageOf(found: QueueOrder[], perPage: number, notices: SearchNotice[]): QueuePage {
  const items = found.slice(0, perPage);
  return { items, nextCursor: found.length > perPage ? String(items[items.length - 1].number) : null, notices };
}

/** one page of the queue, newest first, after the cursor */
export async function searchOrders(view: QueueView, perPage = 50): Promise<QueuePage> {
  if (onlyWords(view)) {
    // the whole page in one request: the text as a key (SKU, tracking, invoice, e-mail), else its words
    const after = view.after ? Number(view.after) : undefined;
    const page = await wordRows<QueueOrder>(searchTerms(view.search!), searchLikes(view.search!), { key: view.search!, before: after, want: perPage + 1, fields: QUEUE_FIELDS });
    const items = page.rows;
    if (!page.done && items.length <= perPage) {
      const below = page.before ?? after;
      const rest = await collection('orders').getList<QueueOrder>(1, perPage + 1 - items.length, { filter: [textFilter(view.search!), below !== undefined && `number < ${below}`].filter(Boolean).join(' && '), sort: '-number', fields: QUEUE_FIELDS, skipTotal: true });
      items.push(...rest.items);
    }
    return pageOf(items, perPage, []);
  }
  const { filter, notices, empty, byPlaced, stream, ranges } = await viewFilter(view);
  if (empty) return { items: [], nextCursor: null, notices };
  if (stream && !byPlaced) {
    const items: QueueOrder[] = [];
    for await (const found of streamed<QueueOrder>(filter, stream, perPage + 1, QUEUE_FIELDS)) items.push(...found);
    return pageOf(items, perPage, notices);
  }
  const page = await keyset(byPlaced, view.after);
  const list = (f: string, want = perPage + 1) =>
    collection('orders').getList<QueueOrder>(1, want, { filter: [f, page.filter].filter(Boolean).join(' && '), sort: page.sort, fields: QUEUE_FIELDS, skipTotal: true })
      .then((r) => r.items);
  // `#15`: each number range on its own (an index range newest first that stops at the page),
  // highest first, until the page is full (as one OR, SQLite read every match of every range
  // and sorted them); ranges above the newest order are not asked (`#150`: 4 of 7)
  let found: QueueOrder[];
  if (ranges && !byPlaced) {
    found = [];
    const newest = await latestNumber();
    for (const r of ranges.each) {
      if (rangeStart(r) > newest) continue;
      found.push(...(await list([ranges.rest, r].filter(Boolean).join(' && '), perPage + 1 - found.length)));
      if (found.length > perPage) break;
    }
  } else found = await list(filter);
  return pageOf(found, perPage, notices);
}

/** how many orders the view finds, counted up to COUNT_CAP (shown as "1,000+") */
export async function countOrders(view: QueueView): Promise<{ count: number; capped: boolean }> {
  if (onlyWords(view)) {
    const counted = await wordCount(searchTerms(view.search!), searchLikes(view.search!), { key: view.search!, cap: COUNT_CAP });
    if (counted !== null) return { count: counted, capped: counted >= COUNT_CAP };
  }
  const { filter, empty, stream } = await viewFilter({ ...view, after: undefined });
  if (empty) return { count: 0, capped: false };
  const counted = stream ? await countStream(filter, stream) : null;
  if (counted !== null) return { count: Math.min(counted, COUNT_CAP), capped: counted >= COUNT_CAP };
  // one pass over the matches that stops at COUNT_CAP (a COUNT(*) never stops early);
  // PocketBase's page holds at most 1,000, so exactly COUNT_CAP reads as "1,000+"
  const res = await collection('orders').getList(1, COUNT_CAP, { filter, sort: '-number', fields: 'id', skipTotal: true });
  return res.items.length >= COUNT_CAP ? { count: COUNT_CAP, capped: true } : { count: res.items.length, capped: false };
}
