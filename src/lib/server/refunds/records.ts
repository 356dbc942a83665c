// Typed shapes of the after-sales collections (pb_migrations/1765200000_refunds_credit_notes_surcharges.js).
import type { OrderRecord } from '../pocketbase/records';

/** the order fields the after-sales migration added */
export interface OrderMoneyFields {
  credited_cents: number;
  shipping_credited_cents: number;
  refunded_cents: number;
  surcharge_cents: number;
  surcharge_open_cents: number;
  invoice_issued_at: string;
}
export type MoneyOrder = OrderRecord & OrderMoneyFields;

export interface CreditNoteLine {
  /** the order line credited; none for a free amount */
  line?: string;
  sku: string;
  name: string;
  qty: number;
  unit_price_cents: number;
  tax_rate_bp: number;
}

export interface CreditNoteRecord {
  id: string;
  order: string;
  number: string;
  issued_at: string;
  currency: string;
  lines: CreditNoteLine[] | null;
  shipping_cents: number;
  total_cents: number;
  reason: string;
  actor: string;
  created: string;
  updated: string;
}

export type RefundMethod = 'card' | 'bank_transfer' | 'cheque';
export type RefundStatus = 'pending' | 'succeeded' | 'failed';

export interface RefundRecord {
  id: string;
  order: string;
  credit_note: string;
  amount_cents: number;
  currency: string;
  method: RefundMethod;
  provider: string;
  payment: string;
  provider_refund_id: string;
  provider_event_id: string;
  status: RefundStatus;
  reference: string;
  reason: string;
  failure: string;
  actor: string;
  created: string;
  updated: string;
}

export interface SurchargeRecord {
  id: string;
  order: string;
  kind: 'extra_work' | 'shipping_change' | 'other';
  reason: string;
  amount_cents: number;
  tax_rate_bp: number;
  currency: string;
  invoice_number: string;
  issued_at: string;
  status: 'open' | 'paid';
  paid_at: string;
  payment_reference: string;
  actor: string;
  created: string;
  updated: string;
}

declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    credit_notes: CreditNoteRecord;
    refunds: RefundRecord;
    surcharges: SurchargeRecord;
  }
}
