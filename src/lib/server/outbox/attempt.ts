// One delivery attempt of a claimed outbox row, and the unit of work that records what
// happened to a batch of them: shared by the worker's due-row loop (./worker.ts) and the
// immediate dispatch of rows written already claimed (./dispatch.ts).
import { isUnavailable } from '../pocketbase/client';
import { TxFailure, UnitOfWork, commitOne, type TxUpdate } from '../pocketbase/tx';
import { DeferredDelivery, PermanentDeliveryError } from './errors';
import { retryDelayMs, type RetryPolicy } from './retry';
import type { AlsoRecord, OutboxHandler, OutboxKind, OutboxRecord } from './types';

export type Outcome = 'sent' | 'retry' | 'dead' | 'deferred' | 'skipped';

export interface Attempted {
  /** as claimed: `attempts` is this attempt's number */
  row: OutboxRecord;
  outcome: Exclude<Outcome, 'skipped'>;
  body: TxUpdate<'outbox'>;
  also?: AlsoRecord;
}

export interface AttemptContext {
  handlers: Partial<Record<OutboxKind, OutboxHandler>>;
  retry: RetryPolicy;
  /** a kind's own policy (webhooks retry for about a day) */
  retryFor: Partial<Record<OutboxKind, Partial<RetryPolicy>>>;
  random: () => number;
  log: (message: string) => void;
}

/** Hands a claimed row to its kind's handler: sent, a retry, put off, or given up. */
export async function attempt(ctx: AttemptContext, row: OutboxRecord): Promise<Attempted> {
  const handler = ctx.handlers[row.kind]!;
  const policy = { ...ctx.retry, ...ctx.retryFor[row.kind] };
  try {
    const result = await handler(row, { retry: policy });
    const body: TxUpdate<'outbox'> = { status: 'sent', sent_at: new Date().toISOString(), last_error: '', ...(result?.subject ? { subject: result.subject.slice(0, 500) } : {}) };
    return { row, outcome: 'sent', body, also: result?.also };
  } catch (e) {
    if (isUnavailable(e)) throw e; // PocketBase itself is away: the lease brings the row back
    // not tried at all (its receiver is known to be failing): the attempt is given back
    if (e instanceof DeferredDelivery) return { row, outcome: 'deferred', body: { attempts: row.attempts - 1, next_attempt_at: new Date(e.until).toISOString() } };
    const permanent = e instanceof PermanentDeliveryError;
    const error = errorText(e);
    const also = (e as { also?: AlsoRecord } | null)?.also;
    if (permanent || row.attempts >= policy.maxAttempts) {
      ctx.log(`${row.kind} ${row.topic} ${row.id} given up after ${row.attempts} attempt(s): ${error}`);
      return { row, outcome: 'dead', body: { status: 'dead', last_error: error }, also };
    }
    const delay = retryDelayMs(row.attempts, policy, ctx.random);
    return { row, outcome: 'retry', body: { next_attempt_at: new Date(Date.now() + delay).toISOString(), last_error: error }, also };
  }
}

/**
 * Writes what happened to each row (and the handlers' own writes) in one unit, else row by
 * row; `untried` rows go back as they were (their attempt did not happen), due now.
 */
export async function record(ctx: Pick<AttemptContext, 'log'>, done: Attempted[], untried: OutboxRecord[]) {
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
      ctx.log(`could not record ${d.outcome} for ${d.row.id}: ${e.message}`);
    }
  }
  for (const row of untried) await commitOne((uow) => giveBack(uow, row)).catch(() => {});
}

export function errorText(e: unknown): string {
  const err = e as Error & { code?: string; responseCode?: number };
  const text = err?.message ? `${err.code ? `${err.code}: ` : ''}${err.message}` : String(e);
  return text.replace(/\s+/g, ' ').slice(0, 1900);
}
