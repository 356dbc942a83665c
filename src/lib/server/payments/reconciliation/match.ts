// Proposed matches between statement lines and orders (F09): by an order number found in
// the remittance text and the amount. Only clean matches are ticked; partial payments,
// overpayments, duplicates and unmatched lines are flagged for the manager to look at.
// F42: a transfer for a surcharge names the surcharge's invoice number ("2026-000123"), or the
// order's number once the order's own total is paid: it is matched against what is open of
// the surcharges (`due: 'surcharge'`). Invoice numbers are never read as order numbers.
import type { OrderRecord } from '../../pocketbase/records';
import type { StatementLine } from './types';

/** the order fields a match reads (`surcharge_open_cents`, F42: surcharges not paid yet) */
export type OrderForMatch = Pick<
  OrderRecord,
  'id' | 'number' | 'customer_name' | 'status' | 'payment_status' | 'payment_method' | 'total_cents' | 'currency' | 'surcharge_open_cents'
>;

/** An open surcharge named by its invoice number in a transfer's text. */
export interface SurchargeForMatch {
  id: string;
  invoice_number: string;
  amount_cents: number;
  order: OrderForMatch;
}

export type MatchFlag =
  | 'match' // number and amount agree: ticked
  | 'partial' // less than due: may be ticked by hand
  | 'overpayment' // more than due: may be ticked by hand
  | 'already_applied' // this bank reference is already on a payment
  | 'duplicate_in_file' // the same bank reference appears earlier in this file
  | 'order_twice' // an earlier line of this file already pays this order
  | 'already_paid'
  | 'order_closed' // cancelled or still a draft
  | 'currency'
  | 'ambiguous' // several order numbers, none clearly meant
  | 'unmatched'
  | 'debit' // money going out: nothing to reconcile
  | 'not_booked'; // a pending CAMT entry

export interface Proposal {
  /** position in the statement (0-based) */
  index: number;
  line: StatementLine;
  flag: MatchFlag;
  order: OrderForMatch | null;
  /** line amount minus what is due (0 for a match) */
  differenceCents: number;
  /** what the line pays: the order's total, or its open surcharges (F42) */
  due: 'order' | 'surcharge';
  /** the surcharge named by its invoice number, when one is */
  surcharge: { id: string; invoiceNumber: string; amountCents: number } | null;
  /** the manager may tick it */
  selectable: boolean;
  /** ticked when the review opens */
  selected: boolean;
}

const SELECTABLE: readonly MatchFlag[] = ['match', 'partial', 'overpayment'];
const OPEN_STATUSES = ['placed', 'completed'];
// a keyword right before the number, like "Bestellung: 1005"; no word boundary, as ever ("Nr1005")
const KEYWORD = /(?:#|nr\.?|no\.?|best(?:ellung|\.)?|order|auftrag|rechnung|invoice)$/i;
/** longest keyword ("bestellung"): the window the keyword test looks at */
const KEYWORD_WINDOW = 10;
const SPACE = /\s/;

/**
 * Whether a keyword ends just before `at`, apart from blanks and one colon (`keyword\s*:?\s*`).
 * It looks back over those blanks and a window of KEYWORD_WINDOW characters only, never the
 * whole text before the number: testing the prefix made matching quadratic in the text length
 * (issue #12, finding 9). The blanks it skips lie between this number and the previous token,
 * so over all numbers of a text they add up to at most its length.
 */
function keywordBefore(text: string, at: number): boolean {
  let end = at;
  while (end > 0 && SPACE.test(text[end - 1])) end--;
  if (end > 0 && text[end - 1] === ':') {
    end--;
    while (end > 0 && SPACE.test(text[end - 1])) end--;
  }
  return KEYWORD.test(text.slice(Math.max(0, end - KEYWORD_WINDOW), end));
}

/** Invoice numbers as Packbench writes them ("2026-000123"), for surcharges and orders. */
const INVOICE_NUMBER = /(?<![\d-])(\d{4}-\d{6})(?![\d-])/g;

export function invoiceNumbersIn(text: string): string[] {
  return [...new Set([...text.matchAll(INVOICE_NUMBER)].map((m) => m[1]))];
}

/** Numbers in a remittance text that could be order numbers, in order of appearance; linear in the text length. */
export function orderNumbersIn(raw: string): { number: number; keyword: boolean }[] {
  // an invoice number's digits are no order number (same length, so positions stay)
  const text = raw.replace(INVOICE_NUMBER, (m) => ' '.repeat(m.length));
  const found: { number: number; keyword: boolean }[] = [];
  const seen = new Set<number>();
  // 1 to 9 digits standing alone: longer runs are IBANs, account or card numbers
  for (const m of text.matchAll(/(?<!\d)(\d{1,9})(?!\d)/g)) {
    const number = Number(m[1]);
    if (number < 1 || seen.has(number)) continue;
    seen.add(number);
    found.push({ number, keyword: keywordBefore(text, m.index) });
  }
  return found;
}

function pickOrder(line: StatementLine, orders: Map<number, OrderForMatch>): { order: OrderForMatch | null; ambiguous: boolean } {
  const candidates = orderNumbersIn(line.text)
    .map((c) => ({ ...c, order: orders.get(c.number) }))
    .filter((c): c is typeof c & { order: OrderForMatch } => !!c.order);
  if (candidates.length === 0) return { order: null, ambiguous: false };
  if (candidates.length === 1) return { order: candidates[0].order, ambiguous: false };
  // several: the one whose open amount is exactly this payment, else the one named "Bestellung 1005"
  const exact = candidates.filter((c) => c.order.total_cents === line.amountCents && c.order.currency === line.currency && c.order.payment_status !== 'paid');
  if (exact.length === 1) return { order: exact[0].order, ambiguous: false };
  const named = candidates.filter((c) => c.keyword);
  if (named.length === 1) return { order: named[0].order, ambiguous: false };
  return { order: null, ambiguous: true };
}

/** Order payment states in which only surcharges can still be owed (F42). */
export const OWN_TOTAL_SETTLED = ['paid', 'refunded', 'partially_refunded'];

export function proposeMatches(
  lines: StatementLine[],
  orders: Map<number, OrderForMatch>,
  appliedReferences: ReadonlySet<string>,
  surcharges: ReadonlyMap<string, SurchargeForMatch> = new Map()
): Proposal[] {
  const seenReferences = new Set<string>();
  const seenOrders = new Set<string>();
  return lines.map((line, index) => {
    const result = (flag: MatchFlag, order: OrderForMatch | null = null, due: { cents: number; kind: Proposal['due']; surcharge?: SurchargeForMatch } | null = null): Proposal => ({
      index,
      line,
      flag,
      order,
      differenceCents: order ? line.amountCents - (due?.cents ?? order.total_cents) : 0,
      due: due?.kind ?? 'order',
      surcharge: due?.surcharge ? { id: due.surcharge.id, invoiceNumber: due.surcharge.invoice_number, amountCents: due.surcharge.amount_cents } : null,
      // a surcharge is paid in full or looked at on its order page
      selectable: SELECTABLE.includes(flag) && (due?.kind !== 'surcharge' || flag === 'match'),
      selected: flag === 'match'
    });
    if (!line.credit) return result('debit');
    if (!line.booked) return result('not_booked');
    const firstTime = !seenReferences.has(line.bankReference);
    seenReferences.add(line.bankReference);
    const named = invoiceNumbersIn(line.text).map((n) => surcharges.get(n)).filter((s): s is SurchargeForMatch => !!s);
    const surcharge = named.length === 1 ? named[0] : null;
    const { order, ambiguous } = surcharge ? { order: surcharge.order, ambiguous: false } : pickOrder(line, orders);
    if (appliedReferences.has(line.bankReference)) return result('already_applied', order);
    if (!firstTime) return result('duplicate_in_file', order);
    if (ambiguous || named.length > 1) return result('ambiguous');
    if (!order) return result('unmatched');
    const openSurcharges = order.surcharge_open_cents ?? 0;
    if (surcharge || (OWN_TOTAL_SETTLED.includes(order.payment_status) && openSurcharges > 0)) {
      // F42: the surcharge named, or every open one of an order whose own total is paid
      const due = { cents: surcharge ? surcharge.amount_cents : openSurcharges, kind: 'surcharge' as const, surcharge: surcharge ?? undefined };
      if (!OPEN_STATUSES.includes(order.status)) return result('order_closed', order, due);
      if (seenOrders.has(order.id)) return result('order_twice', order, due);
      seenOrders.add(order.id);
      if (order.currency !== line.currency) return result('currency', order, due);
      if (line.amountCents === due.cents) return result('match', order, due);
      return result(line.amountCents < due.cents ? 'partial' : 'overpayment', order, due);
    }
    if (OWN_TOTAL_SETTLED.includes(order.payment_status)) return result('already_paid', order);
    if (!OPEN_STATUSES.includes(order.status)) return result('order_closed', order);
    if (seenOrders.has(order.id)) return result('order_twice', order);
    seenOrders.add(order.id);
    if (order.currency !== line.currency) return result('currency', order);
    if (line.amountCents === order.total_cents) return result('match', order);
    return result(line.amountCents < order.total_cents ? 'partial' : 'overpayment', order);
  });
}
