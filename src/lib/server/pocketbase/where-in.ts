// "Records whose id (or order, number, bank reference...) is in this list", in as few requests
// as PocketBase allows. A filter longer than its ~3,500-character limit is refused, so values
// go in slices whose `field = 'v' || ...` stays under it however long each value is (bank
// references may have 200 characters); a bulk print of 500 orders is five requests, not one.
import type { RecordFullListOptions } from 'pocketbase';
import { filterValue, pb } from './client';
import type { CollectionName, Collections, FieldName, Read } from './collections';

/** A PocketBase filter "field = a || field = b ..." for one slice of values. */
export function anyOf(field: string, values: readonly (string | number)[]): string {
  return values.map((v) => `${field} = ${filterValue(v)}`).join(' || ');
}

/** Slices of values whose "field = 'v' || ..." filter stays under PocketBase's limit. */
export function filterSlices<T extends string | number>(values: readonly T[], maxChars = 3000): T[][] {
  const slices: T[][] = [];
  let current: T[] = [];
  let length = 0;
  for (const v of values) {
    // an escaped quote counts twice; the field name and " = '' || " add the rest
    const cost = 2 * String(v).length + 30;
    if (current.length && length + cost > maxChars) {
      slices.push(current);
      current = [];
      length = 0;
    }
    current.push(v);
    length += cost;
  }
  if (current.length) slices.push(current);
  return slices;
}

/** Runs `fn` on every slice of `values` (see filterSlices), `parallel` at a time, results in slice order. */
export async function inSlices<T extends string | number, R>(values: readonly T[], parallel: number, fn: (slice: T[]) => Promise<R[]>): Promise<R[]> {
  const slices = filterSlices(values);
  const results: R[][] = new Array(slices.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, slices.length) }, async () => {
      while (next < slices.length) {
        const i = next++;
        results[i] = await fn(slices[i]);
      }
    })
  );
  return results.flat();
}

/**
 * Every record of collection `name` whose `field` is one of `values` (duplicates asked once), in
 * no particular order across slices; `options.filter` narrows each slice further. The records
 * are the map's type (./collections), only the fields read when `options.fields` is a literal;
 * a shape named as the second type argument must agree with the record:
 * `listWhereIn<'orders', Pick<OrderRecord, 'id' | 'number'>>('orders', 'id', ids, { fields })`.
 */
export async function listWhereIn<
  K extends CollectionName,
  T extends Partial<Collections[K]> = never,
  const O extends RecordFullListOptions = RecordFullListOptions
>(name: K, field: FieldName<K> | 'id', values: readonly (string | number)[], options?: O, parallel = 4): Promise<Read<Collections[K], NoInfer<T>, O>[]> {
  const unique = [...new Set(values)];
  if (!unique.length) return [];
  const extra = options?.filter ? ` && (${options.filter})` : '';
  // the SDK's own generic: the answer is checked against the map by this function's signature
  return inSlices(unique, parallel, (slice) =>
    pb().collection(name).getFullList<Read<Collections[K], NoInfer<T>, O>>({ ...options, filter: `(${anyOf(field, slice)})${extra}` })
  );
}
