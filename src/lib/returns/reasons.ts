// F39/F40 returns: the fixed lists a return is made of (zod enums), shared by the server's
// procedures and the browser's forms. Flow and states: docs/after-sales.md.
import { z } from 'zod';

/** Why a line comes back (plus free text on the line). */
export const returnReason = z.enum(['damaged', 'defective', 'wrong_item', 'not_as_described', 'too_late', 'no_longer_needed', 'other']);
export type ReturnReason = z.infer<typeof returnReason>;

/** requested → received → closed; requested → cancelled. Received stays while units await inspection. */
export const returnStatus = z.enum(['requested', 'received', 'closed', 'cancelled']);
export type ReturnStatus = z.infer<typeof returnStatus>;

/** Returns that still count against what may be returned and keep the order open. */
export const OPEN_RETURN_STATUSES = ['requested', 'received'] as const satisfies readonly ReturnStatus[];

/** Who asked for it: staff on the order page, or the customer on the tracking page. */
export const returnSource = z.enum(['staff', 'customer']);
export type ReturnSource = z.infer<typeof returnSource>;

/** What happens to each unit that came back. `inspect` is decided later into one of the other two. */
export const disposition = z.enum(['restock', 'writeoff', 'inspect']);
export type Disposition = z.infer<typeof disposition>;

/**
 * Units of one line that may still be returned: shipped, minus those already back
 * (`order_lines.returned`, counted when a return is received), minus those on returns still
 * `requested` (on their way back).
 */
export function returnable(line: { shipped: number; returned: number }, onRequestedReturns: number): number {
  return Math.max(0, line.shipped - line.returned - onRequestedReturns);
}
