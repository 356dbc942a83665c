// The order search's word index (F25/F26, issue #15) is brought up to date in batches, not in
// the checkout's transaction: PocketBase's triggers note each changed order in
// `order_words_pending`, and every second the app server asks PocketBase to take up to 2,000
// of them into `order_words` in one transaction (pb_hooks/lib/order-words.js). Written in the
// checkout, the ~30 word rows of each order cost a third of the checkout's throughput. A
// search adds the pending orders to what the index finds (`pendingNumbers`), so nothing is
// missed meanwhile. Every app server runs the loop; the batches queue on PocketBase's writer.
import { collection, pb } from '../pocketbase/client';
import { oneRunAtATime, startEvery, stopEvery } from '../periodic';

const BATCH = 2000;
export const INTERVAL_MS = Number(process.env.WORD_INDEX_FLUSH_MS ?? 1000);

/** Takes up to `limit` pending orders into the index; how many it took and how many still wait. */
export function flushWordIndex(limit = BATCH): Promise<{ flushed: number; left: number }> {
  return pb().send('/api/packbench/order-words/flush', { method: 'POST', body: { limit } });
}

/** The numbers of the orders the index has not caught up with; null when more than `max` wait. */
export async function pendingNumbers(max: number): Promise<number[] | null> {
  return numbersUpTo('order_words_pending', {}, max);
}

/** PocketBase's most rows per page */
const PAGE_ROWS = 1000;

/**
 * The `number` of every row of a list when it has at most `max` rows, else null. Under a page
 * that is one read of `max + 1` rows; beyond, whether there are more is one row read at offset
 * `max` (the index walks there without sending the rows) and the rows come in pages of
 * PocketBase's 1,000, all at once. `probeOnly`: [] when there are at most `max`, without
 * reading them.
 */
export async function numbersUpTo(name: 'order_words' | 'order_words_pending', opts: { filter?: string; sort?: string }, max: number, { probeOnly = false } = {}): Promise<number[] | null> {
  const page = (n: number, perPage: number) => collection(name).getList<{ number: number }>(n, perPage, { ...opts, fields: 'number', skipTotal: true });
  if (!probeOnly && max < PAGE_ROWS) {
    const rows = (await page(1, max + 1)).items;
    return rows.length > max ? null : rows.map((r) => r.number);
  }
  const reads = probeOnly ? [] : Array.from({ length: Math.ceil(max / PAGE_ROWS) }, (_, i) => page(i + 1, Math.min(PAGE_ROWS, max)));
  const [beyond, ...pages] = await Promise.all([page(max + 1, 1), ...reads]);
  if (beyond.items.length) return null;
  return pages.flatMap((p) => p.items.map((r) => r.number));
}

export function startWordIndex(): void {
  // a backlog (an import, a restart after a rush) goes batch after batch
  startEvery('order-words', INTERVAL_MS, oneRunAtATime('[search] word index update', async () => {
    while ((await flushWordIndex()).left > 0);
  }));
}

export const stopWordIndex = () => stopEvery('order-words');
