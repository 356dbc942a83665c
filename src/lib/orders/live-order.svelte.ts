// One order as live state: lines, notes, timeline and who else has it open (F15, F29).
import type { RecordEvent, Viewer } from '$lib/realtime/events';
import { upsertById } from '$lib/realtime/apply';
import { listen } from '$lib/realtime/socket';
import { describeError, trpc } from '$lib/trpc';
import type { EventView, NoteView, OrderDetail } from '$lib/orders/api';

type Order = OrderDetail['order'];
type Line = OrderDetail['lines'][number];

export class LiveOrder {
  order = $state<Order | null>(null);
  lines = $state<Line[]>([]);
  notes = $state<NoteView[]>([]);
  events = $state<EventView[]>([]);
  /** #15: the timeline arrives a page at a time, newest first; older pages on request */
  olderEvents = $state(false);
  loadingOlder = $state(false);
  viewers = $state<Viewer[]>([]);
  error = $state<string | null>(null);
  notFound = $state(false);
  private stop: (() => void) | null = null;

  constructor(public readonly id: string) {}

  async start() {
    this.stop = listen(`order:${this.id}`, {
      onRecord: (e) => this.apply(e),
      onPresence: (v) => (this.viewers = v),
      onResync: () => this.refetch()
    });
    await this.refetch();
  }

  async refetch() {
    try {
      const d = await trpc.orders.get.query({ id: this.id });
      this.order = d.order;
      this.lines = d.lines;
      this.notes = d.notes;
      this.events = d.events;
      this.olderEvents = d.olderEvents;
      this.error = null;
    } catch (e) {
      const err = describeError(e);
      this.notFound = err.status === 404;
      this.error = err.message;
    }
  }

  apply(e: RecordEvent) {
    switch (e.collection) {
      case 'orders':
        if (this.order && e.record.updated >= this.order.updated) this.order = { ...this.order, ...(e.record as Partial<Order>) };
        break;
      case 'order_lines':
        this.lines = upsertById(this.lines, e.action, e.record).sort((a, b) => a.position - b.position);
        break;
      case 'order_notes':
        this.notes = upsertById(this.notes, e.action, e.record);
        break;
      case 'order_events':
        this.events = upsertById(this.events, e.action, e.record);
        break;
    }
  }

  /** the next page of older timeline events */
  async loadOlderEvents() {
    const oldest = this.events.reduce<EventView | null>((o, e) => (!o || e.created < o.created || (e.created === o.created && e.id < o.id) ? e : o), null);
    if (!oldest || this.loadingOlder) return;
    this.loadingOlder = true;
    try {
      const page = await trpc.orders.timeline.query({ orderId: this.id, before: { created: oldest.created, id: oldest.id } });
      for (const e of page.events) this.events = upsertById(this.events, 'create', e);
      this.olderEvents = page.older;
    } catch (e) {
      this.error = describeError(e).message;
    } finally {
      this.loadingOlder = false;
    }
  }

  /** our own note, shown before its live event arrives; the event then merges by id */
  addLocalNote(note: NoteView) {
    this.notes = upsertById(this.notes, 'create', { ...note, updated: note.updated });
  }

  destroy() {
    this.stop?.();
    this.stop = null;
  }
}
