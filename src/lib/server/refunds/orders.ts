// The order as after-sales reads it: with the money fields, and what was paid.
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors';
import { collection, filterValue, isNotFound } from '../pocketbase/client';
import type { OrderRecord, PaymentRecordFull } from '../pocketbase/records';
import type { MoneyOrder } from './records';

/** An order record with its after-sales money fields (0 where the record has none yet). */
export function asMoneyOrder(order: OrderRecord): MoneyOrder {
  const o = { ...order } as MoneyOrder;
  for (const f of ['credited_cents', 'shipping_credited_cents', 'refunded_cents', 'surcharge_cents', 'surcharge_open_cents'] as const) o[f] = o[f] ?? 0;
  return o;
}

export async function loadMoneyOrder(orderId: string): Promise<MoneyOrder> {
  try {
    return asMoneyOrder(await collection('orders').getOne<MoneyOrder>(orderId));
  } catch (e) {
    if (isNotFound(e)) throw new AppError('NOT_FOUND', 'orders.not_found', 'This order does not exist.');
    throw e;
  }
}

/** Payments of the order that took money (the order's own and its surcharges'). */
export async function succeededPayments(orderId: string): Promise<PaymentRecordFull[]> {
  return collection('payments').getFullList({ filter: `order = ${filterValue(orderId)} && status = 'succeeded'`, sort: 'created' });
}

export const sumCents = (rows: { amount_cents: number }[]) => rows.reduce((s, r) => s + r.amount_cents, 0);

/** Everything the customer paid on the order. */
export async function paidCents(orderId: string): Promise<number> {
  return sumCents(await succeededPayments(orderId));
}

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** A record id made here (PocketBase's pattern), so the same unit of work can name it inside JSON data. */
export function newRecordId(): string {
  const bytes = randomBytes(15);
  return Array.from(bytes, (b) => ID_CHARS[b % 36]).join('');
}
