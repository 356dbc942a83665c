// F40 exchanges: a return whose customer wants other items instead. All-or-nothing: the return,
// the exchanged-for items as new order lines marked with the return and reserved at once, the
// order back on the pick queue (fulfilment `picking`, status `placed`), the timeline event, the
// e-mail and, when the new items are dearer, the surcharge for the difference with its own
// invoice number commit in ONE unit of work, or nothing is written. The return's key makes a
// double tap one exchange. A cheaper exchange records the creditable difference on the timeline.
import { AppError } from '../errors';
import { requireSellerDetails } from '../documents/inputs';
import { INVOICE_COUNTER, formatInvoiceNumber, yearIn } from '../documents/invoice-number';
import { loadShop } from '../mail/document-input';
import { queueEmail } from '../mail/queue';
import { lineProblems, lineSnapshot, linesRefused, loadProducts, type ProductMap } from '../shop/lines';
import { settleLifecycle } from '../orders/lifecycle';
import { explainTxFailure } from '../orders/tx-errors';
import { TxFailure, UnitOfWork, type Ref } from '../pocketbase/tx';
import { withNextNumber } from '../refunds/numbering';
import { asMoneyOrder, newRecordId } from '../refunds/orders';
import { changeReservation } from '../stock/moves';
import { surchargeOps } from '../refunds/surcharges';
import { findReturnByKey, loadReturnContext, openReturnCount, type ReturnContext } from './queries';
import { checkReturn, madeByTwin, returnOps, sameKey, type CreateReturnInput } from './request';
import { recordEvent } from '../orders/timeline';

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
  /** why no surcharge was added for a dearer exchange (the exchange itself is recorded) */
  surchargeError?: string;
}

async function checkStock(items: ExchangeInput['items']): Promise<ProductMap> {
  const products = await loadProducts(items.map((i) => i.productId));
  const needed = new Map<string, number>();
  for (const i of items) needed.set(i.productId, (needed.get(i.productId) ?? 0) + i.qty);
  const problems = lineProblems(items, products, needed);
  if (problems.length) throw linesRefused(problems);
  return products;
}

interface Prepared {
  ctx: ReturnContext;
  products: ProductMap;
  returnedValue: number;
  newValue: number;
}

/** Fresh reads and every check, before anything is written (again on each retry). */
async function prepare(input: ExchangeInput): Promise<Prepared> {
  const [ctx, products] = await Promise.all([loadReturnContext(input.orderId), checkStock(input.items)]);
  checkReturn(ctx, input.lines);
  const returnedValue = input.lines.reduce((s, r) => s + (ctx.lines.find((l) => l.id === r.lineId)?.unit_price_cents ?? 0) * r.qty, 0);
  const newValue = input.items.reduce((s, it) => s + products.get(it.productId)!.price_cents * it.qty, 0);
  return { ctx, products, returnedValue, newValue };
}

function exchangeOps(uow: UnitOfWork, input: ExchangeInput, p: Prepared, actorId: string): { ret: Ref<string>; placed: ReturnType<typeof asMoneyOrder> } {
  const { ctx, products } = p;
  const order = ctx.order;
  const openReturns = openReturnCount(ctx.returns) + 1;
  // the version check comes first: two steps on one order take turns
  uow.update('orders', order.id, { open_returns: openReturns, fulfilment_status: 'picking' }, { ifVersion: order.version });
  const ret = returnOps(uow, ctx, input, { source: 'staff', actor: actorId });
  let position = Math.max(-1, ...ctx.lines.map((l) => l.position));
  const added: { sku: string; name: string; qty: number }[] = [];
  for (const it of input.items) {
    const product = products.get(it.productId)!;
    const lineId = uow.create('order_lines', { ...lineSnapshot(product, it.qty, ++position, order.id), exchange_return: ret });
    // the engine refuses a reservation past free stock: of two exchanges racing for the last unit one wins
    changeReservation(uow, { product: product.id, delta: it.qty, reason: 'exchange', order: order.id, order_line: lineId, actor: actorId });
    added.push({ sku: product.sku, name: product.name, qty: it.qty });
  }
  const difference = p.newValue - p.returnedValue;
  recordEvent(
    uow,
    order.id,
    {
      type: 'exchange_created',
      data: { return: ret, items: added, summary: added.map((a) => `${a.qty}× ${a.sku} ${a.name}`).join(', '), returned_value: p.returnedValue, new_value: p.newValue, difference, currency: order.currency, creditable: difference < 0 ? -difference : 0 }
    },
    { actor: actorId }
  );
  if (order.email) {
    queueEmail(uow, { topic: 'exchange_on_its_way', to: order.email, locale: order.locale === 'de' ? 'de' : 'en', order: order.id, data: { orderId: order.id, returnId: ret } });
  }
  // a completed order opens again (joins the update above)
  const after = { ...order, fulfilment_status: 'picking' as const, open_returns: openReturns };
  const status = settleLifecycle(uow, after, { actor: actorId, data: { exchange: ret } });
  return { ret, placed: asMoneyOrder({ ...after, status }) };
}

export async function createExchange(input: ExchangeInput, actorId: string): Promise<ExchangeResult> {
  if (!input.items.length) throw new AppError('BAD_REQUEST', 'returns.errors.no_exchange_items', 'Choose at least one item to exchange for.');
  const shop = await loadShop();
  for (let attempt = 1; ; attempt++) {
    const earlier = await findReturnByKey(input.key);
    if (earlier) return { ...sameKey(earlier, input.orderId), differenceCents: 0 };
    let first: Prepared;
    try {
      first = await prepare(input);
    } catch (e) {
      // a double tap's twin may have made the exchange between the key look-up and the checks
      const made = await findReturnByKey(input.key);
      if (made) return { ...sameKey(made, input.orderId), differenceCents: 0 };
      throw e;
    }
    const difference = first.newValue - first.returnedValue;
    // a dearer exchange takes its surcharge in the same unit of work; without the seller's
    // details no invoice can be numbered, so the exchange goes ahead and says why there is none
    let surchargeError: string | undefined;
    if (difference > 0) {
      try {
        requireSellerDetails(shop);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        surchargeError = e.message;
      }
    }
    try {
      if (difference <= 0 || surchargeError) {
        const uow = new UnitOfWork();
        const { ret } = exchangeOps(uow, input, first, actorId);
        const done = await uow.commit();
        return { returnId: done.id(ret), orderId: input.orderId, duplicate: false, differenceCents: difference, ...(surchargeError ? { surchargeError } : {}) };
      }
      const surchargeId = newRecordId();
      let ret: Ref<string> | undefined;
      const now = new Date();
      const { done, prepared } = await withNextNumber(
        INVOICE_COUNTER,
        // the first reads serve the first try; a lost race for the number reads again
        async () => (ret ? prepare(input) : first),
        (uow, sequence, p) => {
          const ops = exchangeOps(uow, input, p, actorId);
          ret = ops.ret;
          const amountCents = p.newValue - p.returnedValue;
          const taxRateBp = p.products.get(input.items[0].productId)!.tax_rate_bp;
          surchargeOps(uow, ops.placed, { orderId: input.orderId, kind: 'other', reason: 'Exchange: price difference', amountCents, taxRateBp }, { id: surchargeId, invoiceNumber: formatInvoiceNumber(yearIn(shop.timeZone, now), sequence), actorId, now });
        }
      );
      return { returnId: done.id(ret!), orderId: input.orderId, duplicate: false, differenceCents: prepared.newValue - prepared.returnedValue, surchargeId };
    } catch (e) {
      const twin = await madeByTwin(e, input);
      if (twin) return { ...twin, differenceCents: 0 };
      // someone changed the order meanwhile (another return, a parcel): check again with the new state
      if (e instanceof TxFailure && e.code === 'version_conflict' && attempt < 4) continue;
      if (e instanceof TxFailure && e.code === 'insufficient_stock') {
        const p = first.products.get(String(e.details.product));
        if (p) throw linesRefused([{ productId: p.id, problem: 'not_enough', sku: p.sku, name: p.name, requested: input.items.find((i) => i.productId === p.id)?.qty ?? 0, available: Number(e.details.available) }]);
      }
      throw explainTxFailure(e);
    }
  }
}
