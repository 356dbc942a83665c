// The order timeline's events (F46): every `type` the server writes to order_events and the
// shape of its `data`, field names exactly as stored. Written through recordEvent
// (src/lib/server/orders/timeline.ts), read back by eventView (orders/queries.ts) and the
// timeline components, which switch on `type`. Shared: no server imports.
//
// Rows written before a field existed, the demo seed (scripts/lib/demo-data.js) and tests may
// hold less (or a type not listed here): readers show what is there and fall back on the label.
import type { AddressCheckStatus } from '$lib/addresses/check';
import type { PaymentMethod } from '$lib/payments/methods';
import type { RefundMethod, SurchargeKind } from '$lib/refunds/rules';
import type { ReturnReason, ReturnSource } from '$lib/returns/reasons';
import type { COURIER_CHOICES, MoneyPath } from '$lib/shipping/method-change';
import type { FulfilmentStatus, NoteVisibility, OrderChannel, OrderStatus, PaymentStatus } from './states';

type Courier = (typeof COURIER_CHOICES)[number];
type StateOf = { order: OrderStatus; payment: PaymentStatus; fulfilment: FulfilmentStatus };

/** A state move (server/orders/transitions.ts, lifecycle.ts): the axis and both states, then what the caller adds. */
export type Move<A extends keyof StateOf, To extends StateOf[A]> = { axis: A; from: StateOf[A]; to: To };

/** What the callers of each move add to its event (TransitionOptions.data). */
export interface MoveDetails {
  /** a phone order placed from its draft (orders/phone.ts) */
  placed: { total_cents: number; currency: string; lines: number };
  /** why the order finished or opened again (settleLifecycle's data) */
  completed: LifecycleWhy;
  reopened: LifecycleWhy;
  cancelled: { reason: string; notified: boolean };
  payment_reset: NoDetails;
  payment_pending: CardPayment;
  payment_failed: CardPayment;
  paid: (CardPayment & { order_cancelled?: true }) | ManualPayment;
  refunded: RefundSettled;
  partially_refunded: RefundSettled;
  /** listed so every state has its event; no move leads back to unfulfilled */
  unfulfilled: NoDetails;
  /** 'undo': the packer took back the last pick of a packed order */
  picking_started: { reason?: 'undo' };
  packed: NoDetails;
  partially_shipped: Parcel;
  shipped: Parcel | Rest;
  ready_for_pickup: NoDetails;
  collected: { method: string; units: number };
  partially_returned: Parcel | Rest | ReturnStep;
  returned: Parcel | Rest | ReturnStep;
}
export type MoveEventType = keyof MoveDetails;

/** no fields of its own (an intersection with an index signature of never would wipe out the move's fields) */
type NoDetails = Record<never, never>;
/** settleLifecycle's data: the surcharge, exchange or return that moved the order, if any */
export type LifecycleWhy = { surcharge?: string; exchange?: string; return?: string };
/** a card provider's notification (payments/notifications.ts) */
export type CardPayment = { provider: string; event_id: string; amount_cents: number; currency: string; bank_reference: string; method: 'card' };
/** marked paid by hand or from a bank statement (payments/mark-paid.ts) */
export type ManualPayment = {
  method: PaymentMethod | '';
  amount_cents: number;
  currency: string;
  bank_reference: string;
  source: 'manual' | 'bank_statement';
  /** only when the amount differs from the order's total */
  due_cents?: number;
  difference_cents?: number;
};
/** refunds that went through (refunds/settle.ts) */
export type RefundSettled = {
  refunds: { id: string; amount_cents: number; method: RefundMethod; provider: string; reference: string }[];
  amount_cents: number;
  refunded_total_cents: number;
  currency: string;
  method?: RefundMethod;
  reference: string;
};
/** a parcel left (shipping/shipments.ts) */
export type Parcel = { shipment: string; units: number; courier: Courier };
/** the rest of an order left with an amendment or a cancelled line (orders/amend.ts) */
export type Rest = { rest: 'amended' | 'line_cancelled' };
/** a return step (returns/order-state.ts) */
export type ReturnStep = { return: string };

/** Order intake's first event (orders/intake.ts) */
type Intake = { channel: OrderChannel; total_cents: number; currency: string; lines: number };
type LineChange = { sku: string; name: string; from: number; to: number };
type Amendment = { changes: LineChange[]; total_before: number; total_after: number; currency: string; reason?: string };
type AddressChange = { kind: 'shipping' | 'billing'; before: string; after: string; check?: AddressCheckStatus };
type TrackingScan<S extends string> = { shipment: string; status: S; description: string; location: string };
type Link = { link_order: string; link_number: number };

/** Each move's axis and the state it leads to (completed → placed is written as reopened). */
interface MoveTo {
  placed: ['order', 'placed'];
  completed: ['order', 'completed'];
  reopened: ['order', 'placed'];
  cancelled: ['order', 'cancelled'];
  payment_reset: ['payment', 'unpaid'];
  payment_pending: ['payment', 'pending'];
  payment_failed: ['payment', 'failed'];
  paid: ['payment', 'paid'];
  refunded: ['payment', 'refunded'];
  partially_refunded: ['payment', 'partially_refunded'];
  unfulfilled: ['fulfilment', 'unfulfilled'];
  picking_started: ['fulfilment', 'picking'];
  packed: ['fulfilment', 'packed'];
  partially_shipped: ['fulfilment', 'partially_shipped'];
  shipped: ['fulfilment', 'shipped'];
  ready_for_pickup: ['fulfilment', 'ready_for_pickup'];
  collected: ['fulfilment', 'collected'];
  partially_returned: ['fulfilment', 'partially_returned'];
  returned: ['fulfilment', 'returned'];
}
type MoveOf<P> = P extends ['order', infer T extends OrderStatus]
  ? Move<'order', T>
  : P extends ['payment', infer T extends PaymentStatus]
    ? Move<'payment', T>
    : P extends ['fulfilment', infer T extends FulfilmentStatus]
      ? Move<'fulfilment', T>
      : never;
type Moves = { [K in MoveEventType]: MoveOf<MoveTo[K]> & MoveDetails[K] };

/** Every event type written today and its data. */
export interface TimelineEventData extends Omit<Moves, 'placed'> {
  // orders: intake, phone, amendments, repeats, notes, customers, invoices
  /** a new order as draft (intake) */
  created: Intake;
  /** a new order placed at once (intake), or a phone draft placed (a move) */
  placed: Intake | Moves['placed'];
  amended: Amendment;
  line_cancelled: Amendment;
  repeat_created: Link & { unservable: number };
  repeated: Link;
  note_added: { visibility: NoteVisibility; excerpt: string };
  customer_changed: {
    before: string;
    after: string;
    from_customer: string;
    to_customer: string;
    contact: boolean;
    address: boolean;
    /** only when the customer's address was taken */
    address_before?: string;
    address_after?: string;
  };
  customer_merged: { from: string; into: string; from_customer: string; to_customer: string };
  customer_anonymised: { invoiced: boolean };
  invoice_issued: { invoice_number: string };
  shipping_address_changed: AddressChange;
  billing_address_changed: AddressChange;
  address_checked: { status: AddressCheckStatus; provider: string; messages: string[] };
  address_check_overridden: { reason: string; messages: string[] };

  // payments, refunds, surcharges
  payment_mismatch: CardPayment & { due_cents: number; due_currency: string };
  receipt_requested: { to: string };
  reservation_released: { hours: number; method: PaymentMethod | '' };
  reservation_renewed: NoDetails;
  reservation_short: { lines: { sku: string; available: number; requested: number }[] };
  refund_requested: { amount_cents: number; currency: string; provider: string; refund: string };
  refund_failed: { amount_cents: number; currency: string; reason: string };
  /** a refund whose payment state could not move (e.g. of a surcharge while the order is unpaid) */
  refund_succeeded: RefundSettled;
  credit_note_issued: { number: string; total_cents: number; currency: string; reason: string };
  /** reason: absent when a change of shipping method gave none */
  surcharge_added: { kind: SurchargeKind; reason?: string; amount_cents: number; tax_rate_bp: number; currency: string; invoice_number: string };
  surcharge_paid: { amount_cents: number; invoice_numbers: string[]; reference: string };

  // shipping
  shipping_method_changed: {
    method_before: string;
    method_after: string;
    courier_before: string;
    courier_after: string;
    fee_before: number;
    fee_after: number;
    currency: string;
    money: MoneyPath;
    /** only when the total changed (money 'adjust') */
    total_before?: number;
    total_after?: number;
    credit_due_cents?: number;
    /** the surcharge's invoice (money 'surcharge') */
    invoice_number?: string;
    reason?: string;
  };
  delivery_email_sent: { shipment: string; to: string };
  parcel_handed_over: { shipment: string; courier: Courier };
  parcel_label_voided: { shipment: string; courier: Courier; trackingNumber: string };
  parcel_delivered: TrackingScan<'delivered'>;
  parcel_exception: TrackingScan<'exception'>;
  parcel_returned: TrackingScan<'returned'>;
  parcel_out_for_delivery: TrackingScan<'out_for_delivery'>;

  // returns and exchanges
  return_requested: { return: string; units: number; source: ReturnSource; items: { sku: string; name: string; qty: number; reason: ReturnReason }[] };
  return_received: {
    return: string;
    units: number;
    restocked: number;
    written_off: number;
    to_inspect: number;
    closed: boolean;
    items: { sku: string; name: string; qty: number; restock: number; writeoff: number; inspect: number }[];
  };
  return_inspected: { return: string; restocked: number; written_off: number; items: { sku: string; name: string; restock: number; writeoff: number }[] };
  return_cancelled: { return: string; units: number };
  return_label_created: { returnId: string; carrier: string; trackingNumber: string };
  exchange_created: {
    return: string;
    items: { sku: string; name: string; qty: number }[];
    summary: string;
    returned_value: number;
    new_value: number;
    difference: number;
    currency: string;
    creditable: number;
  };
}

export type TimelineEventType = keyof TimelineEventData;

/** One event as written and read: `type` narrows `data`. */
export type TimelineEvent = { [K in TimelineEventType]: { type: K; data: TimelineEventData[K] } }[TimelineEventType];

/** The event of one type. */
export type TimelineEventOf<K extends TimelineEventType> = Extract<TimelineEvent, { type: K }>;
