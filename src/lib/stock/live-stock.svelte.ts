// The stock list as live state: fetched once, then kept current by the `stock` room, which
// hears every product change (a checkout's reservation, a shipment, a count, the dashboard).
import type { LiveRecord, RecordEvent } from '$lib/realtime/events';
import { upsertById } from '$lib/realtime/apply';
import { listen } from '$lib/realtime/socket';
import { trpc } from '$lib/trpc';
import { describeOrderError } from '$lib/shop/app-error';
import type { StockRow } from '$lib/stock/api';
import { isLowStock } from '$lib/catalogue/product';

const FIELDS = ['id', 'sku', 'name', 'bin', 'price_cents', 'on_hand', 'reserved', 'active', 'low_stock_threshold', 'updated'] as const;

export interface LowStockAlert {
  id: string;
  name: string;
  available: number;
  threshold: number;
}

export class LiveStock {
  rows = $state<StockRow[]>([]);
  loading = $state(true);
  error = $state<string | null>(null);
  /** products whose available stock just fell to or below their threshold (while the page is open) */
  alerts = $state<LowStockAlert[]>([]);
  private stop: (() => void) | null = null;

  start() {
    this.stop ??= listen('stock', { onRecord: (e) => this.apply(e), onResync: () => this.refetch() });
    return this.refetch();
  }

  async refetch() {
    this.loading = true;
    try {
      this.rows = await trpc.stock.list.query({});
      this.error = null;
    } catch (e) {
      this.error = describeOrderError(e).message;
    } finally {
      this.loading = false;
    }
  }

  apply(e: RecordEvent) {
    if (e.collection !== 'products') return;
    // only what the table shows: the stock room carries whole product records
    const shown = Object.fromEntries(FIELDS.filter((f) => f in e.record).map((f) => [f, e.record[f]]));
    const record: LiveRecord = { ...shown, id: e.record.id, updated: e.record.updated };
    const before = this.rows.find((r) => r.id === record.id);
    const after = { ...before, ...record } as StockRow;
    if (e.action !== 'delete' && before && !isLowStock(before) && isLowStock(after)) {
      this.alerts = [...this.alerts.filter((a) => a.id !== after.id), { id: after.id, name: after.name, available: after.on_hand - after.reserved, threshold: after.low_stock_threshold }];
    }
    if (!isLowStock(after)) this.alerts = this.alerts.filter((a) => a.id !== after.id);
    this.rows = upsertById(this.rows, e.action, record).sort((a, b) => String(a.sku).localeCompare(String(b.sku)));
  }

  dismiss(id: string) {
    this.alerts = this.alerts.filter((a) => a.id !== id);
  }

  destroy() {
    this.stop?.();
    this.stop = null;
  }
}
