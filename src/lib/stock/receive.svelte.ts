// Goods in (#14) as browser state, for the office screen and the tablet alike: scan or search a
// product, it becomes a line (scanned again: one more), quantities typed, then one booking. The
// delivery's idempotency key is made when the delivery starts, so a double tap or a retry after
// a lost answer books it once; a new key only after it was booked.
// Nothing typed is lost: with a storage key the delivery (lines, reference, key, and whether
// its booking waits) is kept on the device across reloads. Without a connection a scanned
// code becomes a line that waits for its product, and a booking waits too; `keepSyncing` looks
// the codes up and books once the connection is back, with the same key.
import { i18n } from '$lib/i18n/index.svelte';
import { describeError, isNetworkError, trpc } from '$lib/trpc';
import type { RouterOutputs } from '$lib/trpc';

export type ReceiveCandidate = RouterOutputs['stock']['findForReceiving'][number];
export type BookedReceipt = RouterOutputs['stock']['receive'];

export interface ReceiveLine {
  /** '' while a code scanned without a connection waits to be looked up */
  productId: string;
  /** the code as scanned, for a line that waits */
  code: string;
  sku: string;
  name: string;
  bin: string;
  qty: string;
  /** a waiting code that, once looked up, matched no product or several */
  problem?: 'none' | 'choose';
}

interface Draft {
  supplierRef: string;
  lines: ReceiveLine[];
  key: string;
  waiting: boolean;
}

const SYNC_MS = 3000;

const newKey = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

function loadDraft(storage: Storage | null, key: string | null): Draft | null {
  if (!storage || !key) return null;
  try {
    const d = JSON.parse(storage.getItem(key) ?? 'null') as Draft | null;
    return d && Array.isArray(d.lines) && typeof d.key === 'string' ? d : null;
  } catch {
    return null; // a damaged entry must not stop the screen
  }
}

export class Delivery {
  supplierRef = $state('');
  lines = $state<ReceiveLine[]>([]);
  candidates = $state<ReceiveCandidate[]>([]);
  busy = $state(false);
  error = $state<string | null>(null);
  /** which line the refusal is about (1-based), to mark it */
  errorLine = $state<number | null>(null);
  booked = $state<BookedReceipt | null>(null);
  /** the booking was asked for without a connection: it goes out once the connection is back */
  waiting = $state(false);
  /** the last request got no answer */
  offline = $state(false);
  private key = $state(newKey());
  private stopSaving: (() => void) | null = null;

  /** `storageKey`: where the device keeps the delivery (null: nowhere) */
  constructor(
    private storageKey: string | null = null,
    private storage: Storage | null = typeof localStorage === 'undefined' ? null : localStorage
  ) {
    const draft = loadDraft(storage, storageKey);
    if (draft) {
      this.supplierRef = draft.supplierRef ?? '';
      this.lines = draft.lines;
      this.key = draft.key;
      this.waiting = !!draft.waiting;
    }
    if (storageKey && storage) {
      this.stopSaving = $effect.root(() => {
        $effect(() => this.save());
      });
    }
  }

  private save() {
    const draft: Draft = { supplierRef: this.supplierRef, lines: this.lines, key: this.key, waiting: this.waiting };
    const empty = !draft.lines.length && !draft.supplierRef;
    try {
      if (empty) this.storage?.removeItem(this.storageKey!);
      else this.storage?.setItem(this.storageKey!, JSON.stringify(draft));
    } catch {
      // storage full or disabled: the delivery still works while the page is open
    }
  }

  destroy() {
    this.stopSaving?.();
  }

  get units(): number {
    return this.lines.reduce((s, l) => s + (Number.isInteger(Number(l.qty)) ? Math.max(0, Number(l.qty)) : 0), 0);
  }

  /** codes scanned without a connection that still wait to be looked up */
  get codesWaiting(): number {
    return this.lines.filter((l) => !l.productId && !l.problem).length;
  }

  add(p: { id: string; sku: string; name: string; bin: string }, qty = 1) {
    this.booked = null;
    this.candidates = [];
    const line = this.lines.find((l) => l.productId === p.id);
    if (line) line.qty = String((Number(line.qty) || 0) + qty);
    else this.lines.push({ productId: p.id, code: '', sku: p.sku, name: p.name, bin: p.bin, qty: String(qty) });
  }

  /** a code scanned without a connection: a line of its own until it is looked up */
  private addCode(code: string) {
    this.booked = null;
    const line = this.lines.find((l) => !l.productId && l.code === code);
    if (line) line.qty = String((Number(line.qty) || 0) + 1);
    else this.lines.push({ productId: '', code, sku: code, name: '', bin: '', qty: '1' });
  }

  /** a scan or a typed code: an exact GTIN/SKU adds a unit at once, else the matches to pick from */
  async find(code: string): Promise<'added' | 'choose' | 'none' | 'waiting'> {
    this.error = null;
    try {
      const found = await trpc.stock.findForReceiving.query({ code });
      this.offline = false;
      const exact = found.filter((f) => f.exact);
      if (exact.length === 1) {
        this.add(exact[0]);
        return 'added';
      }
      this.candidates = found;
      return found.length ? 'choose' : 'none';
    } catch (e) {
      if (isNetworkError(e)) {
        this.offline = true;
        this.addCode(code);
        return 'waiting';
      }
      this.error = describeError(e).message;
      return 'none';
    }
  }

  remove(i: number) {
    this.lines.splice(i, 1);
  }

  /** Looks up the codes that wait; throws on a lost connection (the rest keep waiting). */
  private async resolveCodes() {
    for (const line of this.lines.filter((l) => !l.productId && !l.problem)) {
      const found = await trpc.stock.findForReceiving.query({ code: line.code });
      const exact = found.filter((f) => f.exact);
      if (exact.length !== 1) {
        line.problem = found.length ? 'choose' : 'none';
        continue;
      }
      const p = exact[0];
      const same = this.lines.find((l) => l.productId === p.id);
      if (same) {
        same.qty = String((Number(same.qty) || 0) + (Number(line.qty) || 0));
        this.lines.splice(this.lines.indexOf(line), 1);
      } else Object.assign(line, { productId: p.id, sku: p.sku, name: p.name, bin: p.bin });
    }
  }

  async book(): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.error = null;
    this.errorLine = null;
    try {
      await this.resolveCodes();
      const unresolved = this.lines.findIndex((l) => !l.productId);
      if (unresolved >= 0) {
        // a code that matches nothing or several products: the packer decides (search it, or remove the line)
        this.waiting = false;
        const line = this.lines[unresolved];
        this.errorLine = unresolved + 1;
        this.error = i18n.t(`catalogue.receive.errors.code_${line.problem ?? 'none'}`, { line: unresolved + 1, code: line.code });
        return false;
      }
      this.booked = await trpc.stock.receive.mutate({
        idempotencyKey: this.key,
        supplierRef: this.supplierRef,
        lines: this.lines.map((l) => ({ productId: l.productId, qty: l.qty.trim() === '' ? NaN : Number(l.qty) }))
      });
      this.key = newKey();
      this.lines = [];
      this.supplierRef = '';
      this.waiting = false;
      this.offline = false;
      return true;
    } catch (e) {
      if (isNetworkError(e)) {
        // kept on the device with its key; sent again when the connection is back
        this.waiting = true;
        this.offline = true;
        return false;
      }
      const d = describeError(e);
      this.waiting = false;
      this.offline = false;
      this.error = d.message;
      this.errorLine = typeof d.params.line === 'number' ? d.params.line : null;
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Looks up waiting codes and sends a waiting booking: now, when the browser is online again, and every few seconds meanwhile. */
  keepSyncing(): () => void {
    const sync = async () => {
      if (this.busy) return;
      if (this.waiting) await this.book();
      else if (this.codesWaiting) {
        try {
          await this.resolveCodes();
          this.offline = false;
        } catch (e) {
          this.offline = isNetworkError(e);
        }
      }
    };
    // not in the caller's effect: what sync reads must not make the effect run again
    queueMicrotask(() => void sync());
    window.addEventListener('online', sync);
    const timer = setInterval(() => {
      if (this.waiting || this.codesWaiting) void sync();
    }, SYNC_MS);
    return () => {
      window.removeEventListener('online', sync);
      clearInterval(timer);
    };
  }
}
