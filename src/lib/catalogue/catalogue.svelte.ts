// The catalogue screen's state: one page of products for the current search and filters,
// refetched when they change and when a product changes elsewhere (the `stock` room hears
// every product save).
import { listen } from '$lib/realtime/socket';
import { trpc, describeError } from '$lib/trpc';
import type { ProductList } from './api';
import type { ProductStatus } from './product';

export class CatalogueList {
  search = $state('');
  status = $state<ProductStatus>('active');
  lowStock = $state(false);
  page = $state(1);
  data = $state<ProductList | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  private seq = 0;
  private stop: (() => void) | null = null;
  private pending: ReturnType<typeof setTimeout> | null = null;

  start() {
    this.stop ??= listen('stock', { onRecord: (e) => e.collection === 'products' && this.soon(), onResync: () => this.refetch() });
    return this.refetch();
  }

  /** many saves at once (an import, a delivery) become one refetch */
  private soon() {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      void this.refetch();
    }, 300);
  }

  async refetch() {
    const mine = ++this.seq;
    this.loading = true;
    try {
      const data = await trpc.catalogue.list.query({ search: this.search.trim() || undefined, status: this.status, lowStock: this.lowStock, page: this.page, perPage: 50 });
      if (mine === this.seq) {
        this.data = data;
        this.error = null;
      }
    } catch (e) {
      if (mine === this.seq) this.error = describeError(e).message;
    } finally {
      if (mine === this.seq) this.loading = false;
    }
  }

  destroy() {
    this.stop?.();
    this.stop = null;
    if (this.pending) clearTimeout(this.pending);
  }
}
