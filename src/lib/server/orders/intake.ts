// Creating an order, shared by the web checkout (./place.ts) and phone orders (./phone.ts):
// one unit of work with the next order number, the order, its lines and, when it is placed,
// a stock reservation per line. Committing is idempotent on the client's key.
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors';
import { queueEmail } from '../mail/queue';
import { collection, filterValue } from '../pocketbase/client';
import type { Address, Locale, OrderRecord, PaymentMethod, ProductRecord } from '../pocketbase/records';
import { TxFailure, isDuplicateKey, type Ref, type UnitOfWork } from '../pocketbase/tx';
import type { GroupCommit } from '../pocketbase/group-commit';
import { lineProblems, lineSnapshot, linesRefused, orderTotals, type OrderTotals, type ProductMap, type RequestedLine } from '../shop/lines';
import { pricedAs } from '../shop/price-list';
import type { ShippingRule } from '../shop/settings';
import { explainTxFailure } from './tx-errors';
import { placementCheckFields } from './address-fields';
import { reserve } from '../stock/moves';
import { queueWebhook } from '../webhooks/events';
import { recordEvent } from './timeline';

export interface NewOrder {
  channel: 'web' | 'phone' | 'repeat' | 'api';
  status: 'draft' | 'placed';
  customer?: string | Ref;
  customerName: string;
  email: string;
  phone: string;
  shippingAddress: Address | null;
  billingAddress: Address | null;
  fulfilmentMethod: 'ship' | 'collect';
  paymentMethod: PaymentMethod;
  locale: Locale;
  currency: string;
  idempotencyKey: string;
  lines: RequestedLine[];
  createdBy?: string;
  /** timeline: the staff member, or a label such as 'customer' */
  actor?: string;
  actorLabel?: string;
  /** further order fields (F30: repeat_of, repeat_problems) */
  extra?: Record<string, unknown>;
}

type CustomerContact = Pick<NewOrder, 'customerName' | 'email' | 'phone' | 'shippingAddress' | 'locale'>;

/** A new customer record from the order's contact and address. */
export const newCustomer = (o: CustomerContact) => ({
  name: o.customerName,
  email: o.email,
  phone: o.phone,
  addresses: o.shippingAddress ? [{ label: 'home', ...o.shippingAddress }] : [],
  locale: o.locale
});

/** The order's customer: the one chosen, or a new customer record. */
export function customerFor(uow: UnitOfWork, existingId: string | undefined, o: CustomerContact): string | Ref {
  return existingId ?? uow.create('customers', newCustomer(o));
}

/** The customer with the order's e-mail address, looked up inside the order's transaction, or a new one. */
export const customerByEmail = (uow: UnitOfWork, o: CustomerContact): Ref => uow.findOrCreate('customers', { email: o.email }, newCustomer(o));

/** >= 128 random bits, unrelated to the record id: the customer's tracking link. */
export const trackingToken = () => randomBytes(18).toString('base64url');

export interface AddedOrder {
  orderRef: Ref;
  numberRef: Ref<number>;
  /** index of the order's create op in the unit, to tell whether a failure is the order's own */
  orderIndex: number;
  totals: OrderTotals;
  trackingToken: string;
  payToken: string;
}

/**
 * Adds the order to `uow`. Lines must be merged and checked (see checkNewLines) first.
 * Placed orders reserve every line; a line that cannot be served fails the whole unit.
 */
export function addNewOrder(uow: UnitOfWork, o: NewOrder, products: ProductMap, rule: ShippingRule): AddedOrder {
  const snapshots = o.lines.map((l, i) => ({ product: products.get(l.productId)!, qty: l.qty, position: i }));
  const totals = orderTotals(snapshots.map((s) => ({ unit_price_cents: s.product.price_cents, tax_rate_bp: s.product.tax_rate_bp, qty: s.qty })), o.fulfilmentMethod, rule);
  const token = trackingToken();
  const payToken = trackingToken();
  // a retried or doubled submit: the transaction answers with the order that key already placed
  uow.absent('orders', { idempotency_key: o.idempotencyKey });
  const numberRef = uow.counter('order_number');
  const orderIndex = uow.size;
  const now = new Date().toISOString();
  const orderRef = uow.create('orders', {
    number: numberRef,
    customer: o.customer ?? '',
    channel: o.channel,
    status: o.status,
    payment_status: 'unpaid',
    fulfilment_status: 'unfulfilled',
    payment_method: o.paymentMethod,
    fulfilment_method: o.fulfilmentMethod,
    customer_name: o.customerName,
    email: o.email,
    phone: o.phone,
    shipping_address: o.shippingAddress,
    billing_address: o.billingAddress ?? o.shippingAddress,
    // F36: the embedded address rules, in-process
    ...placementCheckFields(o.fulfilmentMethod, o.shippingAddress),
    currency: o.currency,
    ...totals,
    locale: o.locale,
    tracking_token: token,
    pay_token: payToken,
    version: 1,
    idempotency_key: o.idempotencyKey,
    placed_at: o.status === 'placed' ? now : '',
    created_by: o.createdBy ?? '',
    ...o.extra
  });
  return { orderRef, numberRef, orderIndex, totals, trackingToken: token, payToken };
}

/** The lines and their reservations; call after anything that must come first (F02: the merchant's e-mail). */
export function addNewOrderLines(uow: UnitOfWork, o: NewOrder, added: AddedOrder, products: ProductMap) {
  o.lines.forEach((l, i) => {
    const product = products.get(l.productId) as ProductRecord;
    // the order is new in this unit: nobody can have it open, so its lines need no live update
    const lineRef = uow.create('order_lines', lineSnapshot(product, l.qty, i, added.orderRef), { quiet: true });
    if (o.status === 'placed') {
      reserve(uow, { product: product.id, qty: l.qty, reason: 'order_placed', order: added.orderRef, order_line: lineRef, actor: o.actor, expect: pricedAs(product) });
    }
  });
  recordEvent(
    uow,
    added.orderRef,
    { type: o.status === 'placed' ? 'placed' : 'created', data: { channel: o.channel, total_cents: added.totals.total_cents, currency: o.currency, lines: o.lines.length } },
    o,
    { quiet: true }
  );
  // F43: the order's first webhook event (sequence 0) commits with the order
  if (o.status === 'placed') {
    queueWebhook(uow, {
      type: 'order.placed',
      order: added.orderRef,
      newOrder: true,
      data: { number: added.numberRef, channel: o.channel, total_cents: added.totals.total_cents, currency: o.currency, lines: o.lines.length }
    });
  }
}

/** Refuses, with every line's reason, what cannot be served; placed orders also need the stock. */
export function checkNewLines(o: Pick<NewOrder, 'lines' | 'status'>, products: ProductMap) {
  const needed = o.status === 'placed' ? new Map(o.lines.map((l) => [l.productId, l.qty])) : undefined;
  const problems = lineProblems(o.lines, products, needed);
  if (problems.length) throw linesRefused(problems);
}

export async function findByIdempotencyKey(key: string): Promise<OrderRecord | null> {
  const res = await collection('orders').getList(1, 1, { filter: `idempotency_key = ${filterValue(key)}` });
  return res.items[0] ?? null;
}

/** What the customer (or the payments flow) learns about a new order. */
export interface OrderSummary {
  id: string;
  number: number;
  status: OrderRecord['status'];
  totalCents: number;
  currency: string;
  paymentMethod: OrderRecord['payment_method'];
  trackingToken: string;
  /** the pay link's token: only the customer who placed the order learns it */
  payToken: string;
}

export const orderSummary = (o: OrderRecord): OrderSummary => ({
  id: o.id,
  number: o.number,
  status: o.status,
  totalCents: o.total_cents,
  currency: o.currency,
  paymentMethod: o.payment_method,
  trackingToken: o.tracking_token,
  payToken: o.pay_token
});

/**
 * Commits a unit of work holding a new order. When the idempotency key already placed an
 * order (a retry, or a request that won a race), that order is returned instead; lines short
 * of stock become per-line errors.
 */
export async function commitNewOrder(uow: UnitOfWork, o: NewOrder, added: AddedOrder, products: ProductMap, via?: GroupCommit): Promise<OrderSummary> {
  try {
    const done = await uow.commit(via);
    return {
      id: done.id(added.orderRef),
      number: done.value(added.numberRef),
      status: o.status,
      totalCents: added.totals.total_cents,
      currency: o.currency,
      paymentMethod: o.paymentMethod,
      trackingToken: added.trackingToken,
      payToken: added.payToken
    };
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'exists' && e.details.collection === 'orders') {
      return orderSummary(e.details.record as unknown as OrderRecord);
    }
    // two requests with one key in separate transactions: the other one committed first and the
    // unique index refused ours.
    if (isDuplicateKey(e) && e.details.index === added.orderIndex) {
      const raced = await findByIdempotencyKey(o.idempotencyKey);
      if (raced) return orderSummary(raced);
    }
    if (e instanceof TxFailure && e.code === 'precondition_failed' && e.details.collection === 'products') {
      throw new AppError('CONFLICT', 'orderflow.errors.product_changed', 'A product changed (price, name or availability) while the order was placed. Nothing was reserved; please check and try again.', {
        product: e.details.id
      });
    }
    if (e instanceof TxFailure && e.code === 'insufficient_stock') {
      const short = (e.details.shortages as StockShortage[] | undefined) ?? [e.details as unknown as StockShortage];
      const problems = short.flatMap((s) => {
        const line = o.lines.find((l) => l.productId === s.product);
        const p = products.get(s.product);
        return line && p ? [{ productId: p.id, problem: 'not_enough' as const, sku: p.sku, name: p.name, requested: line.qty, available: Number(s.available) }] : [];
      });
      if (problems.length) throw linesRefused(problems);
    }
    throw explainTxFailure(e);
  }
}

/** one line the transaction could not reserve (pb_hooks/lib/tx.js) */
interface StockShortage {
  product: string;
  available: number;
}

/** F02: the merchant's e-mail about a new order, in the order's unit (first, before its lines). */
export function queueMerchantNotice(uow: UnitOfWork, shop: { email: string; locale: Locale }, o: Pick<NewOrder, 'customerName' | 'currency' | 'paymentMethod'>, added: AddedOrder) {
  if (!shop.email) return;
  queueEmail(uow, {
    topic: 'order_placed_merchant',
    to: shop.email,
    locale: shop.locale,
    order: added.orderRef,
    data: { orderId: added.orderRef, number: added.numberRef, customerName: o.customerName, totalCents: added.totals.total_cents, currency: o.currency, paymentMethod: o.paymentMethod }
  });
}
