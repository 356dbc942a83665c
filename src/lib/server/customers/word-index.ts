// The customer search's word index (#14, F27) is brought up to date in batches like the orders'
// (../orders/word-index.ts): PocketBase's triggers note each changed customer in
// `customer_words_pending`, and every second the app server asks PocketBase to take them into
// `customer_words` (pb_hooks/lib/customer-words.js). A search adds the pending customers to
// what the index finds (`pendingCustomers`), so a customer is found from the moment it is written.
import { collection, pb } from '../pocketbase/client';
import { oneRunAtATime, startEvery, stopEvery } from '../cluster/periodic';
import { INTERVAL_MS } from '../orders/word-index';

/** Takes up to `limit` pending customers into the index; how many it took and how many still wait. */
export function flushCustomerWords(limit = 2000): Promise<{ flushed: number; left: number }> {
  return pb().send('/api/packbench/customer-words/flush', { method: 'POST', body: { limit } });
}

/** The ids of the customers the index has not caught up with; null when more than `max` wait. */
export async function pendingCustomers(max: number): Promise<string[] | null> {
  const page = await collection('customer_words_pending').getList<{ id: string }>(1, max + 1, { fields: 'id', skipTotal: true });
  return page.items.length > max ? null : page.items.map((p) => p.id);
}

export function startCustomerWords(): void {
  startEvery('customer-words', INTERVAL_MS, oneRunAtATime('[customers] word index update', async () => {
    while ((await flushCustomerWords()).left > 0);
  }));
}

export const stopCustomerWords = () => stopEvery('customer-words');
