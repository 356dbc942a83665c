// Delivers outbox rows at least once. Rows stay `pending` until delivered, so nothing is lost
// across a restart. A row is claimed by one unit-of-work update that bumps `attempts` only if
// it still has the value this worker read (`expect`), and pushes `next_attempt_at` out by a
// lease: two workers never send the same row concurrently, and a row whose worker died
// mid-send comes back after the lease. A crash between sending and marking sends it again;
// its Message-ID stays the same, so the receiver can tell.
//
// Kinds: a kind is delivered once a handler is registered for it (`handlers`, or the kinds
// registered at start-up: ./kinds.ts); rows of other kinds wait untouched. E-mail and
// webhooks (F43) plug in there.
import type { RecordSubscription } from 'pocketbase';
import { collection, filterValue, isUnavailable, pb } from '../pocketbase/client';
import { TxFailure, UnitOfWork, commitOne } from '../pocketbase/tx';
import { isBusy } from '../busy';
import { onOutboxQueued } from './wake';
import { registeredOutboxKinds } from './kinds';
import { attempt, record, type Attempted, type AttemptContext, type Outcome } from './attempt';
import { Dispatcher } from './dispatch';
import { DEFAULT_RETRY, type RetryPolicy } from './retry';
import { OUTBOX_KINDS, type OutboxHandler, type OutboxKind, type OutboxRecord } from './types';

export type { Outcome } from './attempt';

export interface OutboxWorkerOptions {
  /** default: the kinds registered (./kinds.ts; e-mail through SMTP_URL or the local mailbox) */
  handlers?: Partial<Record<OutboxKind, OutboxHandler>>;
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
  /**
   * per kind: the recipients whose rows are held back right now (a receiver known to be
   * failing), and when the first of them may be tried again; their rows are not looked at
   */
  held?: Partial<Record<OutboxKind, () => { recipients: string[]; until: number }>>;
  /** lanes for rows written already claimed and handed over at once (OUTBOX_DISPATCH_CONCURRENCY or 16; 0: none) */
  dispatchConcurrency?: number;
}

const MIN_DELAY_MS = 50;

export class OutboxWorker {
  private readonly handlers: Partial<Record<OutboxKind, OutboxHandler>>;
  /** closes what the registered kinds' handlers hold (e.g. the SMTP connection), on stop */
  private readonly closers: (() => void)[];
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
  private readonly held: NonNullable<OutboxWorkerOptions['held']>;
  private readonly ctx: AttemptContext;
  /** delivers rows handed over right after the unit of work that wrote them (./dispatch.ts) */
  readonly dispatcher: Dispatcher | null;
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
    // a kind registered at start-up and not given in `handlers` brings its handler, retry policy and held recipients
    const registered = [...registeredOutboxKinds()].filter(([kind]) => !opts.handlers?.[kind]);
    const made = registered.map(([kind, delivery]) => ({ kind, delivery, ...delivery.create() }));
    this.closers = made.flatMap((m) => (m.close ? [m.close] : []));
    this.handlers = { ...Object.fromEntries(made.map((m) => [m.kind, m.handler])), ...opts.handlers };
    this.pollMs = opts.pollMs ?? 30_000;
    this.batchSize = opts.batchSize ?? Number(process.env.OUTBOX_BATCH ?? 20);
    this.concurrency = Math.max(1, opts.concurrency ?? Number(process.env.OUTBOX_CONCURRENCY ?? 4));
    // OUTBOX_LEASE_MS: how long a row claimed by a worker that died stays away (fault drills shorten it)
    this.leaseMs = opts.leaseMs ?? Number(process.env.OUTBOX_LEASE_MS ?? 5 * 60_000);
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.retryFor = { ...Object.fromEntries(made.filter((m) => m.delivery.retry).map((m) => [m.kind, m.delivery.retry!])), ...opts.retryFor };
    this.random = opts.random ?? Math.random;
    this.log = opts.log ?? ((m) => console.warn(`[outbox] ${m}`));
    this.useRealtime = opts.realtime ?? true;
    this.busyPauseMs = opts.busyPauseMs ?? Number(process.env.OUTBOX_BUSY_PAUSE_MS ?? 200);
    this.busy = opts.busy ?? (() => isBusy());
    this.held = { ...Object.fromEntries(made.filter((m) => m.delivery.held).map((m) => [m.kind, m.delivery.held!])), ...opts.held };
    this.ctx = { handlers: this.handlers, retry: this.retry, retryFor: this.retryFor, random: this.random, log: this.log };
    const lanes = opts.dispatchConcurrency ?? Number(process.env.OUTBOX_DISPATCH_CONCURRENCY ?? 16);
    this.dispatcher = lanes > 0 ? new Dispatcher(this.ctx, { concurrency: lanes, leaseMs: this.leaseMs, busy: this.busy, busyPauseMs: this.busyPauseMs }) : null;
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
    // only webhook producers hand rows over (queueEmail leaves e-mail to the due look-up and its pacing)
    this.dispatcher?.start(Object.keys(this.handlers).filter((k) => k !== 'email') as OutboxKind[]);
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
    await Promise.all([this.loop, this.dispatcher?.stop()]);
    await this.unsubscribe?.().catch(() => {});
    this.unsubscribe = null;
    for (const close of this.closers) close();
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

  /**
   * ` && (kind = …)` for the kinds this worker delivers; nothing when it delivers every kind
   * (the app server's worker): then the due look-up is the (status, next_attempt_at) index's
   * alone, and SQLite is not tempted by the list's (kind, created, id, status) index
   */
  private kindsFilter(): string {
    const kinds = Object.keys(this.handlers);
    if (OUTBOX_KINDS.every((k) => kinds.includes(k))) return '';
    return kinds.length ? ` && (${kinds.map((k) => `kind = ${filterValue(k)}`).join(' || ')})` : ' && false';
  }

  /** rows of recipients held back right now are not looked at */
  private heldFilter(): string {
    const parts: string[] = [];
    for (const [kind, held] of Object.entries(this.held)) {
      const { recipients } = held!();
      if (recipients.length) parts.push(`(kind != ${filterValue(kind)} || (${recipients.map((r) => `recipient != ${filterValue(r)}`).join(' && ')}))`);
    }
    return parts.map((p) => ` && ${p}`).join('');
  }

  /** when the first held recipient may be tried again */
  private heldUntil(): number {
    return Math.min(Infinity, ...Object.values(this.held).map((h) => h!().until));
  }

  private dueFilter(now: Date): string {
    return `status = 'pending'${this.kindsFilter()}${this.heldFilter()} && (next_attempt_at = '' || next_attempt_at <= ${pb().filter('{:now}', { now })})`;
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
      const due = await collection('outbox').getList(1, this.batchSize, { filter: this.dueFilter(new Date()), sort: 'next_attempt_at,created' });
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
          done.push(await attempt(this.ctx, row));
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(this.concurrency, rows.length) }, (_, k) => lane(k)));
      } finally {
        // what was claimed but not tried goes back as it was (its attempt did not happen)
        await record(this.ctx, done, rows.splice(0));
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

  private async msUntilNextDue(): Promise<number> {
    const next = await collection('outbox').getList(1, 1, { filter: `status = 'pending'${this.kindsFilter()}${this.heldFilter()}`, sort: 'next_attempt_at', fields: 'next_attempt_at' });
    const at = next.items[0]?.next_attempt_at;
    const held = this.heldUntil() - Date.now();
    if (!next.items.length) return Math.min(this.pollMs, held);
    return Math.min(held, at ? Date.parse(at.replace(' ', 'T')) - Date.now() : 0);
  }

  /** Claims, delivers and records one row (tests, diagnostics). */
  async deliver(row: OutboxRecord): Promise<Outcome> {
    if (!this.handlers[row.kind]) return 'skipped';
    const [mine] = await this.claim([row]);
    if (!mine) return 'skipped';
    const done = await attempt(this.ctx, mine);
    await record(this.ctx, [done], []);
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
      const unsubscribe = await collection('outbox').subscribe('*', onChange, { fields: 'id,status,next_attempt_at' });
      if (this.running) this.unsubscribe = unsubscribe;
      else await unsubscribe();
    } catch (e) {
      this.report(e);
    } finally {
      this.subscribing = false;
    }
  }
}
