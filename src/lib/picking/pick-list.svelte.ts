// One order's automatic pick list as live state (F13, F15, F16). Scans are checked here first
// (at once, also offline), queued, and sent; the server has the last word. Picks, undos, notes
// and status changes from other screens arrive through the order's room.
import { i18n } from '$lib/i18n/index.svelte';
import type { LiveRecord, RecordEvent, Viewer } from '$lib/realtime/events';
import { listen } from '$lib/realtime/socket';
import type { PackActivity, PackLine, PackNote, PackOrder, Pickability } from '$lib/picking/api';
import { trpc } from '$lib/trpc';
import { upsertById } from '$lib/realtime/apply';
import { connection, onScanOutcome, sendScan } from './connection.svelte';
import { signal } from './feedback';
import { isComplete, matchScan, remaining } from './match';
import { cacheOrder, cachedOrder } from './order-cache';
import { describePackError, packMessage } from './pack-errors';
import { newScanId, tabletQueue, type QueuedScan, type ScanQueue } from './scan-queue.svelte';

export interface ScanFeedback {
  kind: 'ok' | 'refused' | 'done' | 'info';
  message: string;
  /** for refusals: what is still to pick */
  expected?: string;
  at: number;
}

export interface StatusNote {
  id: string;
  type: string;
  actor: string;
  created: string;
}

export type ScanOutcome = { kind: 'handled' } | { kind: 'open-order'; number: number };

export class LivePickList {
  order = $state<PackOrder['order'] | null>(null);
  lines = $state<PackLine[]>([]);
  notes = $state<PackNote[]>([]);
  activity = $state<PackActivity[]>([]);
  statusNotes = $state<StatusNote[]>([]);
  viewers = $state<Viewer[]>([]);
  feedback = $state<ScanFeedback | null>(null);
  loadError = $state<string | null>(null);
  fromCache = $state(false);
  /** units the next scan counts (bulk items) */
  nextQty = $state(1);

  private stops: (() => void)[] = [];
  /** counts changes applied to the lines; a fetch that saw one happen meanwhile is stale */
  private changes = 0;

  constructor(
    public readonly id: string,
    private me: { id: string; name: string },
    private queue: ScanQueue = tabletQueue()
  ) {}

  /** lines with what this tablet counted but the server has not confirmed yet */
  get shown() {
    return this.lines.map((l) => ({ ...l, pending: this.queue.pendingFor(l.id), picked: l.picked + this.queue.pendingFor(l.id) }));
  }

  get complete() {
    return isComplete(this.shown);
  }

  /** scans of this order waiting for the connection */
  get queued() {
    return this.queue.forOrder(this.id).length;
  }

  async start() {
    this.stops.push(
      listen(`order:${this.id}`, { onRecord: (e) => this.apply(e), onPresence: (v) => (this.viewers = v), onResync: () => this.refetch() }),
      onScanOutcome(
        (scan, result) => scan.orderId === this.id && this.confirmed(scan, result),
        (scan, message) => scan.orderId === this.id && this.refuse(message)
      )
    );
    await this.refetch();
    void this.flush();
  }

  destroy() {
    this.stops.forEach((s) => s());
    this.stops = [];
  }

  async refetch() {
    try {
      // a pick confirmed (or a line event applied) while the fetch was on its way may be missing
      // from its answer: showing it would take the count back, so fetch again (a few times at most)
      let d: PackOrder;
      for (let tries = 0; ; tries++) {
        const before = this.changes;
        d = await trpc.pack.order.query({ id: this.id });
        if (before === this.changes || tries === 3) break;
      }
      this.show(d);
      this.fromCache = false;
      this.loadError = null;
    } catch (e) {
      const err = describePackError(e);
      const cached = err.network ? cachedOrder(this.id) : null;
      if (cached) {
        this.show(cached, false);
        this.fromCache = true;
      } else this.loadError = err.message;
    }
  }

  private show(d: PackOrder, cache = true) {
    this.order = d.order;
    this.lines = d.lines;
    this.notes = d.notes;
    this.activity = d.activity;
    if (cache) cacheOrder(d);
  }

  private snapshot() {
    if (this.order && !this.fromCache) cacheOrder({ order: this.order, lines: this.lines, notes: this.notes, activity: this.activity });
  }

  apply(e: RecordEvent) {
    const r = e.record;
    switch (e.collection) {
      case 'orders':
        if (this.order && r.updated >= this.order.updated) {
          this.order = { ...this.order, updated: r.updated, fulfilmentStatus: (r.fulfilment_status as never) ?? this.order.fulfilmentStatus, pickability: pickabilityOf(r as Record<string, unknown>, this.order.pickability) };
          if (this.order.pickability === 'cancelled') this.refuse(i18n.t('pack.refused.order_cancelled'));
        }
        break;
      case 'order_lines': {
        this.changes++;
        const known = this.lines.some((l) => l.id === r.id);
        if (!known && e.action !== 'delete') return void this.refetch(); // the office added a line: bins and codes come with a refetch
        this.lines = upsertById(this.lines, e.action, r, (current, incoming) => ({ ...current!, picked: Number(incoming.picked ?? current!.picked), qty: Number(incoming.qty ?? current!.qty), updated: incoming.updated }));
        this.snapshot();
        break;
      }
      case 'picks': {
        const scanId = typeof r.client_scan_id === 'string' ? r.client_scan_id : '';
        if (scanId && this.queue.has(scanId)) {
          // counted on the server: no longer pending. The line's new count comes in the same
          // transaction's line event, a moment later; until then the unit is counted on the line,
          // so it never vanishes (a scan in between would be matched one unit short)
          const lineId = String(r.order_line);
          this.lines = this.lines.map((l) => (l.id === lineId && l.updated < r.updated ? { ...l, picked: l.picked + Number(r.qty), updated: r.updated } : l));
          this.changes++;
          this.queue.remove(scanId);
        }
        this.activity = upsertById(this.activity, e.action, r).slice(-50);
        break;
      }
      case 'order_notes':
        this.notes = upsertById(this.notes, e.action, { ...r, author: (r.author as { name?: string } | null)?.name ?? '' });
        break;
      case 'order_events':
        this.statusNotes = [...this.statusNotes.filter((s) => s.id !== r.id), { id: r.id, type: String(r.type), actor: String(r.actor ?? ''), created: String(r.created ?? r.updated) }];
        break;
    }
  }

  /** What is still to pick, for refusal messages: "2 × Earl Grey (A-01-2)". */
  expected(): string {
    const open = this.shown.filter((l) => remaining(l) > 0);
    if (!open.length) return i18n.t('pack.scan.nothingLeft');
    return i18n.t('pack.scan.expected', { list: open.map((l) => `${remaining(l)} × ${l.name}${l.bin ? ` (${l.bin})` : ''}`).join(', ') });
  }

  private refuse(message: string) {
    this.feedback = { kind: 'refused', message, expected: this.expected(), at: Date.now() };
    signal('refused');
  }

  /** Refused at once; the product's name follows when the server knows the code. */
  private refuseUnknown(code: string) {
    this.refuse(packMessage('pack.refused.not_on_order', { code }));
    const shown = this.feedback;
    if (!connection.online) return;
    trpc.pack.identify
      .query({ code })
      .then(({ name }) => {
        if (name && this.feedback === shown && shown) this.feedback = { ...shown, message: packMessage('pack.refused.not_on_order', { code, product: name }) };
      })
      .catch(() => {});
  }

  private tell(kind: ScanFeedback['kind'], message: string) {
    this.feedback = { kind, message, at: Date.now() };
    if (kind !== 'info') signal(kind);
  }

  /** A code from the camera, the hand scanner or typed by hand. */
  scan(raw: string): ScanOutcome {
    const order = this.order;
    if (!order) return { kind: 'handled' };
    const qty = this.nextQty;
    this.nextQty = 1;
    const m = matchScan(raw, this.lines, qty, (l) => this.queue.pendingFor(l.id));
    if (m.kind === 'order-number') {
      if (m.number !== order.number) return { kind: 'open-order', number: m.number };
      this.tell('info', i18n.t('pack.scan.thisOrder', { number: order.number }));
      return { kind: 'handled' };
    }
    if (order.pickability !== 'pickable') {
      this.refuse(packMessage(`pack.refused.order_${order.pickability}`));
      return { kind: 'handled' };
    }
    if (m.kind === 'bad-check-digit') this.refuse(packMessage('pack.refused.bad_check_digit', { code: m.code, expected: m.expected }));
    else if (m.kind === 'not-on-order') this.refuseUnknown(m.code);
    else if (m.kind === 'over-pick') this.refuse(packMessage('pack.refused.over_pick', { name: m.line.name, qty: m.line.qty, code: m.code }));
    else {
      this.enqueue({ kind: 'pick', lineId: m.line.id, qty, code: m.code, label: m.line.name });
      const line = this.shown.find((l) => l.id === m.line.id)!;
      if (this.complete) this.tell('done', i18n.t('pack.scan.allPicked'));
      else this.tell('ok', i18n.t('pack.scan.counted', { name: line.name, picked: line.picked, qty: line.qty, count: qty }));
    }
    return { kind: 'handled' };
  }

  private enqueue(s: Pick<QueuedScan, 'kind' | 'lineId' | 'qty' | 'code' | 'pickId' | 'label'>) {
    this.queue.add({ ...s, clientScanId: newScanId(), orderId: this.id, orderNumber: this.order!.number, staffId: this.me.id, queuedAt: Date.now() });
    void this.flush();
  }

  private flush() {
    return this.queue.flush(sendScan);
  }

  /** Takes back this packer's last scan on this order: still queued, or already counted. */
  async undo() {
    const mine = this.queue.forOrder(this.id).filter((s) => s.kind === 'pick' && s.staffId === this.me.id);
    const waiting = mine.at(-1);
    if (waiting && !(this.queue.sending && this.queue.items[0]?.clientScanId === waiting.clientScanId)) {
      this.queue.remove(waiting.clientScanId);
      return this.tell('info', i18n.t('pack.undo.done', { name: waiting.label }));
    }
    if (waiting) await this.flush(); // it is on its way: undo it once it is counted
    // taken back already, or about to be
    const undone = new Set([...this.activity.map((a) => a.undoes), ...this.queue.forOrder(this.id).map((s) => s.pickId)].filter(Boolean));
    const last = [...this.activity].reverse().find((a) => a.staff === this.me.id && a.qty > 0 && !undone.has(a.id));
    if (!last) return this.tell('info', i18n.t('pack.undo.nothing'));
    const line = this.lines.find((l) => l.id === last.order_line);
    this.enqueue({ kind: 'undo', lineId: last.order_line, qty: -last.qty, pickId: last.id, label: line?.name ?? '' });
    this.tell('info', i18n.t('pack.undo.done', { name: line?.name ?? '' }));
  }

  private confirmed(scan: QueuedScan, result: Awaited<ReturnType<typeof trpc.pack.pick.mutate>>) {
    this.queue.remove(scan.clientScanId);
    this.changes++;
    this.activity = upsertById(this.activity, 'create', result.pick as unknown as LiveRecord).slice(-50);
    const line = this.lines.find((l) => l.id === result.line.id);
    // only if no newer event has changed the line meanwhile
    if (line && line.picked + scan.qty === result.line.picked) this.lines = this.lines.map((l) => (l.id === line.id ? { ...l, picked: result.line.picked } : l));
    if (result.packed && this.order) {
      this.order = { ...this.order, fulfilmentStatus: 'packed', pickability: 'packed' };
      this.tell('done', i18n.t('pack.scan.packed', { number: this.order.number }));
    }
    this.snapshot();
  }

  get offline() {
    return !connection.online;
  }
}

function pickabilityOf(r: { status?: unknown; fulfilment_status?: unknown }, current: Pickability): Pickability {
  if (r.status === 'cancelled') return 'cancelled';
  if (r.fulfilment_status === 'unfulfilled' || r.fulfilment_status === 'picking') return current === 'packed' ? 'pickable' : current;
  if (r.fulfilment_status) return 'packed';
  return current;
}
