// Fixed-window limits per key (sign-in, checkout, tracking page and socket, pairing, PIN)
// through rate-limiter-flexible. The store is chosen in `store()` alone: in memory with one app
// server; with REDIS_URL (several app servers, docs/scale-out.md) RateLimiterRedis with the same
// options, so the N+1th attempt is refused whichever server it reaches (issue #17).
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { redis } from './redis';

function store(name: string, limit: number, windowMs: number): RateLimiterAbstract {
  const opts = { keyPrefix: `packbench:${name}`, points: limit, duration: windowMs / 1000 };
  const client = redis();
  // while Redis is unreachable each server counts on its own rather than failing every request
  return client
    ? new RateLimiterRedis({ ...opts, storeClient: client, useRedisPackage: true, insuranceLimiter: new RateLimiterMemory(opts) })
    : new RateLimiterMemory(opts);
}

export class RateLimiter {
  private readonly store: RateLimiterAbstract;

  /** `name` keeps the keys of two limiters apart once they share a store. */
  constructor(
    name: string,
    readonly limit: number,
    windowMs: number
  ) {
    this.store = store(name, limit, windowMs);
  }

  /** Counts one attempt; resolves to the seconds to wait (for Retry-After) when over the limit, else 0. */
  async hit(key: string): Promise<number> {
    try {
      await this.store.consume(key);
      return 0;
    } catch (e) {
      if (e instanceof RateLimiterRes) return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      throw e; // the store failed (a shared store can): not a reason to let everyone in silently
    }
  }

  async reset(key: string): Promise<void> {
    await this.store.delete(key);
  }
}
