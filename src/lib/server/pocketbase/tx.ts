// Typed client for pb_hooks/tx.pb.js: several writes applied in ONE PocketBase transaction.
// Domain code builds a UnitOfWork; a rule that fails (not enough stock, a stale version,
// a state precondition) rolls everything back and comes out as a TxFailure.
import { ClientResponseError } from 'pocketbase';
import { pb } from './client';
import type { CollectionName, CreateBody, FieldName, Fields, NumericField, UpdateBody } from './collections';

type Body = Record<string, unknown>;
export type StockReason =
  | 'initial' | 'order_placed' | 'order_amended' | 'order_cancelled' | 'line_cancelled' | 'shipped'
  | 'returned_restock' | 'returned_writeoff' | 'exchange' | 'shelf_count' | 'adjustment' | 'received'
  | 'hold_expired' | 'hold_renewed';

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
      expect?: Expect<'products'>;
    };

/** What each failure code carries (pocketbase/tx/tx.go); `index` names the op that failed. */
export interface StockShortage {
  product: string;
  sku: string;
  name: string;
  on_hand: number;
  reserved: number;
  available: number;
  requested: number;
  index?: number;
}
type Exported = Record<string, unknown>;
export interface TxFailureDetails {
  /** the first short line's fields, and every short line in `shortages` when checked up front */
  insufficient_stock: Partial<StockShortage> & { shortages?: StockShortage[]; order_line?: string };
  version_conflict: { collection: string; id: string; expectedVersion: number; currentVersion: number; record: Exported };
  precondition_failed: { collection: string; id: string; field: string; actual: unknown; expected: unknown[]; record: Exported };
  out_of_range: { collection: string; id: string; field: string; value: number; min: number; max: number | null; record: Exported };
  exists: { collection: string; id: string; record: Exported };
  not_found: { collection: string; id: string };
  /** a unique index refused the write: a duplicate key (an idempotency key, a client id) raced */
  unique_violation: { collection: string; index: string; fields?: string[] };
  /** PocketBase's validation refused a value (a duplicate key is unique_violation) */
  invalid: { collection?: string; id?: string; op?: string; field?: string };
  bad_op: Record<string, never>;
  bad_ref: Record<string, never>;
  bad_request: Record<string, never>;
}
export type TxFailureCode = keyof TxFailureDetails;

class Failure<C extends TxFailureCode> extends Error {
  constructor(
    public code: C,
    message: string,
    public details: TxFailureDetails[C] & { index?: number }
  ) {
    super(message);
    this.name = 'TxFailure';
  }
}

/**
 * A refused unit of work: a union over the codes, so `e.code === 'x'` narrows `e.details`.
 * `e instanceof TxFailure` narrows to the union (TypeScript reads the type of `prototype`).
 */
export type TxFailure = { [C in TxFailureCode]: Failure<C> }[TxFailureCode];
export const TxFailure = Failure as unknown as {
  new <C extends TxFailureCode>(code: C, message: string, details: TxFailureDetails[C] & { index?: number }): Failure<C>;
  readonly prototype: TxFailure;
};

/** From the wire, where details arrive untyped. */
export function txFailure(code: TxFailureCode, message: string, details: Record<string, unknown> | undefined): TxFailure {
  return new TxFailure(code, message, (details ?? {}) as never) as TxFailure;
}

/**
 * A duplicate key raced us. The engines answer `unique_violation` once they learn to tell
 * it from other validation errors; until that lands they say `invalid`, so both count.
 */
export function isDuplicateKey(e: unknown): e is Failure<'unique_violation'> {
  return e instanceof TxFailure && e.code === 'unique_violation';
}

declare const resultType: unique symbol;
/** A reference to an earlier op's result (`$ref:`), usable in any later op's values; T is what it resolves to. */
/** (the phantom `resultType` is required: a `Ref<string>` must not pass where a `Ref<number>` goes) */
export type Ref<T = string> = `$ref:${string}` & { readonly [resultType]: T };
/** An op whose result the caller may read after commit (an update's new version, an increment's value). */
export interface Step<T> {
  readonly step: number;
  readonly [resultType]?: T;
}
export interface StockResult {
  product: string;
  on_hand: number;
  reserved: number;
}

/** The results of a committed unit, read through the refs and steps its ops returned. */
export class Committed {
  constructor(
    private readonly names: ReadonlyMap<string, number>,
    private readonly results: readonly unknown[]
  ) {}

  private at(i: number | undefined, what: string): unknown {
    if (i === undefined || i >= this.results.length) throw new Error(`No result for ${what} in this unit`);
    return this.results[i];
  }

  value<T>(r: Ref<T> | Step<T>): T {
    return (typeof r === 'string' ? this.at(this.names.get(r.slice(5)), r) : this.at(r.step, `op ${r.step}`)) as T;
  }

  /** the id a create or findOrCreate resolved to */
  id(r: Ref<string>): string {
    return this.value(r);
  }

  /** `v` with every ref in it (at any depth) replaced by what it resolved to, as the engine stored it */
  resolve<T>(v: T): T {
    if (typeof v === 'string') return (v.startsWith('$ref:') ? this.at(this.names.get(v.slice(5)), v) : v) as T;
    if (Array.isArray(v)) return v.map((x) => this.resolve(x)) as T;
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.resolve(x)])) as T;
    return v;
  }
}

/** a field's value in an op: a number field also takes a counter's `Ref<number>` (an id field, a string, takes a `Ref<string>` as it is) */
type TxValue<T> = T extends number ? T | Ref<number> : T;
type WithRefs<B> = { [F in keyof B]: TxValue<B[F]> };
/** a create's (or findOrCreate's) body, typed from the Collections map */
export type TxCreate<K extends CollectionName> = WithRefs<CreateBody<K>>;
export type TxUpdate<K extends CollectionName> = WithRefs<UpdateBody<K>>;
/** records whose fields have these values (findOrCreate, absent) */
export type TxMatch<K extends CollectionName> = WithRefs<Partial<Fields<K>>> & { id?: string };
/** state preconditions: each field's value as read, or the values it may have */
export type Expect<K extends CollectionName> = { [F in FieldName<K>]?: Fields<K>[F] | readonly Fields<K>[F][] };

type UpdateOpts<K extends CollectionName> = { ifVersion?: number; expect?: Expect<K> };
export type IncrementBounds<K extends CollectionName> = { min?: number; max?: number; maxField?: NumericField<K>; expect?: Expect<K> };

export class UnitOfWork {
  readonly ops: TxOp[] = [];
  private n = 0;
  private readonly names = new Map<string, number>();
  private readonly after = new Set<(committed: Committed) => void>();

  private ref<T>(prefix: string): { as: string; ref: Ref<T> } {
    const as = `${prefix}${++this.n}`;
    this.names.set(as, this.ops.length);
    return { as, ref: `$ref:${as}` as Ref<T> };
  }

  private push<T>(op: TxOp): Step<T> {
    this.ops.push(op);
    return { step: this.ops.length - 1 };
  }

  /** next value of a gap-free counter (order numbers, invoice numbers) */
  counter(name: string): Ref<number> {
    const { as, ref } = this.ref<number>('counter');
    this.ops.push({ op: 'counter', name, as });
    return ref;
  }

  /**
   * creates a record; the returned ref stands for its id. `quiet`: not sent to the realtime
   * feed, for the rows of a record created in this same unit that no screen can have open yet
   * (a new order's lines). Packbench's PocketBase honours it; the JS engine broadcasts anyway.
   */
  create<K extends CollectionName>(collection: K, body: TxCreate<K>, opts: { quiet?: boolean } = {}): Ref<string> {
    const { as, ref } = this.ref<string>('id');
    this.ops.push({ op: 'create', collection, body, as, ...(opts.quiet ? { quiet: true } : {}) });
    return ref;
  }

  /** with `ifVersion` the step resolves to the new version, else to the record's id */
  update<K extends CollectionName>(collection: K, id: string, body: TxUpdate<K>, opts: UpdateOpts<K> & { ifVersion: number }): Step<number>;
  update<K extends CollectionName>(collection: K, id: string, body: TxUpdate<K>, opts?: UpdateOpts<K>): Step<string>;
  update<K extends CollectionName>(collection: K, id: string, body: TxUpdate<K>, opts: UpdateOpts<K> = {}): Step<number | string> {
    return this.push({ op: 'update', collection, id, body, ...opts });
  }

  /** the step resolves to the field's new value */
  increment<K extends CollectionName>(collection: K, id: string, field: NumericField<K>, by: number, bounds: IncrementBounds<K> = {}): Step<number> {
    return this.push({ op: 'increment', collection, id, field, by, ...bounds });
  }

  /** the first record whose fields equal every `match` value, else a new one from `body`; the ref stands for its id */
  findOrCreate<K extends CollectionName>(collection: K, match: TxMatch<K>, body: TxCreate<K>): Ref<string> {
    const { as, ref } = this.ref<string>('id');
    this.ops.push({ op: 'findOrCreate', collection, match, body, as });
    return ref;
  }

  /** the unit fails with 'exists' (details.record) if a record has every `match` value: a key already used */
  absent<K extends CollectionName>(collection: K, match: TxMatch<K>): Step<null> {
    return this.push({ op: 'absent', collection, match });
  }

  delete(collection: CollectionName, id: string): Step<null> {
    return this.push({ op: 'delete', collection, id });
  }

  /** moves stock and writes its ledger row; refuses to take more than is available */
  stock(move: Omit<Extract<TxOp, { op: 'stock' }>, 'op'>): Step<StockResult> {
    return this.push({ op: 'stock', ...move });
  }

  get size() {
    return this.ops.length;
  }

  /** `fn` runs once after the unit committed (not when it failed), with its results; the same fn once however often it is added */
  afterCommit(fn: (committed: Committed) => void) {
    this.after.add(fn);
    return this;
  }

  /** applies every op in one transaction; `via` a GroupCommit, possibly together with other units */
  async commit(via?: { commit(ops: TxOp[]): Promise<unknown[]> }): Promise<Committed> {
    const results = await (via ? via.commit(this.ops) : send(this.ops));
    const committed = new Committed(this.names, results);
    for (const fn of this.after) fn(committed);
    return committed;
  }
}

async function send(ops: TxOp[]): Promise<unknown[]> {
  try {
    const res = await pb().send<{ results: unknown[] }>('/api/packbench/tx', { method: 'POST', body: { ops } });
    return res.results;
  } catch (e) {
    if (e instanceof ClientResponseError && e.status >= 400 && e.status < 500 && e.response?.code) {
      const r = e.response as { code: TxFailureCode; message: string; details?: Record<string, unknown> };
      throw txFailure(r.code, r.message, r.details);
    }
    throw e;
  }
}

/** A unit of one or a few ops built in place, committed at once: `commitOne((uow) => uow.update(...))`. */
export async function commitOne(build: (uow: UnitOfWork) => unknown, via?: Parameters<UnitOfWork['commit']>[0]): Promise<Committed> {
  const uow = new UnitOfWork();
  build(uow);
  return uow.commit(via);
}
