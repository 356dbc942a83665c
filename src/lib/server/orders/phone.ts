// Phone orders (F27): office staff find the caller in the customer database (each search is
// kept for F25's history), create the order for them or for a new customer, keep it as a
// draft (nothing reserved) or place it at once, and place a draft later: all-or-nothing.
import { AppError } from '../errors';
import { collection, filterValue } from '../pocketbase/client';
import type { Address, Locale, PaymentMethod } from '../pocketbase/records';
import { UnitOfWork } from '../pocketbase/tx';
import { shopSettings } from '../shop/settings';
import { amendConflict } from './amend';
import { orderLines } from './cancel';
import { addNewOrder, addNewOrderLines, checkNewLines, commitNewOrder, customerFor, findByIdempotencyKey, orderSummary, type NewOrder, type OrderSummary } from './intake';
import { lineProblems, linesRefused, loadProducts, mergeLines, orderTotals, type RequestedLine } from '../shop/lines';
import { getOrderRecord } from './queries';
import { markPlaced } from './transitions';
import { TxFailure } from '../pocketbase/tx';
import { explainTxFailure } from './tx-errors';
import { reserve } from '../stock/moves';

export interface PhoneOrderInput {
  idempotencyKey: string;
  /** an existing customer … */
  customerId?: string;
  /** … or a new one, created with the order */
  newCustomer?: { name: string; email?: string; phone?: string; address?: Address };
  /** the search that found the customer: it records whom the search led to */
  customerSearchId?: string;
  fulfilmentMethod: 'ship' | 'collect';
  shippingAddress?: Address;
  paymentMethod: PaymentMethod;
  locale?: Locale;
  lines: RequestedLine[];
  /** false: keep as a draft, nothing reserved */
  place: boolean;
}

export async function createPhoneOrder(input: PhoneOrderInput, staffId: string): Promise<OrderSummary> {
  if (!input.customerId === !input.newCustomer) {
    throw new AppError('BAD_REQUEST', 'orderflow.errors.customer_required', 'Choose a customer or enter a new one.');
  }
  const lines = mergeLines(input.lines);
  const [existing, products, settings, customer] = await Promise.all([
    findByIdempotencyKey(input.idempotencyKey),
    loadProducts(lines.map((l) => l.productId)),
    shopSettings(),
    input.customerId ? collection('customers').getOne(input.customerId).catch(() => null) : null
  ]);
  if (existing) return orderSummary(existing);
  if (input.customerId && !customer) throw new AppError('NOT_FOUND', 'orderflow.errors.customer_not_found', 'This customer does not exist (any more).');

  const who = customer ?? { name: input.newCustomer!.name, email: input.newCustomer!.email ?? '', phone: input.newCustomer!.phone ?? '', locale: input.locale ?? '' };
  const address = input.fulfilmentMethod === 'ship' ? (input.shippingAddress ?? input.newCustomer?.address ?? customer?.addresses?.[0] ?? null) : null;
  if (input.fulfilmentMethod === 'ship' && !address) {
    throw new AppError('BAD_REQUEST', 'orderflow.errors.address_required', 'Enter the address to ship to, or choose Click & Collect.');
  }
  const shipTo = address ? { name: address.name, company: address.company, street: address.street, postcode: address.postcode, city: address.city, country: address.country } : null;
  const order: NewOrder = {
    channel: 'phone',
    status: input.place ? 'placed' : 'draft',
    customerName: who.name,
    email: who.email,
    phone: who.phone,
    shippingAddress: shipTo,
    billingAddress: shipTo,
    fulfilmentMethod: input.fulfilmentMethod,
    paymentMethod: input.paymentMethod,
    locale: input.locale ?? (who.locale || settings.shop.locale),
    currency: settings.shop.currency,
    idempotencyKey: input.idempotencyKey,
    lines,
    createdBy: staffId,
    actor: staffId
  };
  checkNewLines(order, products);

  const uow = new UnitOfWork();
  order.customer = customerFor(uow, customer?.id, order);
  if (input.customerSearchId) uow.update('customer_searches', input.customerSearchId, { customer: order.customer }, { expect: { staff: staffId } });
  const added = addNewOrder(uow, order, products, settings.shipping);
  addNewOrderLines(uow, order, added, products);
  return commitNewOrder(uow, order, added, products);
}

/** Draft → placed (F27): every line is reserved, or none is and each short line is named. */
export async function placeDraft(input: { orderId: string; version: number }, staffId: string): Promise<OrderSummary> {
  const [order, lines, settings] = await Promise.all([getOrderRecord(input.orderId), orderLines(input.orderId), shopSettings()]);
  if (order.version !== input.version) throw amendConflict(order, lines);
  if (!lines.length) throw new AppError('BAD_REQUEST', 'orderflow.errors.no_lines', 'An order needs at least one line. To stop it, cancel the order.');
  const products = await loadProducts(lines.map((l) => l.product));
  const needed = new Map<string, number>();
  for (const l of lines) needed.set(l.product, (needed.get(l.product) ?? 0) + l.qty);
  const problems = lineProblems(mergeLines(lines.map((l) => ({ productId: l.product, qty: l.qty }))), products, needed);
  if (problems.length) throw linesRefused(problems);

  // prices are the ones the customer was quoted on the phone (the draft's snapshot)
  const totals = orderTotals(lines, order.fulfilment_method, settings.shipping);
  const uow = new UnitOfWork();
  markPlaced(uow, order, { actor: staffId, ifVersion: input.version, set: totals, data: { total_cents: totals.total_cents, currency: order.currency, lines: lines.length } });
  for (const l of lines) {
    uow.update('order_lines', l.id, {}, { expect: { qty: l.qty } });
    reserve(uow, { product: l.product, qty: l.qty, reason: 'order_placed', order: order.id, order_line: l.id, actor: staffId });
  }
  try {
    await uow.commit();
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'version_conflict') {
      const [now, nowLines] = await Promise.all([getOrderRecord(order.id), orderLines(order.id)]);
      throw amendConflict(now, nowLines);
    }
    if (e instanceof TxFailure && e.code === 'insufficient_stock') {
      const p = products.get(String(e.details.product));
      if (p) throw linesRefused([{ productId: p.id, problem: 'not_enough', sku: p.sku, name: p.name, requested: needed.get(p.id) ?? 0, available: Number(e.details.available) }]);
    }
    throw explainTxFailure(e);
  }
  return orderSummary({ ...order, status: 'placed', ...totals });
}
