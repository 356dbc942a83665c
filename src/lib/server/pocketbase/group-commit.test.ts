import { describe, expect, it } from 'vitest';
import { GroupCommit, type GroupResponse } from './group-commit';
import { TxFailure, type TxOp } from './tx';

const unit = (tag: string): TxOp[] => [{ op: 'counter', name: tag, as: 'n' }];
const tagOf = (ops: TxOp[]) => (ops[0] as { name: string }).name;

/** a PocketBase stand-in that answers when told to, recording each group it got */
function fakePocketBase(answer: (tags: string[]) => GroupResponse | Error = (tags) => ({ outcomes: tags.map((t) => ({ results: [t] })) })) {
  const groups: string[][] = [];
  const waiting: (() => void)[] = [];
  const send = (units: TxOp[][]) =>
    new Promise<GroupResponse>((resolve, reject) => {
      const tags = units.map(tagOf);
      groups.push(tags);
      waiting.push(() => {
        const a = answer(tags);
        if (a instanceof Error) reject(a);
        else resolve(a);
      });
    });
  const flush = async () => {
    while (waiting.length) {
      waiting.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { groups, send, flush };
}

describe('GroupCommit', () => {
  it('sends a unit alone at once when nothing is in flight, and groups what arrives meanwhile, in order', async () => {
    const pbFake = fakePocketBase();
    const gc = new GroupCommit(1, 64, pbFake.send);
    const all = ['a', 'b', 'c', 'd'].map((t) => gc.commit(unit(t)));
    expect(pbFake.groups).toEqual([['a']]);
    await pbFake.flush();
    expect(pbFake.groups).toEqual([['a'], ['b', 'c', 'd']]);
    expect(await Promise.all(all)).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(gc.stats).toEqual({ groups: 2, units: 4 });
  });

  it('says how many units wait whenever one has to (the server is busy), and only then', async () => {
    const pbFake = fakePocketBase();
    const waits: number[] = [];
    const gc = new GroupCommit(1, 64, pbFake.send, (n) => waits.push(n));
    const a = gc.commit(unit('a'));
    expect(waits).toEqual([]);
    const b = gc.commit(unit('b'));
    const b2 = gc.commit(unit('b2'));
    expect(waits).toEqual([1, 2]);
    await pbFake.flush();
    await Promise.all([a, b, b2]);
    const c = gc.commit(unit('c'));
    expect(waits).toEqual([1, 2]);
    await pbFake.flush();
    await c;
  });

  it('keeps at most maxInFlight groups on their way and at most maxUnits units in one', async () => {
    const pbFake = fakePocketBase();
    const gc = new GroupCommit(2, 2, pbFake.send);
    const all = ['a', 'b', 'c', 'd', 'e', 'f'].map((t) => gc.commit(unit(t)));
    expect(pbFake.groups).toEqual([['a'], ['b']]);
    await pbFake.flush();
    expect(pbFake.groups).toEqual([['a'], ['b'], ['c', 'd'], ['e', 'f']]);
    await Promise.all(all);
  });

  it('a refused unit fails alone; the others commit', async () => {
    const pbFake = fakePocketBase((tags) => ({
      outcomes: tags.map((t) => (t === 'b' ? { failure: { code: 'insufficient_stock' as const, message: 'Not enough', details: { product: 'p1' } } } : { results: [t] }))
    }));
    const gc = new GroupCommit(1, 64, pbFake.send);
    const a = gc.commit(unit('a'));
    const b = gc.commit(unit('b')).catch((e) => e);
    const c = gc.commit(unit('c'));
    await pbFake.flush();
    expect(await a).toEqual(['a']);
    const err = await b;
    expect(err).toBeInstanceOf(TxFailure);
    expect(err).toMatchObject({ code: 'insufficient_stock', details: { product: 'p1' } });
    expect(await c).toEqual(['c']);
  });

  it('after a rollback sends the others again, and tells the failed unit only once they committed', async () => {
    let committed: string[] = [];
    const pbFake = fakePocketBase((tags) => {
      const dup = tags.indexOf('dup');
      if (dup >= 0) return { aborted: { unit: dup, failure: { code: 'invalid', message: 'idempotency_key: Value must be unique.', details: { index: 2 } } } };
      committed = committed.concat(tags);
      return { outcomes: tags.map((t) => ({ results: [t] })) };
    });
    const gc = new GroupCommit(1, 64, pbFake.send);
    const first = gc.commit(unit('first'));
    const rest = ['x', 'dup', 'y'].map((t) => gc.commit(unit(t)));
    let failedWhenCommitted: string[] | null = null;
    const dupFailure = rest[1].catch((e: TxFailure) => {
      failedWhenCommitted = [...committed];
      return e.code;
    });
    await pbFake.flush();
    expect(pbFake.groups).toEqual([['first'], ['x', 'dup', 'y'], ['x', 'y']]);
    expect(await first).toEqual(['first']);
    expect(await rest[0]).toEqual(['x']);
    expect(await rest[2]).toEqual(['y']);
    expect(await dupFailure).toBe('invalid');
    expect(failedWhenCommitted).toEqual(['first', 'x', 'y']);
  });

  it('a failed request fails every unit in it and the next group still goes', async () => {
    let down = true;
    const pbFake = fakePocketBase((tags) => (down ? new Error('PocketBase is not reachable') : { outcomes: tags.map((t) => ({ results: [t] })) }));
    const gc = new GroupCommit(1, 64, pbFake.send);
    const [a, b] = [gc.commit(unit('a')), gc.commit(unit('b'))].map((p) => p.catch((e: Error) => e.message));
    await pbFake.flush();
    expect(await a).toBe('PocketBase is not reachable');
    expect(await b).toBe('PocketBase is not reachable');
    down = false;
    const c = gc.commit(unit('c'));
    await pbFake.flush();
    expect(await c).toEqual(['c']);
  });

  it('never puts more than 5000 ops into one request', async () => {
    const pbFake = fakePocketBase();
    const gc = new GroupCommit(1, 64, pbFake.send);
    const big = (t: string) => Array.from({ length: 2000 }, () => unit(t)[0]);
    const all = ['a', 'b', 'c', 'd'].map((t) => gc.commit(big(t)));
    await pbFake.flush();
    expect(pbFake.groups.map((g) => g.length)).toEqual([1, 2, 1]);
    await Promise.all(all);
    await expect(gc.commit(Array.from({ length: 5001 }, () => unit('x')[0]))).rejects.toMatchObject({ code: 'bad_request' });
  });
});
