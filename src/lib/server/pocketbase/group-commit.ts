// Group commit for units of work (see pb_hooks/tx.pb.js, `units`). PocketBase applies one write
// transaction at a time, and each request costs it more than most of the writes inside. So
// while a group is on its way, units that arrive wait here and then travel together, in
// arrival order, as ONE transaction. With nothing in flight a unit goes at once, alone: no
// added latency when the shop is quiet.
//
// Units stay independent: one refused for stock does not hold back the others. When a unit
// fails in a way only writing shows (a duplicate idempotency key, say), PocketBase rolls the
// group back and names it; the others are sent again, and the failed unit hears of its failure
// only after they committed, so a double submit finds the order that won.
import { ClientResponseError } from 'pocketbase';
import { pb } from './client';
import { TxFailure, txFailure, type TxFailureCode, type TxOp } from './tx';

interface WireFailure {
  code: TxFailureCode;
  message: string;
  details?: Record<string, unknown>;
}
export type GroupResponse =
  | { outcomes: ({ results: unknown[] } | { failure: WireFailure })[] }
  | { aborted: { unit: number; failure: WireFailure } };
export type SendUnits = (units: TxOp[][]) => Promise<GroupResponse>;

interface Pending {
  ops: TxOp[];
  resolve(results: unknown[]): void;
  reject(e: unknown): void;
}

const toFailure = (f: WireFailure) => txFailure(f.code, f.message, f.details);

/** PocketBase's limit for one request (pb_hooks/tx.pb.js) */
export const MAX_OPS_PER_REQUEST = 5000;

export async function sendUnits(units: TxOp[][]): Promise<GroupResponse> {
  try {
    return await pb().send<GroupResponse>('/api/packbench/tx', { method: 'POST', body: { units } });
  } catch (e) {
    if (e instanceof ClientResponseError && e.status === 400 && e.response?.code) {
      return { aborted: { unit: -1, failure: e.response as WireFailure } };
    }
    throw e;
  }
}

export class GroupCommit {
  private queue: Pending[] = [];
  private inFlight = 0;
  /** groups sent and units in them, for tests and diagnostics */
  readonly stats = { groups: 0, units: 0 };

  /**
   * @param maxInFlight groups on their way at once (checkout: 1; a second one in flight let a lone unit
   *   slip in ahead and made everyone behind it wait for two groups)
   * @param maxUnits units per group, so one transaction never holds the writer for long
   */
  constructor(
    private maxInFlight = 2,
    private maxUnits = 64,
    private readonly send: SendUnits = sendUnits,
    /** told how many units wait for a group whenever one has to: PocketBase is the bottleneck right now */
    private readonly onWait: (waiting: number) => void = () => {}
  ) {}

  get limits() {
    return { maxInFlight: this.maxInFlight, maxUnits: this.maxUnits };
  }

  setLimits(maxInFlight: number, maxUnits: number) {
    this.maxInFlight = maxInFlight;
    this.maxUnits = maxUnits;
  }

  /** commits `ops` as one all-or-nothing unit, possibly in a transaction with others */
  commit(ops: TxOp[]): Promise<unknown[]> {
    if (ops.length > MAX_OPS_PER_REQUEST) return Promise.reject(new TxFailure('bad_request', `A unit of work has at most ${MAX_OPS_PER_REQUEST} operations`, {}));
    return new Promise((resolve, reject) => {
      this.queue.push({ ops, resolve, reject });
      this.pump();
      if (this.queue.length) this.onWait(this.queue.length);
    });
  }

  private pump() {
    while (this.inFlight < this.maxInFlight && this.queue.length) {
      const group = this.take();
      this.inFlight++;
      void this.run(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private take(): Pending[] {
    let ops = 0;
    let n = 0;
    while (n < this.queue.length && n < this.maxUnits && ops + this.queue[n].ops.length <= MAX_OPS_PER_REQUEST) ops += this.queue[n++].ops.length;
    return this.queue.splice(0, n);
  }

  private async run(group: Pending[]): Promise<void> {
    let rest = group;
    const failedLater: [Pending, TxFailure][] = [];
    while (rest.length) {
      let res: GroupResponse;
      this.stats.groups++;
      this.stats.units += rest.length;
      try {
        res = await this.send(rest.map((p) => p.ops));
      } catch (e) {
        for (const p of rest) p.reject(e);
        break;
      }
      if ('outcomes' in res) {
        res.outcomes.forEach((o, i) => ('results' in o ? rest[i].resolve(o.results) : rest[i].reject(toFailure(o.failure))));
        break;
      }
      const { unit, failure } = res.aborted;
      if (unit < 0 || unit >= rest.length) {
        for (const p of rest) p.reject(toFailure(failure));
        break;
      }
      failedLater.push([rest[unit], toFailure(failure)]);
      rest = rest.filter((_, i) => i !== unit);
    }
    for (const [p, failure] of failedLater) p.reject(failure);
  }
}
