// The order queue as live state: fetched once, then kept current by the `queue` room (F45).
import type { RecordEvent } from '$lib/realtime/events';
import { upsertById } from '$lib/realtime/apply';
import { LiveList } from '$lib/realtime/live-list.svelte';
import { describeError, trpc } from '$lib/trpc';
import type { QueueOrder } from '$lib/orders/api';
import { STAGE_STATUSES, type OrderStage } from '$lib/orders/states';

export interface QueueFilterState {
  stage?: OrderStage;
  status?: QueueOrder['status'];
  paymentStatus?: QueueOrder['payment_status'];
  fulfilmentStatus?: QueueOrder['fulfilment_status'];
  paymentMethod?: Exclude<QueueOrder['payment_method'], ''>;
  search?: string;
  page: number;
}

export function matchesFilter(o: Partial<QueueOrder>, f: QueueFilterState): boolean {
  if (f.stage && !(o.status && STAGE_STATUSES[f.stage].includes(o.status))) return false;
  if (f.status && o.status !== f.status) return false;
  if (f.paymentStatus && o.payment_status !== f.paymentStatus) return false;
  if (f.fulfilmentStatus && o.fulfilment_status !== f.fulfilmentStatus) return false;
  if (f.paymentMethod && o.payment_method !== f.paymentMethod) return false;
  return true;
}

export class LiveQueue extends LiveList<QueueOrder, QueueFilterState> {
  /** order numbers that arrived live and have not been looked at yet */
  fresh = $state<number[]>([]);

  constructor(private onNewOrder?: (o: QueueOrder) => void) {
    super('queue', { page: 1 });
  }

  protected fetchPage(f: QueueFilterState) {
    return trpc.orders.queue.query({ ...f, search: f.search || undefined });
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
    // searches are decided by the server; live-add only on the first page without search
    if (!known && (this.filter.search || this.filter.page > 1)) return;
    this.items = upsertById(this.items, e.action, e.record).sort((a, b) => b.number - a.number);
    if (!known) {
      this.totalItems++;
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
