// Sorting a batch into totes at the bench (F17): every scanned item goes to the first tote (in
// tote order) whose order still needs it; the pick is counted on that order's line like any
// other pick, so each order's screen and the office see it live.
import { i18n } from '$lib/i18n/index.svelte';
import type { BatchItem, BatchTote } from '$lib/picking/api';
import { trpc } from '$lib/trpc';
import { byBin } from '$lib/documents/templates/bins';
import { signal } from './feedback';
import { isComplete, matchScan, remaining } from './match';
import { describePackError, packMessage } from './pack-errors';
import { LivePickList } from './pick-list.svelte';

export interface ToteCallout {
  kind: 'tote' | 'refused';
  tote?: number;
  number?: number;
  name?: string;
  message: string;
  at: number;
}

export class BatchSort {
  totes = $state<BatchTote[]>([]);
  items = $state<BatchItem[]>([]);
  call = $state<ToteCallout | null>(null);
  error = $state<string | null>(null);
  loaded = $state(false);
  /** every order's pick list has loaded: scans can be called into totes */
  listsLoaded = $state(false);
  private lists = new Map<string, LivePickList>();

  constructor(
    private orderIds: string[],
    private me: { id: string; name: string }
  ) {}

  async start() {
    try {
      const batch = await trpc.pack.batch.query({ orderIds: this.orderIds });
      this.totes = batch.totes;
      this.items = batch.items;
      this.loaded = true;
    } catch (e) {
      this.error = describePackError(e).message;
      return;
    }
    const starts = this.totes.map((t) => {
      const list = new LivePickList(t.orderId, this.me);
      this.lists.set(t.orderId, list);
      return list.start();
    });
    void Promise.all(starts).then(() => (this.listsLoaded = true));
  }

  destroy() {
    this.lists.forEach((l) => l.destroy());
    this.lists.clear();
  }

  /** The walk in bin order, with what each tote still needs as the picks come in. */
  get walk() {
    return this.items
      .map((item) => ({
        ...item,
        picks: item.picks.map((p) => {
          const line = this.lists.get(p.orderId)?.shown.find((l) => l.id === p.lineId);
          return { ...p, left: line ? remaining(line) : p.qty };
        })
      }))
      .sort(byBin);
  }

  isOrderComplete(orderId: string) {
    const list = this.lists.get(orderId);
    return !!list && isComplete(list.shown);
  }

  progressOf(orderId: string) {
    const shown = this.lists.get(orderId)?.shown ?? [];
    return `${shown.reduce((s, l) => s + Math.min(l.picked, l.qty), 0)}/${shown.reduce((s, l) => s + l.qty, 0)}`;
  }

  /** every tote complete; also a batch reopened after all its orders were packed */
  get done() {
    return this.loaded && this.totes.every((t) => this.isOrderComplete(t.orderId));
  }

  sort(code: string) {
    let overPicked: string | null = null;
    for (const tote of this.totes) {
      const list = this.lists.get(tote.orderId);
      if (!list?.order || list.order.pickability !== 'pickable') continue;
      const m = matchScan(code, list.shown, 1); // shown: picked includes what waits to be sent
      if (m.kind === 'bad-check-digit') return this.refuse(packMessage('pack.refused.bad_check_digit', { code: m.code, expected: m.expected }));
      if (m.kind === 'over-pick') overPicked ??= m.line.name;
      if (m.kind !== 'line') continue;
      list.scan(code);
      this.call = { kind: 'tote', tote: tote.tote, number: tote.number, name: m.line.name, message: i18n.t('pack.batch.putInto', { tote: tote.tote, name: m.line.name }), at: Date.now() };
      return;
    }
    this.refuse(overPicked ? i18n.t('pack.batch.allSorted', { name: overPicked }) : i18n.t('pack.batch.notInBatch', { code }));
  }

  private refuse(message: string) {
    this.call = { kind: 'refused', message, at: Date.now() };
    signal('refused');
  }
}
