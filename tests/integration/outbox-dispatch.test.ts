// F43 (#16): rows handed to a dispatcher right after their unit of work are never lost. They
// are written claimed (attempts 1, a lease): if the process holding them dies, they come due
// after the lease and another worker delivers each once; a dispatcher that stops hands back
// what it has not sent, due at once. Real PocketBase.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Dispatcher, dispatcherFor } from '../../src/lib/server/outbox/dispatch';
import { DEFAULT_RETRY } from '../../src/lib/server/outbox/retry';
import type { OutboxRecord } from '../../src/lib/server/outbox/types';
import { OutboxWorker } from '../../src/lib/server/outbox/worker';
import { pb } from '../../src/lib/server/pocketbase/client';
import { UnitOfWork, type Ref } from '../../src/lib/server/pocketbase/tx';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

const workers: OutboxWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await pb().collection('outbox').getFullList({ filter: `kind = 'webhook'` }).then((rows) => Promise.all(rows.map((r) => pb().collection('outbox').delete(r.id))));
});

function worker(handler: (row: OutboxRecord) => Promise<void>, opts: Partial<ConstructorParameters<typeof OutboxWorker>[0]> = {}) {
  const w = new OutboxWorker({ handlers: { webhook: handler, email: async () => {} }, realtime: false, pollMs: 100, log: () => {}, ...opts });
  workers.push(w);
  w.start();
  return w;
}

/** what queueWebhook does: rows written claimed for this process's dispatcher, handed over after the commit */
async function queueDispatched(n: number, tag: string) {
  const d = dispatcherFor('webhook');
  if (!d) throw new Error('no dispatcher takes webhook rows');
  const uow = new UnitOfWork();
  const made: { ref: Ref; row: Record<string, unknown> }[] = [];
  for (let i = 0; i < n; i++) {
    const row = { kind: 'webhook' as const, topic: 'stock.changed', recipient: `ep_${tag}`, subject: '', payload: { i }, status: 'pending' as const, message_id: `${tag}-${i}`, order: '', ...d.claim() };
    made.push({ ref: uow.create('outbox', row), row });
  }
  uow.afterCommit((c) => d.push(made.map((m) => ({ ...m.row, id: c.id(m.ref) }) as unknown as OutboxRecord)));
  const c = await uow.commit();
  return made.map((m) => c.id(m.ref));
}

const rows = (ids: string[]) => Promise.all(ids.map((id) => pb().collection('outbox').getOne<OutboxRecord>(id)));

describe('F43 outbox dispatch', () => {
  it('F43 rows held by a process that died come back after the lease; another worker delivers each once, and the late record of the first does not overwrite it', async () => {
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const first: string[] = [];
    // a dispatcher on its own: the process it stands for stops answering, its worker loop with it
    const dying = new Dispatcher(
      { handlers: { webhook: async (row) => (first.push(row.id), stuck) }, retry: DEFAULT_RETRY, retryFor: {}, random: Math.random, log: () => {} },
      { concurrency: 2, leaseMs: 800, busy: () => false, busyPauseMs: 0 }
    );
    dying.start(['webhook']);
    const ids = await queueDispatched(3, 'died');
    await vi.waitFor(() => expect(first).toHaveLength(2));
    // the second worker delivers nothing by itself until the lease runs out
    const second: string[] = [];
    worker(async (row) => void second.push(row.id), { dispatchConcurrency: 0 });
    await vi.waitFor(() => expect([...second].sort()).toEqual([...ids].sort()), { timeout: 10_000 });
    await vi.waitFor(async () => expect((await rows(ids)).map((r) => [r.status, r.attempts])).toEqual(ids.map(() => ['sent', 2])));
    // the first process wakes up after all: its record is refused (the row moved on)
    release();
    await dying.stop();
    expect((await rows(ids)).map((r) => [r.status, r.attempts])).toEqual(ids.map(() => ['sent', 2]));
    expect(second).toHaveLength(3);
  });

  it('F43 a dispatcher that stops hands back what it has not sent, due at once for the next worker', async () => {
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const first: string[] = [];
    const w1 = worker(async (row) => (first.push(row.id), stuck), { leaseMs: 60_000, dispatchConcurrency: 1 });
    const ids = await queueDispatched(3, 'stopped');
    await vi.waitFor(() => expect(first).toHaveLength(1));
    const stopping = w1.stop();
    release();
    await stopping;
    const after = await rows(ids);
    expect(after.find((r) => r.id === first[0])).toMatchObject({ status: 'sent', attempts: 1 });
    const handedBack = after.filter((r) => r.id !== first[0]);
    expect(handedBack.map((r) => [r.status, r.attempts])).toEqual([['pending', 0], ['pending', 0]]);
    for (const r of handedBack) expect(Date.parse(r.next_attempt_at.replace(' ', 'T'))).toBeLessThanOrEqual(Date.now());
    const second: string[] = [];
    worker(async (row) => void second.push(row.id), { dispatchConcurrency: 0 });
    await vi.waitFor(() => expect([...second].sort()).toEqual(handedBack.map((r) => r.id).sort()), { timeout: 5000 });
    await vi.waitFor(async () => expect((await rows(ids)).every((r) => r.status === 'sent')).toBe(true));
  });

  it('F43 when a second dispatcher in the process stops, the first takes the rows again', async () => {
    const first = worker(async () => {}, { dispatchConcurrency: 1 });
    const second = worker(async () => {}, { dispatchConcurrency: 1 });
    expect(dispatcherFor('webhook')).toBe(second.dispatcher);
    await second.stop();
    expect(dispatcherFor('webhook')).toBe(first.dispatcher);
    await first.stop();
    expect(dispatcherFor('webhook')).toBeNull();
  });
});
