// Statement import (F09, F28): read the file, propose matches, and on the manager's one
// confirmation mark the chosen orders paid with the bank's references and booking dates.
import { AppError } from '../../errors';
import { pb } from '../../pocketbase/client';
import { appliedReferences, markOrdersPaid, type MarkPaidResult } from '../mark-paid';
import { anyOf, inSlices } from '../../pocketbase/where-in';
import { orderNumbersIn, proposeMatches, type OrderForMatch, type Proposal } from './match';
import { parseStatement, type StatementFormat } from './statement';
import { StatementFormatError } from './types';

export const MAX_STATEMENT_LINES = 20_000;

export interface StatementReview {
  format: StatementFormat;
  proposals: Proposal[];
  counts: Record<Proposal['flag'], number>;
}

async function ordersByNumber(numbers: number[]): Promise<Map<number, OrderForMatch>> {
  const rows = await inSlices(numbers, 4, (slice) =>
    pb().collection('orders').getFullList<OrderForMatch>({ filter: anyOf('number', slice), fields: 'id,number,customer_name,status,payment_status,payment_method,total_cents,currency' })
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
  const [orders, applied] = await Promise.all([ordersByNumber(numbers), appliedReferences(credits.map((l) => l.bankReference))]);
  const proposals = proposeMatches(parsed.lines, orders, applied);
  const counts = {} as Record<Proposal['flag'], number>;
  for (const p of proposals) counts[p.flag] = (counts[p.flag] ?? 0) + 1;
  return { format: parsed.format, proposals, counts };
}

export interface ConfirmedMatch {
  orderId: string;
  bankReference: string;
  amountCents: number;
  bookedOn: string;
}

export function confirmStatementMatches(matches: ConfirmedMatch[], actorId: string): Promise<MarkPaidResult[]> {
  return markOrdersPaid(matches, { actorId, source: 'bank_statement' });
}
