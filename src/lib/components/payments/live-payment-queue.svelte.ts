// The payment queue as live state: fetched, then kept current by the `queue` room. An order
// that gets paid or cancelled anywhere leaves at once; a new one comes in with its age
// (computed by the server in the shop's time zone) through a short refetch.
import type { RecordEvent } from '$lib/realtime/events';
import { isNewer } from '$lib/realtime/apply';
import { listen } from '$lib/realtime/socket';
import { trpc } from '$lib/trpc';
import type { PaymentQueueOrder } from '$lib/server/payments/queue';
import type { PaymentMethod } from '$lib/server/pocketbase/records';
import { describePaymentError } from './errors';

const AWAITING = ['unpaid', 'pending', 'failed'];

/** what the bulk dialog shows of a selected order */
export type SelectedOrder = Pick<PaymentQueueOrder, 'id' | 'number' | 'customer_name' | 'total_cents' | 'currency'>;

export interface PaymentQueueFilter {
  method?: PaymentMethod;
  page: number;
}

export function awaitsPayment(o: Partial<PaymentQueueOrder>, f: PaymentQueueFilter): boolean {
  return o.status === 'placed' && AWAITING.includes(o.payment_status ?? '') && (!f.method || o.payment_method === f.method);
}

export class LivePaymentQueue {
  items = $state<PaymentQueueOrder[]>([]);
  totalItems = $state(0);
  totalPages = $state(1);
  timeZone = $state('');
  loading = $state(true);
  error = $state<string | null>(null);
  private filter: PaymentQueueFilter = { page: 1 };
  private stop: (() => void) | null = null;
  private seq = 0;
  private pending: ReturnType<typeof setTimeout> | null = null;

  constructor(private perPage = 100) {}

  start(filter: PaymentQueueFilter) {
    this.filter = filter;
    this.stop ??= listen('queue', { onRecord: (e) => this.apply(e), onResync: () => this.refetch() });
    return this.refetch();
  }

  async refetch() {
    const seq = ++this.seq;
    this.loading = true;
    try {
      const res = await trpc.payments.queue.query({ method: this.filter.method, page: this.filter.page, perPage: this.perPage });
      if (seq !== this.seq) return;
      this.items = res.items;
      this.totalItems = res.totalItems;
      this.totalPages = res.totalPages;
      this.timeZone = res.timeZone;
      this.error = null;
    } catch (e) {
      if (seq === this.seq) this.error = describePaymentError(e).message;
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  private refetchSoon() {
    if (this.pending) clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.pending = null;
      void this.refetch();
    }, 250);
  }

  apply(e: RecordEvent) {
    if (e.collection !== 'orders') return;
    const rec = e.record as unknown as Partial<PaymentQueueOrder> & { id: string; updated: string };
    const index = this.items.findIndex((o) => o.id === rec.id);
    if (index === -1) {
      if (e.action !== 'delete' && awaitsPayment(rec, this.filter)) this.refetchSoon();
      return;
    }
    if (!isNewer(rec, this.items[index])) return;
    if (e.action === 'delete' || !awaitsPayment({ ...this.items[index], ...rec }, this.filter)) {
      this.items = this.items.filter((o) => o.id !== rec.id);
      this.totalItems = Math.max(0, this.totalItems - 1);
      return;
    }
    const next = this.items.slice();
    next[index] = { ...next[index], ...rec };
    this.items = next;
  }

  destroy() {
    if (this.pending) clearTimeout(this.pending);
    this.stop?.();
    this.stop = null;
  }
}
