// The app server's periodic jobs (payments scheduler, search word index batches): one run at
// a time, and PocketBase being away said once (issue #15's word index, #12's scheduler).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { oneRunAtATime } from './periodic';
import { PocketBaseUnavailableError } from '../pocketbase/client';

afterEach(() => vi.restoreAllMocks());

describe('F10/F26 oneRunAtATime: the scheduler and the word index batches', () => {
  it('skips a tick while the last run still works, and one that is not wanted now', async () => {
    let release!: () => void;
    let runs = 0;
    let wanted = true;
    const tick = oneRunAtATime('[test] job', () => {
      runs++;
      return new Promise<void>((r) => (release = r));
    }, () => wanted);
    const first = tick();
    await tick(); // still running: skipped at once
    expect(runs).toBe(1);
    release();
    await first;
    wanted = false;
    await tick();
    expect(runs).toBe(1);
    wanted = true;
    const third = tick();
    release();
    await third;
    expect(runs).toBe(2);
  });

  it('says once that PocketBase is away, then again only after it answered in between; other errors every time', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    let fail: Error | null = new PocketBaseUnavailableError('down');
    const tick = oneRunAtATime('[test] job', async () => {
      if (fail) throw fail;
    });
    await tick();
    await tick();
    await tick();
    expect(log.mock.calls).toEqual([['[test] job failed:', 'PocketBase is not reachable']]);
    fail = null;
    await tick();
    fail = new PocketBaseUnavailableError('down again');
    await tick();
    expect(log).toHaveBeenCalledTimes(2);
    fail = new Error('bad data');
    await tick();
    await tick();
    expect(log).toHaveBeenCalledTimes(4);
  });
});
