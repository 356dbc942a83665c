// The `settings` collection: one row per key, its value one JSON object, its `version` bumped
// by every save so a read-merge-write can tell that someone else wrote in between.
import { collection, filterValue } from '../pocketbase/client';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';

export interface SettingRow {
  id: string;
  key: string;
  value: Record<string, unknown> | null;
  version: number;
  created: string;
  updated: string;
}
declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    settings: SettingRow;
  }
}

export async function readRow(key: string): Promise<SettingRow | null> {
  const res = await collection('settings').getList(1, 1, { filter: `key = ${filterValue(key)}` });
  return res.items[0] ?? null;
}

/** The first save of a key: fails (TxFailure) when a concurrent first save won, thanks to the unique key. */
export async function createRow(key: string, value: Record<string, unknown>): Promise<void> {
  const uow = new UnitOfWork();
  uow.absent('settings', { key });
  uow.create('settings', { key, value, version: 1 });
  await uow.commit();
}

/** Fails with `version_conflict` when the row changed since it was read. */
export async function updateRow(row: SettingRow, value: Record<string, unknown>): Promise<void> {
  const uow = new UnitOfWork();
  uow.update('settings', row.id, { value }, { ifVersion: row.version ?? 0 });
  await uow.commit();
}

/** A lost race another attempt can win: the row appeared (its unique key), or changed, under us. */
export function isRace(e: unknown): boolean {
  return e instanceof TxFailure && (e.code === 'version_conflict' || e.code === 'exists' || e.code === 'unique_violation');
}
