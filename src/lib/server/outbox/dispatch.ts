// Immediate delivery of rows written already claimed (#16: webhooks at hundreds a second).
// A producer that asks `dispatcherFor(kind)` before its unit of work commits writes its rows
// with `attempts: 1` and a lease (`claim()`), and hands them over after the commit
// (`push`): no look-up, no claim write, and the results of many deliveries recorded in one
// unit of work. Nothing is lost when this process dies: the rows are in PocketBase, pending,
// and come due for any worker when the lease runs out. A row that waited here for half its
// lease goes back to the worker instead of being sent late by both.
import type { OutboxKind, OutboxRecord } from './types';
import { attempt, record, type Attempted, type AttemptContext } from './attempt';

export interface DispatchOptions {
  concurrency: number;
  leaseMs: number;
  /**
   * while interactive work queues, nothing new is taken (the rows go to the worker, which
   * paces itself) and what is here goes one row per `busyPauseMs`
   */
  busy: () => boolean;
  busyPauseMs: number;
  /** rows waiting here at most (more go to the worker) */
  maxQueue?: number;
}

/** results recorded per unit of work at most */
const RECORD_BATCH = 200;

/** the running dispatchers per kind, the latest started last (one per app server; tests start several) */
const dispatchers = new Map<OutboxKind, Dispatcher[]>();

/** The dispatcher that takes `kind` rows now, or null (none running, full, or the server is busy). */
export function dispatcherFor(kind: OutboxKind): Dispatcher | null {
  const d = dispatchers.get(kind)?.at(-1);
  return d?.accepts() ? d : null;
}

export class Dispatcher {
  private readonly queue: { row: OutboxRecord; at: number }[] = [];
  private readonly lanes = new Set<Promise<void>>();
  private readonly results: Attempted[] = [];
  private readonly untried: OutboxRecord[] = [];
  private flushing: Promise<void> | null = null;
  private paced: Promise<unknown> = Promise.resolve();
  private open = false;
  private kinds: OutboxKind[] = [];
  /** rows delivered through here (tests, diagnostics) */
  delivered = 0;

  constructor(
    private readonly ctx: AttemptContext,
    private readonly opts: DispatchOptions
  ) {}

  start(kinds: OutboxKind[]) {
    this.open = true;
    this.kinds = kinds;
    for (const k of kinds) dispatchers.set(k, [...(dispatchers.get(k) ?? []).filter((d) => d !== this), this]);
  }

  accepts(): boolean {
    return this.open && this.queue.length < (this.opts.maxQueue ?? 2000) && !this.opts.busy();
  }

  /** the fields a row handed over here is written with */
  claim(): { attempts: number; next_attempt_at: string } {
    return { attempts: 1, next_attempt_at: new Date(Date.now() + this.opts.leaseMs).toISOString() };
  }

  /** rows written with `claim()` in a unit of work that committed */
  push(rows: OutboxRecord[]) {
    if (!this.open) {
      this.untried.push(...rows);
      return this.flush();
    }
    const at = Date.now();
    for (const row of rows) this.queue.push({ row, at });
    while (this.lanes.size < this.opts.concurrency && this.lanes.size < this.queue.length) {
      const lane: Promise<void> = this.lane().finally(() => this.lanes.delete(lane));
      this.lanes.add(lane);
    }
  }

  private async lane() {
    for (let item = this.queue.shift(); item; item = this.queue.shift()) {
      // a checkout rush: one row per pause, whatever the lanes
      if (this.opts.busyPauseMs > 0 && this.opts.busy()) await (this.paced = this.paced.then(() => new Promise((r) => setTimeout(r, this.opts.busyPauseMs))));
      if (!this.open || Date.now() - item.at > this.opts.leaseMs / 2) {
        this.untried.push(item.row);
        continue;
      }
      try {
        this.results.push(await attempt(this.ctx, item.row));
        this.delivered++;
      } catch (e) {
        // PocketBase is away: the row stays claimed and its lease brings it back to a worker
        this.ctx.log(`dispatch of ${item.row.id} failed: ${(e as Error)?.message ?? e}`);
      }
      void this.flush();
    }
  }

  /** records the results gathered so far; while one record is written the next ones gather */
  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = (async () => {
      while (this.results.length || this.untried.length) {
        const done = this.results.splice(0, RECORD_BATCH);
        const back = this.untried.splice(0, RECORD_BATCH);
        await record(this.ctx, done, back).catch((e) => this.ctx.log(`could not record ${done.length + back.length} dispatched row(s): ${(e as Error)?.message ?? e}`));
      }
    })().finally(() => (this.flushing = null));
    return this.flushing;
  }

  /** Stops taking rows; the ones not yet sent go back to the worker, due now. */
  async stop() {
    this.open = false;
    for (const k of this.kinds) dispatchers.set(k, (dispatchers.get(k) ?? []).filter((d) => d !== this));
    this.untried.push(...this.queue.splice(0).map((q) => q.row));
    await Promise.all(this.lanes);
    await this.flush();
  }
}
