// Repeat orders (F30): "Repeat" on any order makes a phone-order draft for the same customer
// with the same items at today's prices (channel `repeat`, `repeat_of` the original). A line
// that cannot be served is never silently dropped: a product that is gone or no longer sold
// stays off the draft and is listed on it (`repeat_problems`); a line short of stock is on
// the draft (drafts reserve nothing) and listed too, so placing it names the shortage.
import type { RepeatProblem } from '$lib/orders/repeat';
import { AppError } from '../errors';
import { collection, isNotFound } from '../pocketbase/client';

import { UnitOfWork } from '../pocketbase/tx';
import { shopSettings } from '../shop/settings';
import { orderLines } from './cancel';
import { addNewOrder, addNewOrderLines, commitNewOrder, customerFor, type NewOrder, type OrderSummary } from './intake';
import { available, loadProducts, type RequestedLine } from '../shop/lines';
import { getOrderRecord } from './queries';
import { recordEvent } from './timeline';

export async function repeatOrder(input: { orderId: string; idempotencyKey: string }, staffId: string): Promise<OrderSummary & { problems: RepeatProblem[] }> {
  const [original, lines, settings] = await Promise.all([getOrderRecord(input.orderId), orderLines(input.orderId), shopSettings()]);
  const [products, customer] = await Promise.all([
    loadProducts(lines.map((l) => l.product)),
    original.customer ? collection('customers').getOne(original.customer).catch((e) => (isNotFound(e) ? null : Promise.reject(e))) : null
  ]);

  // one line per product, in the original's order
  const wanted = new Map<string, { sku: string; name: string; qty: number }>();
  for (const l of lines) {
    const w = wanted.get(l.product);
    if (w) w.qty += l.qty;
    else wanted.set(l.product, { sku: l.sku, name: l.name, qty: l.qty });
  }
  const problems: RepeatProblem[] = [];
  const serve: RequestedLine[] = [];
  for (const [productId, w] of wanted) {
    const p = products.get(productId);
    if (!p) problems.push({ productId, sku: w.sku, name: w.name, qty: w.qty, problem: 'missing', available: 0 });
    else if (!p.active) problems.push({ productId, sku: p.sku, name: p.name, qty: w.qty, problem: 'archived', available: 0 });
    else {
      serve.push({ productId, qty: w.qty });
      if (w.qty > available(p)) problems.push({ productId, sku: p.sku, name: p.name, qty: w.qty, problem: 'not_enough', available: available(p) });
    }
  }
  if (!serve.length) {
    throw new AppError('CONFLICT', 'addresses.repeat.nothing_servable', `Order ${original.number} cannot be repeated: none of its products is sold any more (${problems.map((p) => p.sku || p.name).join(', ')}).`, {
      number: original.number,
      lines: problems
    });
  }

  const order: NewOrder = {
    channel: 'repeat',
    status: 'draft',
    customerName: original.customer_name,
    email: original.email,
    phone: original.phone,
    shippingAddress: original.shipping_address,
    billingAddress: original.billing_address ?? original.shipping_address,
    fulfilmentMethod: original.fulfilment_method,
    paymentMethod: (original.payment_method || 'online_banking') as NewOrder['paymentMethod'],
    locale: original.locale || settings.shop.locale,
    currency: settings.shop.currency,
    idempotencyKey: input.idempotencyKey,
    lines: serve,
    createdBy: staffId,
    actor: staffId,
    extra: { repeat_of: original.id, repeat_problems: problems }
  };
  const uow = new UnitOfWork();
  order.customer = customerFor(uow, customer?.id, order);
  const added = addNewOrder(uow, order, products, settings.shipping);
  addNewOrderLines(uow, order, added, products);
  recordEvent(uow, added.orderRef, { type: 'repeat_created', data: { link_order: original.id, link_number: original.number, unservable: problems.length } }, { actor: staffId }, { quiet: true });
  recordEvent(uow, original.id, { type: 'repeated', data: { link_order: added.orderRef, link_number: added.numberRef } }, { actor: staffId });
  const summary = await commitNewOrder(uow, order, added, products);
  return { ...summary, problems };
}
