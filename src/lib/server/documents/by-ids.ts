// Many records by id (or by their order) in few requests: a hundred ids per filter keeps
// the request line short even for a bulk print of 500 orders.
import type { RecordFullListOptions } from 'pocketbase';
import { filterValue, pb } from '../pocketbase/client';

const PER_REQUEST = 100;

/** `field = 'a' || field = 'b' || …` */
export const anyOf = (field: string, ids: string[]): string => ids.map((id) => `${field} = ${filterValue(id)}`).join(' || ');

/** Every record of `collection` whose `field` is one of `ids`, in no particular order. */
export async function listWhereIn<T>(collection: string, field: string, ids: string[], options: RecordFullListOptions = {}): Promise<T[]> {
  const chunks = Array.from({ length: Math.ceil(ids.length / PER_REQUEST) }, (_, i) => ids.slice(i * PER_REQUEST, (i + 1) * PER_REQUEST));
  const extra = options.filter ? ` && (${options.filter})` : '';
  const pages = await Promise.all(
    chunks.map((chunk) => pb().collection(collection).getFullList<T>({ ...options, filter: `(${anyOf(field, chunk)})${extra}` }))
  );
  return pages.flat();
}
