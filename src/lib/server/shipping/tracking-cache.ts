// Recently built customer views by token, so a customer reloading the page (or many opening
// it after the delivery e-mail went out) costs no database work. Only used while this app
// server's relay feeds changes in: every change to an order drops its views at once; a short
// lifetime covers the moments the feed reconnects.
import type { TrackingView } from './tracking-types';

const TTL_MS = 10_000;
const MAX = 5_000;

export class TrackingCache {
  private byToken = new Map<string, { orderId: string; view: TrackingView; at: number }>();
  private tokensOf = new Map<string, Set<string>>();
  /** set while changes reach forget() (the relay runs in this process) */
  enabled = false;

  get(token: string, now = Date.now()): TrackingView | null {
    const e = this.enabled ? this.byToken.get(token) : undefined;
    return e && now - e.at <= TTL_MS ? e.view : null;
  }

  set(token: string, orderId: string, view: TrackingView, now = Date.now()) {
    if (!this.enabled) return;
    this.byToken.delete(token);
    this.byToken.set(token, { orderId, view, at: now });
    this.tokensOf.set(orderId, (this.tokensOf.get(orderId) ?? new Set()).add(token));
    // a Map keeps insertion order: the first key is the oldest
    if (this.byToken.size > MAX) this.drop(this.byToken.keys().next().value!);
  }

  forget(orderId: string) {
    for (const token of this.tokensOf.get(orderId) ?? []) this.byToken.delete(token);
    this.tokensOf.delete(orderId);
  }

  clear() {
    this.byToken.clear();
    this.tokensOf.clear();
  }

  private drop(token: string) {
    const e = this.byToken.get(token);
    this.byToken.delete(token);
    if (e) this.tokensOf.get(e.orderId)?.delete(token);
  }
}

export const trackingCache = new TrackingCache();
