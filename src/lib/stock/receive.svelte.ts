// Goods in (#14) as browser state, for the office screen and the tablet alike: scan or search a
// product, it becomes a line (scanned again: one more), quantities typed, then one booking. The
// delivery's idempotency key is made when the delivery starts, so a double tap or a retry after
// a lost answer books it once; a new key only after it was booked.
import { describeError, trpc } from '$lib/trpc';
import type { RouterOutputs } from '$lib/trpc';

export type ReceiveCandidate = RouterOutputs['stock']['findForReceiving'][number];
export type BookedReceipt = RouterOutputs['stock']['receive'];

export interface ReceiveLine {
  productId: string;
  sku: string;
  name: string;
  bin: string;
  qty: string;
}

const newKey = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

export class Delivery {
  supplierRef = $state('');
  lines = $state<ReceiveLine[]>([]);
  candidates = $state<ReceiveCandidate[]>([]);
  busy = $state(false);
  error = $state<string | null>(null);
  /** which line the refusal is about (1-based), to mark it */
  errorLine = $state<number | null>(null);
  booked = $state<BookedReceipt | null>(null);
  private key = newKey();

  get units(): number {
    return this.lines.reduce((s, l) => s + (Number.isInteger(Number(l.qty)) ? Math.max(0, Number(l.qty)) : 0), 0);
  }

  add(p: { id: string; sku: string; name: string; bin: string }, qty = 1) {
    this.booked = null;
    this.candidates = [];
    const line = this.lines.find((l) => l.productId === p.id);
    if (line) line.qty = String((Number(line.qty) || 0) + qty);
    else this.lines.push({ productId: p.id, sku: p.sku, name: p.name, bin: p.bin, qty: String(qty) });
  }

  /** a scan or a typed code: an exact GTIN/SKU adds a unit at once, else the matches to pick from */
  async find(code: string): Promise<'added' | 'choose' | 'none'> {
    this.error = null;
    try {
      const found = await trpc.stock.findForReceiving.query({ code });
      const exact = found.filter((f) => f.exact);
      if (exact.length === 1) {
        this.add(exact[0]);
        return 'added';
      }
      this.candidates = found;
      return found.length ? 'choose' : 'none';
    } catch (e) {
      this.error = describeError(e).message;
      return 'none';
    }
  }

  remove(i: number) {
    this.lines.splice(i, 1);
  }

  async book(): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.error = null;
    this.errorLine = null;
    try {
      this.booked = await trpc.stock.receive.mutate({
        idempotencyKey: this.key,
        supplierRef: this.supplierRef,
        lines: this.lines.map((l) => ({ productId: l.productId, qty: l.qty.trim() === '' ? NaN : Number(l.qty) }))
      });
      this.key = newKey();
      this.lines = [];
      this.supplierRef = '';
      return true;
    } catch (e) {
      const d = describeError(e);
      this.error = d.message;
      this.errorLine = typeof d.params.line === 'number' ? d.params.line : null;
      return false;
    } finally {
      this.busy = false;
    }
  }
}
