// A bank statement as a list of lines, whatever format it came in (F09, F28).
import { createHash } from 'node:crypto';

export interface StatementLine {
  /** where the booking is in the file (1-based), for messages */
  line: number;
  /** the booking date, YYYY-MM-DD */
  bookingDate: string;
  /** always positive; `credit` says which way the money went */
  amountCents: number;
  credit: boolean;
  currency: string;
  /** the remittance text the payer typed: "Bestellung 1005" */
  text: string;
  /** the bank's own id for the booking (AcctSvcrRef); derived from the line when a CSV has none */
  bankReference: string;
  counterparty: string;
  /** CAMT entries can be pending; CSV exports are booked */
  booked: boolean;
}

const PROBLEMS = {
  amount: "'{value}' is not an amount",
  date: "'{value}' is not a date",
  currency: "'{value}' is not a currency code",
  columns: 'expected {expected} fields, found {found}',
  header: 'no header with date, amount and reference columns found',
  quote: 'a quoted field is never closed',
  empty: 'the file has no bookings',
  xml: 'the XML is malformed ({detail})',
  not_camt: 'this is not a CAMT.053 bank statement (it starts with <{root}>)',
  missing: '<{element}> is missing in this entry',
  direction: "'{value}' must be CRDT or DBIT"
} as const;
export type StatementProblem = keyof typeof PROBLEMS;

/** A file we cannot read: which line, what is wrong (a key the client translates). */
export class StatementFormatError extends Error {
  constructor(
    public line: number,
    public problem: StatementProblem,
    public params: Record<string, string | number> = {}
  ) {
    const detail = PROBLEMS[problem].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
    super(`Line ${line}: ${detail}.`);
    this.name = 'StatementFormatError';
  }
}

/** A stable reference for a booking without one, so importing the same line twice is noticed. */
export function derivedReference(bookingDate: string, amountCents: number, credit: boolean, text: string, counterparty: string): string {
  const hash = createHash('sha256').update([bookingDate, amountCents, credit, text.trim(), counterparty.trim()].join('|')).digest('hex');
  return `CSV-${bookingDate}-${hash.slice(0, 12)}`;
}

/** What a parse refused (line, problem, message), or null when it went through. */
export function refusal(fn: () => unknown): { line: number; problem: string; message: string } | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof StatementFormatError) return { line: e.line, problem: e.problem, message: e.message };
    throw e;
  }
}
