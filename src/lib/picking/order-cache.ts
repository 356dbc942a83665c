// The last known state of the orders this tablet opened, so a reload without a connection still
// shows the lines to pick (F16). Only packer projections are stored; a handful of orders at most.
import type { PackOrder } from '$lib/picking/api';

const KEY = 'packbench.pack.orders';
const KEEP = 20;

type Cached = Record<string, { at: number; order: PackOrder }>;

function read(): Cached {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Cached;
  } catch {
    return {};
  }
}

export function cacheOrder(order: PackOrder) {
  try {
    const all = read();
    all[order.order.id] = { at: Date.now(), order };
    const newest = Object.entries(all).sort(([, a], [, b]) => b.at - a.at).slice(0, KEEP);
    localStorage.setItem(KEY, JSON.stringify(Object.fromEntries(newest)));
  } catch {
    // storage full or disabled: only the offline reload is lost
  }
}

export function cachedOrder(id: string): PackOrder | null {
  return read()[id]?.order ?? null;
}

/** Locking hands the tablet to someone else: nothing of the last order stays behind. */
export function forgetCachedOrders() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing to forget
  }
}
