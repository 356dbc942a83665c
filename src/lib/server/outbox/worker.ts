// Delivers outbox rows at least once. Rows stay `pending` until delivered, so nothing is lost
// across a restart. A row is claimed by one unit-of-work update that bumps `attempts` only if
// it still has the value this worker read (`expect`), and pushes `next_attempt_at` out by a
// lease: two workers never send the same row concurrently, and a row whose worker died
// mid-send comes back after the lease. A crash between sending and marking sends it again;
// its Message-ID stays the same, so the receiver can tell.
//
// Kinds: a kind is delivered once a handler is registered for it (`handlers`); rows of other
// kinds wait untouched. Webhooks (F43) plug in as `handlers.webhook`.
import type { RecordSubscription } from 'pocketbase';
import { emailHandler } from '../mail/deliver';
import { createMailTransport, type MailTransport } from '../mail/transports';
import { filterValue, isUnavailable, pb } from '../pocketbase/client';
import { TxFailure, UnitOfWork, commitOne } from '../pocketbase/tx';
import { isBusy } from '../busy';
import { onOutboxQueued } from './wake';
import { PermanentDeliveryError } from './errors';
import { DEFAULT_RETRY, retryDelayMs, type RetryPolicy } from './retry';
import type { AlsoRecord, OutboxHandler, OutboxKind, OutboxRecord } from './types';

export interface OutboxWorkerOptions {
  /** default: e-mail through SMTP_URL or the local mailbox */
  handlers?: Partial<Record<OutboxKind, OutboxHandler>>;
  /** only used to build the default e-mail handler; closed on stop */
  transport?: MailTransport;
  /** fallback poll; realtime wakes the worker at once for new rows */
  pollMs?: number;
  batchSize?: number;
  /** rows delivered at once (default OUTBOX_CONCURRENCY or 4); one while the server is busy */
  concurrency?: number;
  /** how long a claimed row is this worker's before another may take it over */
  leaseMs?: number;
  retry?: Partial<RetryPolicy>;
  /** a kind's own policy (webhooks retry for about a day) */
  retryFor?: Partial<Record<OutboxKind, Partial<RetryPolicy>>>;
  /** subscribe to outbox changes (default true) */
  realtime?: boolean;
  /**
   * pause before each delivery while checkouts queue for PocketBase (see ../busy.ts), so mail
   * never slows a checkout rush; 0 switches pacing off. Default OUTBOX_BUSY_PAUSE_MS or 200.
   */
  busyPauseMs?: number;
  /** whether interactive work is going on (default: ../busy.ts) */
  busy?: () => boolean;
  random?: () => number;
  log?: (message: string) => void;
}

export type Outcome = 'sent' | 'retry' | 'dead' | 'skipped';

interface Attempted {
  /** as claimed: `attempts` is this attempt's number */
  row: OutboxRecord;
  outcome: Exclude<Outcome, 'skipped'>;
  body: Record<string, unknown>;
  also?: AlsoRecord;
}

const MIN_DELAY_MS = 50;

export class OutboxWorker {
  private readonly handlers: Partial<Record<OutboxKind, OutboxHandler>>;
  private readonly transport: MailTransport | null;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly retry: RetryPolicy;
  private readonly retryFor: Partial<Record<OutboxKind, Partial<RetryPolicy>>>;
  private readonly random: () => number;
  private readonly log: (message: string) => void;
  private readonly useRealtime: boolean;
  private readonly busyPauseMs: number;
  private readonly busy: () => boolean;
  /** deliveries that waited for a checkout rush (for tests and diagnostics) */
  paced = 0;

  private running = false;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: (() => Promise<void>) | null = null;
  private unregisterWake: (() => void) | null = null;
  private subscribing = false;
  private lastError = '';

  constructor(opts: OutboxWorkerOptions = {}) {
    this.transport = opts.transport ?? (opts.handlers?.email ? null : createMailTransport());
    this.handlers = { ...(this.transport ? { email: emailHandler(this.transport) } : {}), ...opts.handlers };
    this.pollMs = opts.pollMs ?? 30_000;
    this.batchSize = opts.batchSize ?? Number(process.env.OUTBOX_BATCH ?? 20);
    this.concurrency = Math.max(1, opts.concurrency ?? Number(process.env.OUTBOX_CONCURRENCY ?? 4));
    // OUTBOX_LEASE_MS: how long a row claimed by a worker that died stays away (fault drills shorten it)
    this.leaseMs = opts.leaseMs ?? Number(process.env.OUTBOX_LEASE_MS ?? 5 * 60_000);
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.retryFor = opts.retryFor ?? {};
    this.random = opts.random ?? Math.random;
    this.log = opts.log ?? ((m) => console.warn(`[outbox] ${m}`));
    this.useRealtime = opts.realtime ?? true;
    this.busyPauseMs = opts.busyPauseMs ?? Number(process.env.OUTBOX_BUSY_PAUSE_MS ?? 200);
    this.busy = opts.busy ?? (() => isBusy());
  }

  get transportKind() {
    return this.transport?.kind ?? null;
  }

  /** running, and between looks: waiting for a wake-up or the next poll (tests, diagnostics) */
  get idle(): boolean {
    return this.running && this.loop === null;
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.unregisterWake = onOutboxQueued(() => this.wake());
    this.wake();
  }

  /** Finishes the row in hand, then stops; undelivered rows stay pending for the next start. */
  async stop() {
    this.running = false;
    this.stopping = true;
    this.unregisterWake?.();
    this.unregisterWake = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.loop;
    await this.unsubscribe?.().catch(() => {});
    this.unsubscribe = null;
    this.transport?.close();
  }

  /** Look for due rows now (a new row was queued, a retry came due). */
  wake() {
    if (!this.running) return;
    if (this.loop) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.loop = this.run().finally(() => (this.loop = null));
  }

  private async run() {
    let delay = this.pollMs;
    try {
      if (this.useRealtime && !this.unsubscribe) void this.subscribe();
      do {
        this.again = false;
        await this.drain();
      } while (this.again && this.running);
      delay = Math.min(this.pollMs, Math.max(MIN_DELAY_MS, await this.msUntilNextDue()));
      this.lastError = '';
    } catch (e) {
      this.report(e);
    }
    if (this.running) this.timer = setTimeout(() => this.wake(), delay);
  }

  private report(e: unknown) {
    const message = isUnavailable(e) ? 'PocketBase is not reachable; will retry' : `delivery loop failed: ${(e as Error)?.message ?? e}`;
    // once per kind of trouble, not every poll
    if (message !== this.lastError) this.log(message);
    this.lastError = message;
  }

  private kindsFilter(): string {
    const kinds = Object.keys(this.handlers).map((k) => `kind = ${filterValue(k)}`);
    return kinds.length ? `(${kinds.join(' || ')})` : 'false';
  }

  private dueFilter(now: Date): string {
    return `status = 'pending' && ${this.kindsFilter()} && (next_attempt_at = '' || next_attempt_at <= ${pb().filter('{:now}', { now })})`;
  }

  /**
   * Delivers every due row, a batch at a time; returns what happened to each. A batch is
   * claimed in one unit of work and its results are written in one (webhooks at hundreds per
   * second made two writes per row the bottleneck, #16); a refused batch write falls back to
   * row by row, so one row taken over by another worker never holds up the others.
   */
  async drain(): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (;;) {
      const due = await pb()
        .collection('outbox')
        .getList<OutboxRecord>(1, this.batchSize, { filter: this.dueFilter(new Date()), sort: 'next_attempt_at,created' });
      const mine = due.items.filter((r) => this.handlers[r.kind]);
      const rows = await this.claim(mine);
      // another worker (or tick) has the rest, or they are gone
      for (let i = rows.length; i < mine.length; i++) outcomes.push('skipped');
      const done: Attempted[] = [];
      // several lanes take rows from the batch; while shoppers check out, only the first
      // goes on, pausing before each row
      const lane = async (k: number) => {
        for (let row = rows.shift(); row; row = rows.shift()) {
          if (this.stopping) return rows.unshift(row);
          if (this.busyPauseMs > 0 && this.busy()) {
            if (k > 0) return rows.unshift(row);
            this.paced++;
            await new Promise((r) => setTimeout(r, this.busyPauseMs));
            if (this.stopping) return rows.unshift(row);
          }
          done.push(await this.attempt(row));
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(this.concurrency, rows.length) }, (_, k) => lane(k)));
      } finally {
        // what was claimed but not tried goes back as it was (its attempt did not happen)
        await this.record(done, rows.splice(0));
      }
      outcomes.push(...done.map((d) => d.outcome));
      if (this.stopping || due.items.length < this.batchSize) return outcomes;
    }
  }

  /** Claims the rows (attempts + 1, a lease): the ones this worker now holds. */
  private async claim(rows: OutboxRecord[]): Promise<OutboxRecord[]> {
    const claimOne = (uow: UnitOfWork, row: OutboxRecord) =>
      uow.update('outbox', row.id, { attempts: row.attempts + 1, next_attempt_at: new Date(Date.now() + this.leaseMs).toISOString() }, { expect: { status: 'pending', attempts: row.attempts } });
    const held = (row: OutboxRecord) => ({ ...row, attempts: row.attempts + 1 });
    if (!rows.length) return [];
    try {
      await commitOne((uow) => rows.forEach((r) => claimOne(uow, r)));
      return rows.map(held);
    } catch (e) {
      if (!(e instanceof TxFailure)) throw e;
    }
    // another worker (or tick) has one of them, or it is gone: row by row
    const mine: OutboxRecord[] = [];
    for (const row of rows) {
      try {
        await commitOne((uow) => claimOne(uow, row));
        mine.push(held(row));
      } catch (e) {
        if (e instanceof TxFailure && (e.code === 'precondition_failed' || e.code === 'not_found')) continue;
        throw e;
      }
    }
    return mine;
  }

  /** Hands a claimed row to its kind's handler: sent, a retry, or given up. */
  private async attempt(row: OutboxRecord): Promise<Attempted> {
    const handler = this.handlers[row.kind]!;
    try {
      const result = await handler(row);
      const body = { status: 'sent', sent_at: new Date().toISOString(), last_error: '', ...(result?.subject ? { subject: result.subject.slice(0, 500) } : {}) };
      return { row, outcome: 'sent', body, also: result?.also };
    } catch (e) {
      if (isUnavailable(e)) throw e; // PocketBase itself is away: the lease brings the row back
      const permanent = e instanceof PermanentDeliveryError;
      const error = errorText(e);
      const also = (e as { also?: AlsoRecord } | null)?.also;
      const policy = { ...this.retry, ...this.retryFor[row.kind] };
      if (permanent || row.attempts >= policy.maxAttempts) {
        this.log(`${row.kind} ${row.topic} ${row.id} given up after ${row.attempts} attempt(s): ${error}`);
        return { row, outcome: 'dead', body: { status: 'dead', last_error: error }, also };
      }
      const delay = retryDelayMs(row.attempts, policy, this.random);
      return { row, outcome: 'retry', body: { next_attempt_at: new Date(Date.now() + delay).toISOString(), last_error: error }, also };
    }
  }

  /** Writes what happened to each row (and the handlers' own writes) in one unit, else row by row. */
  private async record(done: Attempted[], untried: OutboxRecord[]) {
    const mark = (uow: UnitOfWork, d: Attempted) => uow.update('outbox', d.row.id, d.body, { expect: { status: 'pending', attempts: d.row.attempts } });
    const giveBack = (uow: UnitOfWork, row: OutboxRecord) =>
      uow.update('outbox', row.id, { attempts: row.attempts - 1, next_attempt_at: new Date().toISOString() }, { expect: { status: 'pending', attempts: row.attempts } });
    if (!done.length && !untried.length) return;
    try {
      await commitOne((uow) => {
        for (const d of done) (mark(uow, d), d.also?.(uow));
        for (const row of untried) giveBack(uow, row);
      });
      return;
    } catch (e) {
      if (!(e instanceof TxFailure)) throw e;
    }
    for (const d of done) {
      try {
        // the handler's own writes ride along; if they are refused, the row's state still counts
        if (d.also) {
          const extra = d.also;
          await commitOne((uow) => (mark(uow, d), extra(uow))).catch((e) => {
            if (!(e instanceof TxFailure) || e.details.index === 0) throw e;
            return commitOne((uow) => mark(uow, d));
          });
        } else await commitOne((uow) => mark(uow, d));
      } catch (e) {
        if (!(e instanceof TxFailure)) throw e;
        // the lease ran out and someone else took the row over; theirs is the record that counts
        this.log(`could not record ${d.outcome} for ${d.row.id}: ${e.message}`);
      }
    }
    for (const row of untried) await commitOne((uow) => giveBack(uow, row)).catch(() => {});
  }

  private async msUntilNextDue(): Promise<number> {
    const next = await pb()
      .collection('outbox')
      .getList<OutboxRecord>(1, 1, { filter: `status = 'pending' && ${this.kindsFilter()}`, sort: 'next_attempt_at', fields: 'next_attempt_at' });
    const at = next.items[0]?.next_attempt_at;
    if (!next.items.length) return this.pollMs;
    return at ? Date.parse(at.replace(' ', 'T')) - Date.now() : 0;
  }

  /** Claims, delivers and records one row (tests, diagnostics). */
  async deliver(row: OutboxRecord): Promise<Outcome> {
    if (!this.handlers[row.kind]) return 'skipped';
    const [mine] = await this.claim([row]);
    if (!mine) return 'skipped';
    const done = await this.attempt(mine);
    await this.record([done], []);
    return done.outcome;
  }

  private async subscribe() {
    if (this.subscribing) return;
    this.subscribing = true;
    try {
      const onChange = (e: RecordSubscription<Pick<OutboxRecord, 'id' | 'status' | 'next_attempt_at'>>) => {
        if (e.action === 'delete' || e.record.status !== 'pending') return;
        const at = e.record.next_attempt_at ? Date.parse(e.record.next_attempt_at.replace(' ', 'T')) : 0;
        if (at <= Date.now()) this.wake();
      };
      const unsubscribe = await pb().collection('outbox').subscribe('*', onChange, { fields: 'id,status,next_attempt_at' });
      if (this.running) this.unsubscribe = unsubscribe;
      else await unsubscribe();
    } catch (e) {
      this.report(e);
    } finally {
      this.subscribing = false;
    }
  }
}

function errorText(e: unknown): string {
  const err = e as Error & { code?: string; responseCode?: number };
  const text = err?.message ? `${err.code ? `${err.code}: ` : ''}${err.message}` : String(e);
  return text.replace(/\s+/g, ' ').slice(0, 1900);
}
