// New outbox rows from this process wake its running workers directly: the rows are created
// quietly (kept off PocketBase's realtime feed, see pocketbase/tx), so that a checkout rush
// does not send two outbox events per order through the feed. Rows written any other way
// still reach the workers through their realtime subscription, and every worker polls.
const wakers = new Set<() => void>();

/** a worker's wake(), while it runs; returns the unregister function */
export function onOutboxQueued(wake: () => void): () => void {
  wakers.add(wake);
  return () => wakers.delete(wake);
}

/** called after a unit of work that queued outbox rows committed */
export function outboxQueued() {
  for (const wake of wakers) wake();
}
