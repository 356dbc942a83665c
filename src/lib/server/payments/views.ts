// What staff screens see of a payment (the order page's payments panel, its live events).
import { filterValue, pb } from '../pocketbase/client';
import type { PaymentRecordFull } from '../pocketbase/records';

export function paymentView(p: PaymentRecordFull) {
  return {
    id: p.id,
    order: p.order,
    method: p.method,
    amount_cents: p.amount_cents,
    currency: p.currency,
    status: p.status,
    provider: p.provider,
    bank_reference: p.bank_reference,
    /** when the money moved (provider event or booking date), else when it was recorded */
    at: p.provider_event_at || p.created,
    created: p.created,
    updated: p.updated
  };
}
export type PaymentView = ReturnType<typeof paymentView>;

export async function listOrderPayments(orderId: string): Promise<PaymentView[]> {
  const rows = await pb().collection('payments').getFullList<PaymentRecordFull>({ filter: `order = ${filterValue(orderId)}`, sort: 'created' });
  return rows.map(paymentView);
}

/** Looks up many values with one "field = v || ..." query per slice (see filterSlices), a few at a time. */
export async function inSlices<T extends string | number, R>(values: T[], parallel: number, fn: (slice: T[]) => Promise<R[]>): Promise<R[]> {
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
 * Slices of values whose "field = 'v' || ..." filter stays under PocketBase's 3,500-character
 * limit, however long each value is (bank references may have 200 characters).
 */
export function filterSlices<T extends string | number>(values: T[], maxChars = 3000): T[][] {
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

/** A PocketBase filter "field = a || field = b ..." for one slice of values. */
export function anyOf(field: string, values: readonly (string | number)[]): string {
  return values.map((v) => `${field} = ${filterValue(v)}`).join(' || ');
}
