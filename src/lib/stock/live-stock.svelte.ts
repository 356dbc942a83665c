// The stock list as live state: fetched once, then kept current by the `stock` room, which
// hears every product change (a checkout's reservation, a shipment, a count, the dashboard).
import type { LiveRecord, RecordEvent } from '$lib/realtime/events';
import { upsertById } from '$lib/realtime/apply';
import { listen } from '$lib/realtime/socket';
import { trpc } from '$lib/trpc';
import { describeOrderError } from '$lib/shop/app-error';
import type { StockRow } from '$lib/stock/api';

const FIELDS = ['id', 'sku', 'name', 'bin', 'price_cents', 'on_hand', 'reserved', 'active', 'updated'] as const;

export class LiveStock {
  rows = $state<StockRow[]>([]);
  loading = $state(true);
  error = $state<string | null>(null);
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
    this.rows = upsertById(this.rows, e.action, record).sort((a, b) => String(a.sku).localeCompare(String(b.sku)));
  }

  destroy() {
    this.stop?.();
    this.stop = null;
  }
}
