// Gap-free document numbers from a PocketBase counter, the way invoice numbers are issued
// (../documents/invoice-number.ts): the number is predicted from the counter, and the same
// transaction takes the counter and expects it to stand exactly at the prediction. If anyone
// got there first nothing is written and we read again, so numbers are never skipped nor
// repeated, and a number is fixed once its record is written.
import { ClientResponseError } from 'pocketbase';
import { AppError } from '../errors';
import { collection, filterValue, isNotFound } from '../pocketbase/client';
import { TxFailure, UnitOfWork, type Committed } from '../pocketbase/tx';

export async function readCounter(name: string): Promise<{ id: string; value: number }> {
  const filter = `name = ${filterValue(name)}`;
  try {
    return await collection('counters').getFirstListItem(filter);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  try {
    return await collection('counters').create({ name, value: 0 });
  } catch (e) {
    // created concurrently (unique name)
    if (e instanceof ClientResponseError && e.status === 400) return collection('counters').getFirstListItem(filter);
    throw e;
  }
}

/**
 * Runs `build(uow, sequence)` with the next value of counter `name` and commits; on a lost
 * race (precondition_failed) starts over with fresh reads (`build` is called again, so it
 * must read what it needs inside `prepare`). Other failures go to the caller.
 */
export async function withNextNumber<P>(
  name: string,
  prepare: () => Promise<P>,
  build: (uow: UnitOfWork, sequence: number, prepared: P) => void
): Promise<{ done: Committed; sequence: number; prepared: P }> {
  for (let attempt = 1; ; attempt++) {
    const prepared = await prepare();
    const start = await readCounter(name);
    const sequence = start.value + 1;
    const uow = new UnitOfWork();
    uow.counter(name);
    uow.update('counters', start.id, {}, { expect: { value: sequence } });
    build(uow, sequence, prepared);
    try {
      return { done: await uow.commit(), sequence, prepared };
    } catch (e) {
      if (!(e instanceof TxFailure && e.code === 'precondition_failed')) throw e;
      if (attempt >= 50) throw new AppError('CONFLICT', 'refunds.errors.busy', 'Many documents are being issued right now. Please try again.');
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * Math.min(attempt, 5)));
    }
  }
}
