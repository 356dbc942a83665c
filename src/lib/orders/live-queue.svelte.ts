// The order queue as live state: fetched once, then kept current by the `queue` room (F45).
// Pages are keyset pages (F26): `after` is the number of the last order of the page before;
// the count arrives separately after the list (`countLoaded`), capped at 1,000 ("1,000+").
import type { RecordEvent } from '$lib/realtime/events';
import { upsertById } from '$lib/realtime/apply';
import { LiveList } from '$lib/realtime/live-list.svelte';
import { describeError, trpc } from '$lib/trpc';
import type { QueueOrder, QueuePage } from '$lib/orders/api';
import type { QueueView } from './view';
import { STAGE_STATUSES } from '$lib/orders/states';

/** the queue's filter: the URL's view */
export type QueueFilterState = QueueView;

export function matchesFilter(o: Partial<QueueOrder>, f: QueueFilterState): boolean {
  if (f.stage && !(o.status && STAGE_STATUSES[f.stage].includes(o.status))) return false;
  if (f.status && o.status !== f.status) return false;
  if (f.paymentStatus && o.payment_status !== f.paymentStatus) return false;
  if (f.fulfilmentStatus && o.fulfilment_status !== f.fulfilmentStatus) return false;
  if (f.paymentMethod && o.payment_method !== f.paymentMethod) return false;
  return true;
}

/** filters only the server can decide (text, dates, customer), or a later page */
const serverDecides = (f: QueueFilterState) => Boolean(f.search || f.month || f.from || f.to || f.customer || f.after);

type Page = QueuePage & { totalItems: number; totalPages: number };

export class LiveQueue extends LiveList<QueueOrder, QueueFilterState, Page> {
  /** order numbers that arrived live and have not been looked at yet */
  fresh = $state<number[]>([]);
  nextCursor = $state<string | null>(null);
  notices = $state<QueuePage['notices']>([]);
  /** the count is at least this (more than the cap) */
  capped = $state(false);
  countLoaded = $state(false);
  private countSeq = 0;

  constructor(private onNewOrder?: (o: QueueOrder) => void) {
    super('queue', {});
  }

  protected async fetchPage(f: QueueFilterState): Promise<Page> {
    const page = await trpc.orders.queue.query(f);
    return { ...page, totalItems: page.items.length, totalPages: page.nextCursor ? 2 : 1 };
  }

  protected received(page: Page) {
    this.nextCursor = page.nextCursor;
    this.notices = page.notices;
    void this.loadCount(this.filter);
  }

  /** the count, after the list (a slow count never holds the list up) */
  async loadCount(f: QueueFilterState) {
    const seq = ++this.countSeq;
    this.countLoaded = false;
    try {
      const { after: _after, ...view } = f;
      const res = await trpc.orders.queueCount.query(view);
      if (seq !== this.countSeq) return;
      this.totalItems = res.count;
      this.capped = res.capped;
      this.countLoaded = true;
    } catch {
      // the list stands without its count
    }
  }

  protected describe(e: unknown) {
    return describeError(e).message;
  }

  apply(e: RecordEvent) {
    if (e.collection !== 'orders') return;
    const rec = e.record as unknown as QueueOrder;
    const known = this.items.some((o) => o.id === rec.id);
    if (e.action === 'delete' || !matchesFilter(rec, this.filter)) {
      if (known) {
        this.items = this.items.filter((o) => o.id !== rec.id);
        this.totalItems = Math.max(0, this.totalItems - 1);
      }
      return;
    }
    // searches and later pages are decided by the server; live-add only on the first page
    if (!known && serverDecides(this.filter)) return;
    this.items = upsertById(this.items, e.action, e.record).sort((a, b) => b.number - a.number);
    if (!known) {
      if (!this.capped) this.totalItems++;
      if (e.action === 'create') {
        this.fresh = [...this.fresh, rec.number];
        this.onNewOrder?.(rec);
      }
    }
  }
}

/** Orders ticked in the queue for a bulk action (F28, F35); kept across pages and filters until cleared. */
export class QueueSelection {
  ids = $state<string[]>([]);

  has = (id: string): boolean => this.ids.includes(id);

  set(ids: string[], on: boolean) {
    this.ids = on ? [...new Set([...this.ids, ...ids])] : this.ids.filter((id) => !ids.includes(id));
  }

  clear() {
    this.ids = [];
  }
}
