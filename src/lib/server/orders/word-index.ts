// The order search's word index (F25/F26, issue #15) is brought up to date in batches, not in
// the checkout's transaction: PocketBase's triggers note each changed order in
// `order_words_pending`, and every second the app server asks PocketBase to take up to 2,000
// of them into `order_words` in one transaction (pb_hooks/lib/order-words.js). Written in the
// checkout, the ~30 word rows of each order cost a third of the checkout's throughput. A
// search adds the pending orders to what the index finds (word-stream.ts), so nothing is
// missed meanwhile. Every app server runs the loop; the batches queue on PocketBase's writer.
import { pb } from '../pocketbase/client';
import { oneRunAtATime, startEvery, stopEvery } from '../cluster/periodic';

const BATCH = 2000;
export const INTERVAL_MS = Number(process.env.WORD_INDEX_FLUSH_MS ?? 1000);

/** Takes up to `limit` pending orders into the index; how many it took and how many still wait. */
export function flushWordIndex(limit = BATCH): Promise<{ flushed: number; left: number }> {
  return pb().send('/api/packbench/order-words/flush', { method: 'POST', body: { limit } });
}

export function startWordIndex(): void {
  // a backlog (an import, a restart after a rush) goes batch after batch
  startEvery('order-words', INTERVAL_MS, oneRunAtATime('[search] word index update', async () => {
    while ((await flushWordIndex()).left > 0);
  }));
}

export const stopWordIndex = () => stopEvery('order-words');
