// Invoice numbers: assigned once per order, sequential, never repeated or skipped.
//
// Format `2026-000123`: the year the invoice was issued (in the shop's time zone), then the
// sequence with six digits. The sequence is ONE counter that never restarts; the year is a
// readable prefix. German practice (§ 14 Abs. 4 Nr. 4 UStG) allows either; a continuous
// sequence needs no reset at New Year and its gap-freeness can be checked over all years.
import { ClientResponseError } from 'pocketbase';
import { AppError } from '../errors';
import { collection, filterValue, isNotFound } from '../pocketbase/client';
import { listWhereIn } from '../pocketbase/where-in';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import type { OrderRecord } from '../pocketbase/records';
import { recordEvent } from '../orders/timeline';

export const INVOICE_COUNTER = 'invoice_number';

export function formatInvoiceNumber(year: number, sequence: number): string {
  return `${year}-${String(sequence).padStart(6, '0')}`;
}

/** The calendar year at `at` as seen in `timeZone` (New Year's Eve 23:30 UTC is already next year in Berlin). */
export function yearIn(timeZone: string, at: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(at));
}

type InvoiceState = Pick<OrderRecord, 'id' | 'number' | 'status' | 'invoice_number'>;

/** Orders that may get a NEW invoice number; one they already have is always kept and reprinted. */
const INVOICEABLE: OrderRecord['status'][] = ['placed', 'completed'];

async function counter(): Promise<{ id: string; value: number }> {
  const filter = `name = ${filterValue(INVOICE_COUNTER)}`;
  try {
    return await collection('counters').getFirstListItem(filter);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  try {
    return await collection('counters').create({ name: INVOICE_COUNTER, value: 0 });
  } catch (e) {
    // created concurrently (unique name)
    if (e instanceof ClientResponseError && e.status === 400) return collection('counters').getFirstListItem(filter);
    throw e;
  }
}

async function invoiceStates(orderIds: string[]): Promise<InvoiceState[]> {
  const found = await listWhereIn<'orders', InvoiceState>('orders', 'id', orderIds, { fields: 'id,number,status,invoice_number' });
  const byId = new Map(found.map((o) => [o.id, o]));
  const missing = orderIds.filter((id) => !byId.has(id));
  if (missing.length) throw new AppError('NOT_FOUND', 'orders.not_found', 'This order does not exist.', { ids: missing });
  return orderIds.map((id) => byId.get(id)!);
}

export interface IssueOptions {
  /** staff member named in the order timeline */
  actorId: string;
  timeZone: string;
  now?: Date;
}

/**
 * Gives every order in `orderIds` that has no invoice number the next numbers, in the given
 * order, in ONE transaction; orders that have one keep it. Returns each order's number.
 *
 * The unit of work's references cannot be formatted into `2026-000123`, so the numbers are
 * predicted from the counter and the same transaction proves the prediction: it takes the
 * counter once per order and then expects the counter to stand exactly at the last predicted
 * number, and every order to still have no number. If anyone got there first, nothing is
 * written and we read again: two concurrent requests for one order assign one number, and
 * concurrent requests for different orders get consecutive numbers without gaps.
 */
export async function issueInvoiceNumbers(orderIds: string[], opts: IssueOptions): Promise<Map<string, string>> {
  const ids = [...new Set(orderIds)];
  for (let attempt = 1; ; attempt++) {
    const states = await invoiceStates(ids);
    const result = new Map(states.filter((o) => o.invoice_number).map((o) => [o.id, o.invoice_number]));
    const needed = states.filter((o) => !o.invoice_number);
    if (!needed.length) return result;

    const refused = needed.filter((o) => !INVOICEABLE.includes(o.status));
    if (refused.length) {
      const numbers = refused.map((o) => o.number).join(', ');
      throw new AppError('PRECONDITION_FAILED', 'documents.errors.not_invoiceable', `Draft and cancelled orders get no invoice: ${numbers}.`, {
        numbers
      });
    }

    const now = opts.now ?? new Date();
    const year = yearIn(opts.timeZone, now);
    const start = await counter();
    const uow = new UnitOfWork();
    for (let i = 0; i < needed.length; i++) uow.counter(INVOICE_COUNTER);
    uow.update('counters', start.id, {}, { expect: { value: start.value + needed.length } });
    needed.forEach((o, i) => {
      const invoiceNumber = formatInvoiceNumber(year, start.value + i + 1);
      uow.update('orders', o.id, { invoice_number: invoiceNumber, invoice_issued_at: now.toISOString() }, { expect: { invoice_number: '' } });
      recordEvent(uow, o.id, { type: 'invoice_issued', data: { invoice_number: invoiceNumber } }, { actor: opts.actorId });
      result.set(o.id, invoiceNumber);
    });
    try {
      await uow.commit();
      return result;
    } catch (e) {
      if (!(e instanceof TxFailure && e.code === 'precondition_failed')) throw e;
      if (attempt >= 50) throw new AppError('CONFLICT', 'documents.errors.busy', 'Many invoices are being issued right now. Please try again.');
      // lost the race: back off a little (jittered) and read again
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * Math.min(attempt, 5)));
    }
  }
}
