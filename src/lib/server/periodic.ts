// One run at a time for a periodic job of the app server (schedulers, index batches): a tick
// that comes while the last run still works is skipped, and PocketBase being away is said
// once, then retried quietly until it answers again.
import { isUnavailable } from './pocketbase/client';

export function oneRunAtATime(label: string, run: () => Promise<unknown>, when: () => boolean = () => true): () => Promise<void> {
  let busy = false;
  let quiet = false;
  return async () => {
    if (busy || !when()) return;
    busy = true;
    try {
      await run();
      quiet = false;
    } catch (e) {
      if (!isUnavailable(e) || !quiet) console.error(`${label} failed:`, isUnavailable(e) ? 'PocketBase is not reachable' : e);
      quiet = isUnavailable(e);
    } finally {
      busy = false;
    }
  };
}
