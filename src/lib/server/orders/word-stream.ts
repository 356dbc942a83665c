// The order search's candidates from the word index, newest first (F26, issue #15). PocketBase
// answers, for the search words, the orders whose words start with the rarest of them below a
// cursor, plus the orders the index has not caught up with (pb_hooks/lib/order-words-newest.js).
// A search of words only gets its whole page in that one request (`wordRows`: PocketBase checks
// the candidates' search_text itself). With other filters, the queue checks the candidates
// against the whole view a chunk at a time (`streamed`) and asks for the next ones below the
// last until its page is full. Either way a common word ("Müller", 20,000 orders) costs its
// page, not its orders. A word too short to narrow ("m") answers `scan`: the scan of the orders
// newest first finds such a dense word's page sooner.
import { collection, pb } from '../pocketbase/client';
import type { OrderRecord } from '../pocketbase/records';

export const COUNT_CAP = 1000;

/** candidates checked per request (a filter of `number = …` terms stays under PocketBase's limit) */
const CHUNK = 100;
/** candidates asked for per round after the first (the count asks for 1,000) */
const BATCH = 200;
/**
 * rounds of candidates before the queue scans on from the last one instead: a common word with
 * a rare filter ("Müller" and refunded) would otherwise check its candidates 200 at a time
 */
const MAX_ROUNDS = 10;
/** the lazy count checks at most this many candidates, then counts by the scan */
const COUNT_CHECKS = 5000;

/** the candidates of one round, newest first; `exhausted`: nothing older than the last can match */
export type Found = { scan?: undefined; keyIds?: undefined; numbers: number[]; exhausted: boolean };
export type Candidates = { scan: true; keyIds?: undefined } | Found;

/**
 * The newest `limit` candidates below order number `before` (none: from the newest). `sortUpTo`
 * is for tests: a word with more rows is walked per stored word instead of sorted (the same answer).
 */
export function newestCandidates(terms: string[], opts: { before?: number; limit: number; sortUpTo?: number }): Promise<Candidates> {
  return pb().send<Candidates>('/api/packbench/order-words/newest', { method: 'POST', body: { terms, ...opts } });
}

/**
 * The same, with the search text tried first as a key (SKU, tracking number, invoice number,
 * e-mail address): when it finds 1–80 orders, their ids (`keyIds`) instead.
 */
export function keyedCandidates(key: string, terms: string[], opts: { before?: number; limit: number }): Promise<Candidates | { keyIds: string[]; scan?: undefined }> {
  return pb().send('/api/packbench/order-words/newest', { method: 'POST', body: { terms, key, ...opts } });
}

/**
 * A whole page of a search that has only words, in one request: `key` (the search text) as a
 * SKU, tracking number, invoice number or e-mail address first (1–80 orders: those, `key:
 * true`), else the candidates checked against each word's pattern of search_text, newest
 * first, below `before`, at most `want`. `done: false`: the rest comes from the scan below
 * `before` (null: from the newest order).
 */
export function wordRows<T>(
  terms: string[],
  likes: string[],
  opts: { key?: string; before?: number; want: number; fields: string }
): Promise<{ rows: T[]; done: boolean; before: number | null; key?: true }> {
  return pb().send('/api/packbench/order-words/rows', { method: 'POST', body: { terms, likes, key: opts.key, before: opts.before, want: opts.want, fields: opts.fields.split(',') } });
}

/**
 * How many orders a search of words only finds, counted up to `cap`, in one request: the key's
 * orders, or the candidates checked against each word's pattern. Null: count by the scan.
 */
export async function wordCount(terms: string[], likes: string[], opts: { key?: string; cap: number }): Promise<number | null> {
  const res = await pb().send<{ counted: boolean; count?: number }>('/api/packbench/order-words/count', { method: 'POST', body: { terms, likes, key: opts.key, cap: opts.cap } });
  return res.counted ? (res.count ?? 0) : null;
}

/** candidates from the word index for a search too big to go into the queue's filter */
export interface WordStream {
  terms: string[];
  first: Found;
}

export const numbersFilter = (numbers: number[]) => (numbers.length ? `(${numbers.map((n) => `number = ${n}`).join(' || ')})` : 'number = 0');

/** the orders among `numbers` that match `filter`, newest first, at most `want` */
function ordersIn<T extends Partial<OrderRecord>>(filter: string, numbers: number[], want: number, fields: string): Promise<T[]> {
  return collection('orders')
    .getList<T>(1, want, { filter: [filter, numbersFilter(numbers)].filter(Boolean).join(' && '), sort: '-number', fields, skipTotal: true })
    // `fields` is the caller's list for its shape T (a string, not a literal the map can read)
    .then((r) => r.items as T[]);
}

/**
 * The orders of a word stream that match `filter`, newest first, a chunk at a time, until
 * `want` are found: the next candidates come below the last one checked. After MAX_ROUNDS (or
 * when the index answers `scan`) the scan of the orders goes on from there.
 */
export async function* streamed<T extends Partial<OrderRecord>>(filter: string, stream: WordStream, want: number, fields: string): AsyncGenerator<T[]> {
  let batch = stream.first;
  let found = 0;
  for (let round = 1; ; round++) {
    for (let i = 0; i < batch.numbers.length && found < want; i += CHUNK) {
      const chunk = batch.numbers.slice(i, i + CHUNK);
      const items = await ordersIn<T>(filter, chunk, Math.min(want - found, chunk.length), fields);
      found += items.length;
      yield items;
    }
    if (found >= want || batch.exhausted || !batch.numbers.length) return;
    const before = batch.numbers[batch.numbers.length - 1];
    const next: Candidates = round < MAX_ROUNDS ? await newestCandidates(stream.terms, { before, limit: BATCH }) : { scan: true };
    if (next.scan) {
      // every candidate newer than `before` has been checked
      yield await collection('orders')
        .getList<T>(1, want - found, { filter: [filter, `number < ${before}`].filter(Boolean).join(' && '), sort: '-number', fields, skipTotal: true })
        .then((r) => r.items as T[]);
      return;
    }
    batch = next;
  }
}

/**
 * A word stream's matches counted up to COUNT_CAP, checking 1,000 candidates a round (chunks
 * in parallel). Null when it would check more than COUNT_CHECKS: the scan counts instead.
 */
export async function countStream(filter: string, stream: WordStream): Promise<number | null> {
  let batch: Candidates = stream.first;
  let count = 0;
  let checked = 0;
  for (;;) {
    if (batch.scan) return null;
    const { numbers } = batch;
    const chunks = Array.from({ length: Math.ceil(numbers.length / CHUNK) }, (_, i) => numbers.slice(i * CHUNK, (i + 1) * CHUNK));
    const found = await Promise.all(chunks.map((c) => ordersIn<{ id: string }>(filter, c, c.length, 'id')));
    count += found.reduce((n, f) => n + f.length, 0);
    checked += numbers.length;
    if (count >= COUNT_CAP || batch.exhausted || !numbers.length) return count;
    if (checked >= COUNT_CHECKS) return null;
    batch = await newestCandidates(stream.terms, { before: numbers[numbers.length - 1], limit: COUNT_CAP });
  }
}
