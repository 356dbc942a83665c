// A list screen as live state: fetched for a filter, then kept current by a Socket.IO room,
// refetched after a gap. Only the newest fetch may fill the list (a later filter wins).
import type { RecordEvent, RoomName } from './events';
import { listen } from './socket';

export interface ListPage<Item> {
  items: Item[];
  totalItems: number;
  totalPages: number;
}

export abstract class LiveList<Item, Filter, Page extends ListPage<Item> = ListPage<Item>> {
  items = $state<Item[]>([]);
  totalItems = $state(0);
  totalPages = $state(1);
  loading = $state(true);
  error = $state<string | null>(null);
  protected filter: Filter;
  private stopListening: (() => void) | null = null;
  private seq = 0;

  constructor(
    private room: RoomName,
    initial: Filter
  ) {
    this.filter = initial;
  }

  /** one page for the current filter */
  protected abstract fetchPage(filter: Filter): Promise<Page>;
  /** the message a failed fetch shows */
  protected abstract describe(e: unknown): string;
  /** a live record event for this list */
  abstract apply(e: RecordEvent): void;
  /** what else a page brings besides the list (e.g. the time zone it was computed in) */
  protected received(_page: Page): void {}

  start(filter: Filter) {
    this.filter = filter;
    this.stopListening ??= listen(this.room, { onRecord: (e) => this.apply(e), onResync: () => this.refetch() });
    return this.refetch();
  }

  async refetch() {
    const seq = ++this.seq;
    this.loading = true;
    try {
      const page = await this.fetchPage(this.filter);
      if (seq !== this.seq) return; // a newer filter won
      this.items = page.items;
      this.totalItems = page.totalItems;
      this.totalPages = page.totalPages;
      this.received(page);
      this.error = null;
    } catch (e) {
      if (seq === this.seq) this.error = this.describe(e);
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  destroy() {
    this.stopListening?.();
    this.stopListening = null;
  }
}
