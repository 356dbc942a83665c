// Click & Collect (F23): a packed order is put ready for pickup (and the customer told, topic
// 'pickup_ready'); the collection is confirmed by scanning the order barcode or by hand,
// recording who handed it over. The stock leaves on collection like a shipment's.
import { AppError } from '../errors';
import { queueEmail } from '../mail/queue';
import { commitOrExplain } from '../orders/tx-errors';
import { collection, filterValue } from '../pocketbase/client';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { collected, readyForPickup, type Who } from './fulfilment';
import { loadOrderShipping, ORDER_FIELDS } from './queries';
import type { ShippableOrder } from './records';
import { ship } from '../stock/moves';

function checkCollect(order: ShippableOrder, states: string[]) {
  if (order.fulfilment_method !== 'collect') throw new AppError('CONFLICT', 'shipping.errors.not_collect', `Order ${order.number} is not Click & Collect.`, { number: order.number });
  if (order.status !== 'placed' || !states.includes(order.fulfilment_status)) {
    throw new AppError('CONFLICT', 'shipping.errors.collect_state', `Order ${order.number} is ${order.fulfilment_status}.`, { number: order.number, state: order.fulfilment_status });
  }
}

/** packed -> ready_for_pickup, with the pickup e-mail to the customer. */
export async function putReadyForPickup(orderId: string, who: Who) {
  const { order, lines } = await loadOrderShipping(orderId);
  checkCollect(order, ['packed']);
  const missing = lines.find((l) => l.picked < l.qty);
  if (missing) throw new AppError('CONFLICT', 'shipping.errors.not_all_picked', `${missing.sku} ${missing.name}: ${missing.picked} of ${missing.qty} picked.`, { sku: missing.sku, picked: missing.picked, qty: missing.qty });
  const uow = new UnitOfWork();
  readyForPickup(uow, order, who);
  if (order.email) queueEmail(uow, { topic: 'pickup_ready', to: order.email, locale: order.locale || 'en', data: { orderId: order.id }, order: order.id });
  await commitOrExplain(uow);
  return { orderId: order.id, fulfilmentStatus: 'ready_for_pickup' as const, emailed: Boolean(order.email) };
}

/** The order a scanned barcode (the order number, Code 128) or a typed number stands for. */
export async function findCollectOrder(code: string) {
  const digits = code.trim().replace(/^#/, '');
  if (!/^\d{1,12}$/.test(digits)) throw new AppError('BAD_REQUEST', 'shipping.errors.not_an_order_code', 'That is not an order number.');
  const found = await collection('orders').getList<ShippableOrder>(1, 1, { filter: `number = ${Number(digits)}`, fields: ORDER_FIELDS });
  const order = found.items[0];
  if (!order) throw new AppError('NOT_FOUND', 'shipping.errors.no_order_number', `There is no order ${Number(digits)}.`, { number: Number(digits) });
  const lines = await collection('order_lines').getFullList<{ sku: string; name: string; qty: number }>({ filter: `order = ${filterValue(order.id)}`, sort: 'position', fields: 'sku,name,qty' });
  return {
    id: order.id,
    number: order.number,
    customerName: order.customer_name,
    fulfilmentMethod: order.fulfilment_method,
    fulfilmentStatus: order.fulfilment_status,
    status: order.status,
    lines
  };
}

/** Hands the order over: every line's picked units leave stock, the order is collected. */
export async function confirmCollection(input: { orderId: string; method: 'scan' | 'manual' }, who: Who) {
  for (let attempt = 1; ; attempt++) {
    const { order, lines } = await loadOrderShipping(input.orderId);
    checkCollect(order, ['ready_for_pickup']);
    const uow = new UnitOfWork();
    let units = 0;
    for (const line of lines) {
      const q = line.picked - line.shipped;
      if (q <= 0) continue;
      units += q;
      uow.increment('order_lines', line.id, 'shipped', q, { maxField: 'picked' });
      ship(uow, { product: line.product, qty: q, order: order.id, order_line: line.id, actor: who.actor ?? undefined });
    }
    collected(uow, order, who, { method: input.method, units });
    try {
      await commitOrExplain(uow);
      return { orderId: order.id, number: order.number, fulfilmentStatus: 'collected' as const, units };
    } catch (e) {
      if (attempt < 3 && e instanceof AppError && e.key === 'orderflow.errors.changed_meanwhile') continue;
      if (e instanceof TxFailure && e.code === 'out_of_range') throw new AppError('CONFLICT', 'shipping.errors.shipped_meanwhile', 'Someone changed these items in the meantime. Nothing was saved; try again.');
      throw e;
    }
  }
}
