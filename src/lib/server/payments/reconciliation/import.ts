// Statement import (F09, F28): read the file, propose matches, and on the manager's one
// confirmation mark the chosen orders paid with the bank's references and booking dates.
import { AppError } from '../../errors';
import { collection } from '../../pocketbase/client';
import { appliedReferences, markOrdersPaid, type MarkPaidResult } from '../mark-paid';
import { anyOf, inSlices } from '../../pocketbase/where-in';
import { invoiceNumbersIn, orderNumbersIn, proposeMatches, type OrderForMatch, type Proposal, type SurchargeForMatch } from './match';

import { parseStatement, type StatementFormat } from './statement';
import { StatementFormatError } from './types';

export const MAX_STATEMENT_LINES = 20_000;

export interface StatementReview {
  format: StatementFormat;
  proposals: Proposal[];
  counts: Record<Proposal['flag'], number>;
}

const MATCH_FIELDS = 'id,number,customer_name,status,payment_status,payment_method,total_cents,currency,surcharge_open_cents';

/** F42: open surcharges named by invoice number in the transfers, with their orders. */
async function surchargesByInvoice(numbers: string[]): Promise<Map<string, SurchargeForMatch>> {
  const found = await inSlices(numbers, 4, (slice) =>
    collection('surcharges').getFullList({ filter: `status = 'open' && (${anyOf('invoice_number', slice)})`, fields: 'id,order,invoice_number,amount_cents' })
  );
  if (!found.length) return new Map();
  const orders = await inSlices([...new Set(found.map((s) => s.order))], 4, (slice) =>
    collection('orders').getFullList<OrderForMatch>({ filter: anyOf('id', slice), fields: MATCH_FIELDS })
  );
  const byId = new Map(orders.map((o) => [o.id, o]));
  return new Map(found.filter((s) => byId.has(s.order)).map((s) => [s.invoice_number, { id: s.id, invoice_number: s.invoice_number, amount_cents: s.amount_cents, order: byId.get(s.order)! }]));
}

async function ordersByNumber(numbers: number[]): Promise<Map<number, OrderForMatch>> {
  const rows = await inSlices(numbers, 4, (slice) =>
    collection('orders').getFullList<OrderForMatch>({ filter: anyOf('number', slice), fields: MATCH_FIELDS })
  );
  return new Map(rows.map((o) => [o.number, o]));
}

export async function reviewStatement(content: string, defaultCurrency = 'EUR'): Promise<StatementReview> {
  let parsed;
  try {
    parsed = parseStatement(content, defaultCurrency);
  } catch (e) {
    if (e instanceof StatementFormatError) {
      throw new AppError('BAD_REQUEST', `payments.import.errors.${e.problem}`, e.message, { line: e.line, ...e.params });
    }
    throw e;
  }
  if (parsed.lines.length > MAX_STATEMENT_LINES) {
    throw new AppError('BAD_REQUEST', 'payments.import.errors.too_many', `A statement may have at most ${MAX_STATEMENT_LINES} bookings; split the file.`, { max: MAX_STATEMENT_LINES });
  }
  const credits = parsed.lines.filter((l) => l.credit);
  const numbers = [...new Set(credits.flatMap((l) => orderNumbersIn(l.text).map((n) => n.number)))];
  const invoices = [...new Set(credits.flatMap((l) => invoiceNumbersIn(l.text)))];
  const [orders, applied, surcharges] = await Promise.all([ordersByNumber(numbers), appliedReferences(credits.map((l) => l.bankReference)), surchargesByInvoice(invoices)]);
  const proposals = proposeMatches(parsed.lines, orders, applied, surcharges);
  const counts = {} as Record<Proposal['flag'], number>;
  for (const p of proposals) counts[p.flag] = (counts[p.flag] ?? 0) + 1;
  return { format: parsed.format, proposals, counts };
}

export interface ConfirmedMatch {
  orderId: string;
  bankReference: string;
  amountCents: number;
  bookedOn: string;
  /** F42: the surcharge the transfer named by its invoice number */
  surchargeIds?: string[];
}

export function confirmStatementMatches(matches: ConfirmedMatch[], actorId: string): Promise<MarkPaidResult[]> {
  return markOrdersPaid(matches, { actorId, source: 'bank_statement' });
}
