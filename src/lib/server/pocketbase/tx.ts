// Typed client for pb_hooks/tx.pb.js: several writes applied in ONE PocketBase transaction.
// Domain code builds a UnitOfWork; a rule that fails (not enough stock, a stale version,
// a state precondition) rolls everything back and comes out as a TxFailure.
import { ClientResponseError } from 'pocketbase';
import { pb } from './client';

type Body = Record<string, unknown>;
export type StockReason =
  | 'initial' | 'order_placed' | 'order_amended' | 'order_cancelled' | 'line_cancelled' | 'shipped'
  | 'returned_restock' | 'returned_writeoff' | 'exchange' | 'shelf_count' | 'adjustment';

export type TxOp =
  | { op: 'counter'; name: string; as: string }
  | { op: 'create'; collection: string; body: Body; as?: string; quiet?: boolean }
  | { op: 'update'; collection: string; id: string; body?: Body; ifVersion?: number; expect?: Record<string, unknown>; as?: string }
  | { op: 'increment'; collection: string; id: string; field: string; by: number; min?: number; max?: number; maxField?: string; expect?: Record<string, unknown> }
  | { op: 'delete'; collection: string; id: string }
  | { op: 'findOrCreate'; collection: string; match: Record<string, unknown>; body: Body; as?: string }
  | { op: 'absent'; collection: string; match: Record<string, unknown> }
  | {
      op: 'stock';
      product: string;
      delta_on_hand?: number;
      delta_reserved?: number;
      reason: StockReason;
      order?: string;
      order_line?: string;
      actor?: string;
      note?: string;
      /** preconditions on the product, e.g. the price the order was priced with */
      expect?: Record<string, unknown>;
    };

export type TxFailureCode =
  | 'insufficient_stock' | 'version_conflict' | 'precondition_failed' | 'out_of_range'
  | 'not_found' | 'invalid' | 'unique_violation' | 'bad_op' | 'bad_ref' | 'bad_request' | 'exists';

export class TxFailure extends Error {
  constructor(
    public code: TxFailureCode,
    message: string,
    public details: Record<string, unknown> & { index?: number }
  ) {
    super(message);
    this.name = 'TxFailure';
  }
}

/** A reference to an earlier op's result, usable in any later op's values. */
export type Ref = `$ref:${string}`;

export class UnitOfWork {
  readonly ops: TxOp[] = [];
  private n = 0;
  private readonly after = new Set<() => void>();

  private ref(prefix: string): { as: string; ref: Ref } {
    const as = `${prefix}${++this.n}`;
    return { as, ref: `$ref:${as}` };
  }

  /** next value of a gap-free counter (order numbers, invoice numbers) */
  counter(name: string): Ref {
    const { as, ref } = this.ref('counter');
    this.ops.push({ op: 'counter', name, as });
    return ref;
  }

  /**
   * creates a record; the returned ref stands for its id. `quiet`: not sent to the realtime
   * feed, for the rows of a record created in this same unit that no screen can have open yet
   * (a new order's lines). Packbench's PocketBase honours it; the JS engine broadcasts anyway.
   */
  create(collection: string, body: Body, opts: { quiet?: boolean } = {}): Ref {
    const { as, ref } = this.ref('id');
    this.ops.push({ op: 'create', collection, body, as, ...(opts.quiet ? { quiet: true } : {}) });
    return ref;
  }

  update(collection: string, id: string, body: Body, opts: { ifVersion?: number; expect?: Record<string, unknown> } = {}) {
    this.ops.push({ op: 'update', collection, id, body, ...opts });
    return this;
  }

  increment(collection: string, id: string, field: string, by: number, bounds: { min?: number; max?: number; maxField?: string; expect?: Record<string, unknown> } = {}) {
    this.ops.push({ op: 'increment', collection, id, field, by, ...bounds });
    return this;
  }

  /** the first record whose fields equal every `match` value, else a new one from `body`; the ref stands for its id */
  findOrCreate(collection: string, match: Record<string, unknown>, body: Body): Ref {
    const { as, ref } = this.ref('id');
    this.ops.push({ op: 'findOrCreate', collection, match, body, as });
    return ref;
  }

  /** the unit fails with 'exists' (details.record) if a record has every `match` value: a key already used */
  absent(collection: string, match: Record<string, unknown>) {
    this.ops.push({ op: 'absent', collection, match });
    return this;
  }

  delete(collection: string, id: string) {
    this.ops.push({ op: 'delete', collection, id });
    return this;
  }

  /** moves stock and writes its ledger row; refuses to take more than is available */
  stock(move: Omit<Extract<TxOp, { op: 'stock' }>, 'op'>) {
    this.ops.push({ op: 'stock', ...move });
    return this;
  }

  get size() {
    return this.ops.length;
  }

  /** `fn` runs once after the unit committed (not when it failed); the same fn once however often it is added */
  afterCommit(fn: () => void) {
    this.after.add(fn);
    return this;
  }

  /** applies every op in one transaction; `via` a GroupCommit, possibly together with other units */
  async commit(via?: { commit(ops: TxOp[]): Promise<unknown[]> }): Promise<unknown[]> {
    const results = await (via ? via.commit(this.ops) : runTx(this.ops));
    for (const fn of this.after) fn();
    return results;
  }
}

export async function runTx(ops: TxOp[]): Promise<unknown[]> {
  try {
    const res = await pb().send<{ results: unknown[] }>('/api/packbench/tx', { method: 'POST', body: { ops } });
    return res.results;
  } catch (e) {
    if (e instanceof ClientResponseError && e.status >= 400 && e.status < 500 && e.response?.code) {
      const r = e.response as { code: TxFailureCode; message: string; details?: Record<string, unknown> };
      throw new TxFailure(r.code, r.message, r.details ?? {});
    }
    throw e;
  }
}
