// F40 exchanges: a return whose customer wants other items instead. The return is recorded as
// any staff return (its key makes a double tap one exchange); the exchanged-for items become
// new order lines marked with the return, reserved at once, and the order goes back to the
// pick queue (fulfilment `picking`, status `placed`) so the tablet picks them and the courier
// desk ships them like any other unshipped line. A dearer exchange adds a surcharge for the
// difference; a cheaper one records the creditable difference on the timeline.
import { AppError } from '../errors';
import { lineProblems, lineSnapshot, linesRefused, loadProducts } from '../orders/lines';
import { getOrderRecord } from '../orders/queries';
import { orderLines } from '../orders/cancel';
import { settleLifecycle } from '../orders/lifecycle';
import { explainTxFailure } from '../orders/tx-errors';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { changeReservation } from '../stock/moves';
import { addSurcharge } from '../surcharges/surcharges';
import { queueEmail } from '../mail/queue';
import { createReturn, type CreateReturnInput } from './request';

export interface ExchangeInput extends CreateReturnInput {
  items: { productId: string; qty: number }[];
}

export interface ExchangeResult {
  returnId: string;
  orderId: string;
  duplicate: boolean;
  /** new items' value minus returned items' value, minor units */
  differenceCents: number;
  surchargeId?: string;
  /** why the surcharge could not be added (the exchange itself is recorded) */
  surchargeError?: string;
}

async function checkStock(items: ExchangeInput['items']) {
  const products = await loadProducts(items.map((i) => i.productId));
  const needed = new Map<string, number>();
  for (const i of items) needed.set(i.productId, (needed.get(i.productId) ?? 0) + i.qty);
  const problems = lineProblems(items, products, needed);
  if (problems.length) throw linesRefused(problems);
  return products;
}

export async function createExchange(input: ExchangeInput, actorId: string): Promise<ExchangeResult> {
  if (!input.items.length) throw new AppError('BAD_REQUEST', 'returns.errors.no_exchange_items', 'Choose at least one item to exchange for.');
  // refuse before anything is written: an out-of-stock exchange records no return either
  await checkStock(input.items);
  const ret = await createReturn(input, { source: 'staff', actor: actorId });
  const existing = (await orderLines(ret.orderId)).filter((l) => l.exchange_return === ret.returnId);
  if (ret.duplicate) return { ...ret, differenceCents: 0 };
  if (existing.length) return { ...ret, duplicate: true, differenceCents: 0 };

  for (let attempt = 1; ; attempt++) {
    const [order, lines, products] = await Promise.all([getOrderRecord(ret.orderId), orderLines(ret.orderId), checkStock(input.items)]);
    const returnedValue = input.lines.reduce((s, r) => s + (lines.find((l) => l.id === r.lineId)?.unit_price_cents ?? 0) * r.qty, 0);
    const uow = new UnitOfWork();
    uow.update('orders', order.id, { fulfilment_status: 'picking' }, { ifVersion: order.version });
    let position = Math.max(-1, ...lines.map((l) => l.position));
    let newValue = 0;
    const added: { sku: string; name: string; qty: number }[] = [];
    for (const it of input.items) {
      const p = products.get(it.productId)!;
      const lineId = uow.create('order_lines', { ...lineSnapshot(p, it.qty, ++position, order.id), exchange_return: ret.returnId });
      changeReservation(uow, { product: p.id, delta: it.qty, reason: 'exchange', order: order.id, order_line: lineId, actor: actorId });
      newValue += p.price_cents * it.qty;
      added.push({ sku: p.sku, name: p.name, qty: it.qty });
    }
    const differenceCents = newValue - returnedValue;
    uow.create('order_events', {
      order: order.id,
      type: 'exchange_created',
      actor: actorId,
      data: { return: ret.returnId, items: added, summary: added.map((a) => `${a.qty}× ${a.sku} ${a.name}`).join(', '), returned_value: returnedValue, new_value: newValue, difference: differenceCents, currency: order.currency, creditable: differenceCents < 0 ? -differenceCents : 0 }
    });
    if (order.email) {
      queueEmail(uow, { topic: 'exchange_on_its_way', to: order.email, locale: order.locale === 'de' ? 'de' : 'en', order: order.id, data: { orderId: order.id, returnId: ret.returnId } });
    }
    settleLifecycle(uow, { ...order, fulfilment_status: 'picking' }, { actor: actorId, data: { exchange: ret.returnId } });
    try {
      await uow.commit();
    } catch (e) {
      if (e instanceof TxFailure && e.code === 'version_conflict' && attempt < 4) continue;
      if (e instanceof TxFailure && e.code === 'insufficient_stock') {
        const p = products.get(String(e.details.product));
        if (p) throw linesRefused([{ productId: p.id, problem: 'not_enough', sku: p.sku, name: p.name, requested: input.items.find((i) => i.productId === p.id)?.qty ?? 0, available: Number(e.details.available) }]);
      }
      throw explainTxFailure(e);
    }
    if (differenceCents <= 0) return { ...ret, differenceCents };
    const first = products.get(input.items[0].productId)!;
    try {
      const { id } = await addSurcharge({ orderId: order.id, kind: 'other', reason: 'Exchange: price difference', amountCents: differenceCents, taxRateBp: first.tax_rate_bp }, actorId);
      return { ...ret, differenceCents, surchargeId: id };
    } catch (e) {
      // the exchange stands; staff add the surcharge by hand once the cause is fixed
      return { ...ret, differenceCents, surchargeError: e instanceof AppError ? e.message : 'The surcharge could not be added.' };
    }
  }
}
