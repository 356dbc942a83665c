// The payment queue as live state: fetched, then kept current by the `queue` room. An order
// that gets paid or cancelled anywhere leaves at once; a new one comes in with its age
// (computed by the server in the shop's time zone) through a short refetch.
import type { RecordEvent } from '$lib/realtime/events';
import { isNewer } from '$lib/realtime/apply';
import { LiveList } from '$lib/realtime/live-list.svelte';
import { trpc } from '$lib/trpc';
import type { PaymentQueueOrder } from '$lib/payments/api';
import type { PaymentMethod } from '$lib/payments/methods';
import { describePaymentError } from './errors';

const AWAITING = ['unpaid', 'pending', 'failed'];

type PaymentQueuePage = Awaited<ReturnType<typeof trpc.payments.queue.query>>;

/** what the bulk dialog shows of a selected order */
export type SelectedOrder = Pick<PaymentQueueOrder, 'id' | 'number' | 'customer_name' | 'total_cents' | 'currency'>;

export interface PaymentQueueFilter {
  method?: PaymentMethod;
  page: number;
}

export function awaitsPayment(o: Partial<PaymentQueueOrder>, f: PaymentQueueFilter): boolean {
  return o.status === 'placed' && AWAITING.includes(o.payment_status ?? '') && (!f.method || o.payment_method === f.method);
}

export class LivePaymentQueue extends LiveList<PaymentQueueOrder, PaymentQueueFilter, PaymentQueuePage> {
  timeZone = $state('');
  private pending: ReturnType<typeof setTimeout> | null = null;

  constructor(private perPage = 100) {
    super('queue', { page: 1 });
  }

  protected fetchPage(f: PaymentQueueFilter) {
    return trpc.payments.queue.query({ method: f.method, page: f.page, perPage: this.perPage });
  }

  protected received(page: PaymentQueuePage) {
    this.timeZone = page.timeZone;
  }

  protected describe(e: unknown) {
    return describePaymentError(e).message;
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
    super.destroy();
  }
}
