import { describe, expect, it } from 'vitest';
import { isNewer, upsertById } from './apply';

const rec = (id: string, updated: string, extra: Record<string, unknown> = {}) => ({ id, updated, ...extra });

describe('upsertById', () => {
  it('adds a record it has not seen', () => {
    expect(upsertById([rec('a', '1')], 'create', rec('b', '2'))).toEqual([rec('a', '1'), rec('b', '2')]);
  });

  it('merges a newer update into the existing record', () => {
    const list = [rec('a', '2026-01-01 10:00:00.000Z', { body: 'old', author: 'x' })];
    const out = upsertById(list, 'update', rec('a', '2026-01-01 10:00:01.000Z', { body: 'new' }));
    expect(out).toEqual([rec('a', '2026-01-01 10:00:01.000Z', { body: 'new', author: 'x' })]);
  });

  it('ignores an event older than what it shows', () => {
    const list = [rec('a', '2026-01-01 10:00:05.000Z', { body: 'newest' })];
    const out = upsertById(list, 'update', rec('a', '2026-01-01 10:00:01.000Z', { body: 'stale' }));
    expect(out).toBe(list);
  });

  it('removes a deleted record and leaves the list alone when unknown', () => {
    const list = [rec('a', '1'), rec('b', '1')];
    expect(upsertById(list, 'delete', rec('a', '2'))).toEqual([rec('b', '1')]);
    expect(upsertById(list, 'delete', rec('z', '2'))).toBe(list);
  });
});

describe('isNewer', () => {
  it('compares PocketBase timestamps', () => {
    expect(isNewer({ updated: '2026-01-02 00:00:00.000Z' }, { updated: '2026-01-01 23:59:59.999Z' })).toBe(true);
    expect(isNewer({ updated: '2026-01-01 00:00:00.000Z' }, { updated: '2026-01-01 00:00:00.001Z' })).toBe(false);
    expect(isNewer({ updated: 'x' }, undefined)).toBe(true);
  });
});
