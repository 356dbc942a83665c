// One run at a time for a periodic job of the app server (schedulers, index batches): a tick
// that comes while the last run still works is skipped, and PocketBase being away is said
// once, then retried quietly until it answers again.
import { isUnavailable } from '../pocketbase/client';

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

type Timers = { __packbenchTimers?: Map<string, NodeJS.Timeout> };
const timers = ((globalThis as Timers).__packbenchTimers ??= new Map());

/** Runs `tick` every `ms` under `key` (once per key, also across a dev server's reloads); the timer keeps no process alive. */
export function startEvery(key: string, ms: number, tick: () => unknown): void {
  if (timers.has(key)) return;
  const timer = setInterval(tick, ms);
  timer.unref();
  timers.set(key, timer);
}

export function stopEvery(key: string): void {
  clearInterval(timers.get(key));
  timers.delete(key);
}
