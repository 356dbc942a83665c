// The customers page's live state (#14): the list (newest first, "more" pages by keyset) and
// one customer (contact data, notes, orders). Both listen to the `customers` room: a change
// made in another browser is read again, never merged blindly into what is shown.
import { listen } from '$lib/realtime/socket';
import { describeError, trpc } from '$lib/trpc';
import type { CustomerListItem, CustomerOrders, CustomerPage } from './api';

export class CustomersList {
  items = $state<CustomerListItem[]>([]);
  next = $state<string | null>(null);
  refine = $state(false);
  loading = $state(true);
  error = $state<string | null>(null);
  search = $state('');
  private seq = 0;
  private stop: (() => void) | null = null;
  private reading: Promise<void> | null = null;
  private again = false;

  start() {
    this.stop ??= listen('customers', { onRecord: () => this.changed(), onResync: () => this.changed() });
    return this.refetch();
  }

  /**
   * A customer changed somewhere: read the list again, once for however many changes arrive
   * meanwhile (a checkout rush creates a customer per order; one read at a time is enough).
   */
  private changed() {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.refetch().finally(() => {
      this.reading = null;
      if (this.again) {
        this.again = false;
        this.changed();
      }
    });
  }

  destroy() {
    this.stop?.();
    this.stop = null;
  }

  /** the first page for the current search (pages already loaded are read again as one) */
  async refetch() {
    const seq = ++this.seq;
    this.loading = true;
    try {
      const page = await trpc.customers.list.query({ search: this.search || undefined });
      if (seq !== this.seq) return;
      Object.assign(this, { items: page.items, next: page.next, refine: page.refine, error: null });
    } catch (e) {
      if (seq === this.seq) this.error = describeError(e).message;
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  async more() {
    if (!this.next) return;
    const seq = ++this.seq;
    try {
      const page = await trpc.customers.list.query({ after: this.next });
      if (seq !== this.seq) return;
      this.items = [...this.items, ...page.items];
      this.next = page.next;
    } catch (e) {
      if (seq === this.seq) this.error = describeError(e).message;
    }
  }
}

export class LiveCustomer {
  data = $state<CustomerPage | null>(null);
  orders = $state<CustomerOrders['items']>([]);
  nextOrders = $state<number | null>(null);
  error = $state<string | null>(null);
  /** another browser changed this customer since it was shown */
  changedElsewhere = $state(false);
  private stop: (() => void) | null = null;

  constructor(readonly id: string) {}

  start() {
    this.stop = listen('customers', {
      onRecord: (e) => {
        if (e.record.id === this.id || e.record.customer === this.id) void this.load();
      },
      onResync: () => void this.load()
    });
    return this.load();
  }

  destroy() {
    this.stop?.();
  }

  async load() {
    try {
      const [data, orders] = await Promise.all([trpc.customers.get.query({ id: this.id }), trpc.customers.orders.query({ id: this.id })]);
      if (this.data && data.customer.version !== this.data.customer.version) this.changedElsewhere = true;
      Object.assign(this, { data, orders: orders.items, nextOrders: orders.next, error: null });
    } catch (e) {
      this.error = describeError(e).message;
    }
  }

  async moreOrders() {
    if (!this.nextOrders) return;
    const page = await trpc.customers.orders.query({ id: this.id, after: this.nextOrders });
    this.orders = [...this.orders, ...page.items];
    this.nextOrders = page.next;
  }
}
