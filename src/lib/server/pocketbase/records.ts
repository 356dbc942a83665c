// Typed shapes of the PocketBase records the app server reads (see pb_migrations/).
// one postal address shape for records and documents (documents never import server code)
import type { Address } from '$lib/documents/types';
import type { AddressCheckResult, AddressCheckStatus } from '$lib/addresses/check';
import type { RepeatProblem } from '$lib/orders/repeat';
// the enums are defined once, browser-safe, in src/lib/<domain> (zod)
import type { Role } from '$lib/auth/roles';
import type { Locale } from '$lib/i18n/locales';
import type { FulfilmentStatus, NoteVisibility, OrderChannel, OrderStatus, PaymentStatus, FulfilmentMethod } from '$lib/orders/states';
import type { PaymentMethod } from '$lib/payments/methods';
export type { FulfilmentMethod, FulfilmentStatus, Locale, NoteVisibility, OrderChannel, OrderStatus, PaymentMethod, PaymentStatus, Role };

import type { StockReason } from './tx';

interface Base {
  id: string;
  created: string;
  updated: string;
}

export interface StaffRecord extends Base {
  email: string;
  name: string;
  role: Role;
  active: boolean;
  locale: Locale | '';
  /** 1765400000: set with a one-time password (new account, reset), cleared when they choose their own */
  must_change_password?: boolean;
  /** the tablet PIN's hash ('' = no PIN), wrong PINs in a row, and the lock they set (1765000001) */
  pin_hash?: string;
  pin_failures?: number;
  pin_locked?: boolean;
  /** 1765400000: bumped by every change an owner or manager makes */
  version?: number;
}

export interface SessionRecord extends Base {
  token_hash: string;
  staff: string;
  method: 'password' | 'pin';
  device: string;
  user_agent: string;
  expires: string;
  revoked: boolean;
  /** when the session was last used (written at most every SESSION_TOUCH_MS) */
  last_seen?: string;
  /** how long it may rest before the server ends it; 0 or missing = no limit */
  idle_seconds?: number;
}

export type { Address };

export interface CustomerRecord extends Base {
  name: string;
  email: string;
  phone: string;
  company: string;
  addresses: Address[] | null;
  locale: Locale | '';
  notes: string;
  version: number;
  /** when the customer's personal data was removed (1766000000); '' = never */
  anonymised_at: string;
  search_text?: string;
}

export interface ProductRecord extends Base {
  sku: string;
  name: string;
  gtins: string[] | null;
  bin: string;
  price_cents: number;
  tax_rate_bp: number;
  weight_g: number;
  on_hand: number;
  reserved: number;
  active: boolean;
  version: number;
  low_stock_threshold: number;
}

export interface OrderRecord extends Base {
  /** #12: an unpaid web order's reservation went back to stock after its hold (payments/reservation-hold.ts) */
  hold_released?: boolean;
  number: number;
  customer: string;
  channel: OrderChannel;
  status: OrderStatus;
  payment_status: PaymentStatus;
  fulfilment_status: FulfilmentStatus;
  payment_method: PaymentMethod | '';
  fulfilment_method: FulfilmentMethod;
  /** F42: the courier the parcel should go with, '' = the shop's default (1767500000) */
  courier?: string;
  customer_name: string;
  email: string;
  phone: string;
  shipping_address: Address | null;
  billing_address: Address | null;
  address_verified: boolean;
  /** F36: '' = never checked */
  address_check_status: AddressCheckStatus | '';
  address_check: AddressCheckResult | null;
  address_override_reason: string;
  address_override_by: string;
  address_override_at: string;
  /** F30: the order a repeat order was made from */
  repeat_of: string;
  repeat_problems: RepeatProblem[] | null;
  currency: string;
  subtotal_cents: number;
  tax_cents: number;
  shipping_cents: number;
  total_cents: number;
  locale: Locale | '';
  tracking_token: string;
  /** the pay link's own token (/pay/<pay_token>); empty for orders without a pay link */
  pay_token: string;
  version: number;
  idempotency_key: string;
  invoice_number: string;
  cancel_reason: string;
  placed_at: string;
  paid_at: string;
  cancelled_at: string;
  created_by: string;
  /** returns not yet closed or cancelled (F39/F40, 1765100000); the lifecycle reads it */
  open_returns?: number;
  /** after-sales sums (1765200000, refunds/records.ts) */
  credited_cents?: number;
  shipping_credited_cents?: number;
  refunded_cents?: number;
  surcharge_cents?: number;
  surcharge_open_cents?: number;
  /** when the invoice number was issued (1764600000) */
  invoice_issued_at?: string;
  /** the words the search index is built from (1765600000) */
  search_text?: string;
  /** the REST API request an order was made by, to answer its retry alike (1765800000) */
  api_request_hash?: string;
  /** an unpaid order waiting for its payment (1767600000) */
  awaiting_payment?: boolean;
}

export interface OrderLineRecord extends Base {
  order: string;
  product: string;
  sku: string;
  name: string;
  unit_price_cents: number;
  tax_rate_bp: number;
  qty: number;
  picked: number;
  shipped: number;
  returned: number;
  position: number;
  /** F40: the return this line was added for (an exchange line), else empty */
  exchange_return?: string;
  /** units credited on credit notes (1765200000) */
  credited?: number;
}

export interface OrderNoteRecord extends Base {
  order: string;
  author: string;
  body: string;
  visibility: NoteVisibility;
  client_id: string;
  expand?: { author?: StaffRecord };
}

/** order_events have no `updated`: an event is never changed */
export interface OrderEventRecord extends Omit<Base, 'updated'> {
  order: string;
  type: string;
  actor: string;
  actor_label: string;
  data: Record<string, unknown> | null;
  expand?: { actor?: StaffRecord };
}

/** orders.invoice_issued_at (1764600000): when the order's invoice number was issued; the invoice's date. */
export interface OrderInvoiceFields {
  invoice_issued_at: string;
}

export type PaymentRowStatus = 'pending' | 'succeeded' | 'failed' | 'refunded';

/** payments (1764000008, 1764200000-01): one payment or payment attempt of an order. */
export interface PaymentRecordFull extends Base {
  order: string;
  method: PaymentMethod;
  amount_cents: number;
  currency: string;
  status: PaymentRowStatus;
  /** 'sandbox' | 'stripe' for cards, 'manual' | 'bank_statement' for reconciled transfers and cheques */
  provider: string;
  provider_payment_id: string;
  provider_event_id: string;
  /** when the provider's latest applied event happened, or the statement's booking date */
  provider_event_at: string;
  bank_reference: string;
  actor: string;
}

/** stock_movements (1764000007): the ledger row the tx engine's `stock` op writes */
export interface StockMovementRecord extends Omit<Base, 'updated'> {
  product: string;
  delta_on_hand: number;
  delta_reserved: number;
  reason: StockReason;
  order: string;
  order_line: string;
  actor: string;
  note: string;
}

/** counters (1764000014): gap-free numbers, moved by the tx engine's `counter` op */
export interface CounterRecord {
  id: string;
  name: string;
  value: number;
  updated: string;
}

/** products_low_stock (1765500001): a view, read only */
export interface LowStockRecord extends Omit<ProductRecord, 'created'> {
  available: number;
}

declare module './collections' {
  interface Collections {
    staff: StaffRecord;
    sessions: SessionRecord;
    customers: CustomerRecord;
    products: ProductRecord;
    products_low_stock: LowStockRecord;
    orders: OrderRecord;
    order_lines: OrderLineRecord;
    order_notes: OrderNoteRecord;
    order_events: OrderEventRecord;
    payments: PaymentRecordFull;
    stock_movements: StockMovementRecord;
    counters: CounterRecord;
  }
  interface WriteShapes {
    /** an auth collection: PocketBase hashes the password and never returns it */
    staff: { password: string; passwordConfirm: string };
  }
}
