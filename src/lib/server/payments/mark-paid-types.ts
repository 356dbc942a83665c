// What marking orders paid takes and answers (./mark-paid.ts, ./surcharge-transfers.ts).
export interface MarkPaidRequest {
  orderId: string;
  bankReference: string;
  /** what arrived; defaults to the order total */
  amountCents?: number;
  /** the statement's booking date (YYYY-MM-DD), when known */
  bookedOn?: string;
  /** F42: only these open surcharges (named by invoice number); none = the order, or all its open surcharges */
  surchargeIds?: string[];
}

export type RefusalReason = 'not_found' | 'cancelled' | 'draft' | 'refunded' | 'duplicate_reference' | 'twice' | 'changed' | 'invalid';

export interface MarkPaidResult {
  orderId: string;
  number: number | null;
  outcome: 'paid' | 'already_paid' | 'refused';
  reason?: RefusalReason;
  bankReference: string;
  /** F42: the order's own total was paid already; what came in settled its open surcharges */
  surcharges?: boolean;
}

export interface MarkPaidContext {
  /** '' when it is not staff (an API key, F43): then actorLabel names who */
  actorId: string;
  actorLabel?: string;
  source: 'manual' | 'bank_statement';
}
