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

/** Runs `fn` over `items` in slices of `size`, at most `parallel` slices at a time. */
export async function inSlices<T, R>(items: T[], size: number, parallel: number, fn: (slice: T[]) => Promise<R[]>): Promise<R[]> {
  const slices: T[][] = [];
  for (let i = 0; i < items.length; i += size) slices.push(items.slice(i, i + size));
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

/** A PocketBase filter "field = a || field = b ..." for one slice of values. */
export function anyOf(field: string, values: readonly (string | number)[]): string {
  return values.map((v) => `${field} = ${filterValue(v)}`).join(' || ');
}
