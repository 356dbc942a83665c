// Surcharges (F42): extra work, a change of shipping method, or a reason typed in, with its
// tax rate, raise what the customer owes. Each gets its own invoice numbered in the invoice
// sequence (German practice: a supplementary invoice, § 14 UStG), the order shows what is
// still owed (`amountOwed` in $lib/refunds/rules.ts, `orders.surcharge_open_cents`) and sits
// in the payment queue until paid; the customer gets an e-mail with the pay link (card) or
// the bank reference. Paid by card through the same pay page (../payments/checkout.ts asks
// the provider for what is owed, ../payments/notifications.ts settles the surcharges) or
// marked paid by staff when the transfer or cheque arrives.
import type { SurchargeRequest } from '$lib/refunds/rules';
import { AppError } from '../errors';
import { collection, filterValue } from '../pocketbase/client';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { loadShop } from '../mail/document-input';
import { queueEmail } from '../mail/queue';
import { requireSellerDetails } from '../documents/inputs';
import { INVOICE_COUNTER, formatInvoiceNumber, yearIn } from '../documents/invoice-number';
import type { MoneyOrder, SurchargeRecord } from './records';
import { withNextNumber } from './numbering';
import { loadMoneyOrder, newRecordId } from './orders';
import { settleLifecycle } from '../orders/lifecycle';
import { amountOwed } from '$lib/refunds/rules';
import { recordEvent } from '../orders/timeline';

export async function surchargesOf(orderId: string, status?: SurchargeRecord['status']): Promise<SurchargeRecord[]> {
  const filter = `order = ${filterValue(orderId)}${status ? ` && status = ${filterValue(status)}` : ''}`;
  return collection('surcharges').getFullList({ filter, sort: 'created' });
}

export async function getSurcharge(id: string): Promise<SurchargeRecord> {
  const found = await collection('surcharges').getList(1, 1, { filter: `id = ${filterValue(id)}` });
  if (!found.items[0]) throw new AppError('NOT_FOUND', 'refunds.errors.surcharge_not_found', 'This surcharge does not exist.');
  return found.items[0];
}

/** Refuses a surcharge on an order that cannot owe more. */
export function checkSurchargeable(order: Pick<MoneyOrder, 'status' | 'number'>): void {
  if (order.status === 'cancelled') {
    throw new AppError('CONFLICT', 'refunds.errors.surcharge_cancelled', `Order ${order.number} is cancelled: a surcharge cannot be added to a cancelled order.`, { number: order.number });
  }
  if (order.status === 'draft') {
    throw new AppError('CONFLICT', 'refunds.errors.surcharge_draft', `Order ${order.number} is a draft: change its lines instead of adding a surcharge.`, { number: order.number });
  }
}

/**
 * The surcharge's writes in the caller's unit of work (which takes the invoice counter, see
 * `withNextNumber`): the record with its invoice number, what the order owes, the timeline
 * event, the lifecycle (a completed order opens again) and the e-mail with the pay link.
 */
export function surchargeOps(
  uow: UnitOfWork,
  order: MoneyOrder,
  req: SurchargeRequest,
  doc: { id: string; invoiceNumber: string; actorId: string; now: Date }
): void {
  uow.increment('orders', order.id, 'surcharge_cents', req.amountCents, { expect: { status: ['placed', 'completed'] } });
  uow.increment('orders', order.id, 'surcharge_open_cents', req.amountCents);
  uow.create('surcharges', {
    id: doc.id, order: order.id, kind: req.kind, reason: req.reason, amount_cents: req.amountCents, tax_rate_bp: req.taxRateBp, currency: order.currency,
    invoice_number: doc.invoiceNumber, issued_at: doc.now.toISOString(), status: 'open', actor: doc.actorId
  });
  recordEvent(
    uow,
    order.id,
    { type: 'surcharge_added', data: { kind: req.kind, reason: req.reason, amount_cents: req.amountCents, tax_rate_bp: req.taxRateBp, currency: order.currency, invoice_number: doc.invoiceNumber } },
    { actor: doc.actorId }
  );
  // something is owed again: a completed order opens again (#13 lifecycle)
  settleLifecycle(uow, order, { actor: doc.actorId, owed: amountOwed({ ...order, surcharge_open_cents: order.surcharge_open_cents + req.amountCents }), data: { surcharge: doc.invoiceNumber } });
  if (order.email) queueEmail(uow, { topic: 'surcharge_due', to: order.email, locale: order.locale || 'en', order: order.id, data: { orderId: order.id, surchargeId: doc.id } });
}

export async function addSurcharge(input: SurchargeRequest, actorId: string, now = new Date()): Promise<{ id: string; invoiceNumber: string }> {
  const req = { ...input, reason: (input.reason ?? '').trim() };
  const shop = await loadShop();
  const id = newRecordId();
  let invoiceNumber = '';
  await withNextNumber(
    INVOICE_COUNTER,
    async () => {
      const order = await loadMoneyOrder(req.orderId);
      checkSurchargeable(order);
      // the surcharge's invoice needs the seller's details before a number is taken
      requireSellerDetails(shop);
      return order;
    },
    (uow, sequence, order) => {
      invoiceNumber = formatInvoiceNumber(yearIn(shop.timeZone, now), sequence);
      surchargeOps(uow, order, req, { id, invoiceNumber, actorId, now });
    }
  );
  return { id, invoiceNumber };
}

/** Settles every open surcharge in the caller's unit of work (a payment of what they add up to came in). */
export function settleSurcharges(uow: UnitOfWork, order: Pick<MoneyOrder, 'id' | 'surcharge_open_cents'>, open: SurchargeRecord[], paid: { reference: string; actor?: string; actorLabel?: string }): void {
  const total = open.reduce((s, x) => s + x.amount_cents, 0);
  for (const s of open) uow.update('surcharges', s.id, { status: 'paid', paid_at: new Date().toISOString(), payment_reference: paid.reference }, { expect: { status: 'open' } });
  uow.increment('orders', order.id, 'surcharge_open_cents', -total, { expect: { surcharge_open_cents: order.surcharge_open_cents } });
  recordEvent(uow, order.id, { type: 'surcharge_paid', data: { amount_cents: total, invoice_numbers: open.map((s) => s.invoice_number), reference: paid.reference } }, paid);
}

/**
 * Open surcharges paid by transfer, cheque or cash, in the caller's unit of work: the payments
 * row with the reference (so it counts as paid, and a statement imported again finds it), the
 * surcharges settled, and the order finished when nothing is owed any more.
 */
export function paySurchargesOps(
  uow: UnitOfWork,
  order: MoneyOrder,
  open: SurchargeRecord[],
  paid: { reference: string; provider: 'manual' | 'bank_statement'; at: string; amountCents?: number; actor?: string; actorLabel?: string }
): void {
  const total = open.reduce((sum, x) => sum + x.amount_cents, 0);
  uow.create('payments', {
    order: order.id, method: order.payment_method || 'online_banking', amount_cents: paid.amountCents ?? total, currency: order.currency, status: 'succeeded',
    provider: paid.provider, bank_reference: paid.reference, actor: paid.actor ?? '', provider_event_at: paid.at
  });
  settleSurcharges(uow, order, open, { reference: paid.reference, actor: paid.actor, actorLabel: paid.actorLabel });
  // paid up: the order may be finished (again)
  settleLifecycle(uow, order, { actor: paid.actor, owed: amountOwed({ ...order, surcharge_open_cents: order.surcharge_open_cents - total }) });
}

/** Staff record that a surcharge's transfer, cheque or cash arrived. */
export async function markSurchargePaid(req: { surchargeId: string; reference: string }, actorId: string): Promise<void> {
  const s = await getSurcharge(req.surchargeId);
  if (s.status === 'paid') throw new AppError('CONFLICT', 'refunds.errors.surcharge_paid', `The surcharge ${s.invoice_number} is already paid.`, { number: s.invoice_number });
  const order = await loadMoneyOrder(s.order);
  const uow = new UnitOfWork();
  paySurchargesOps(uow, order, [s], { reference: req.reference.trim(), provider: 'manual', at: new Date().toISOString(), actor: actorId });
  try {
    await uow.commit();
  } catch (e) {
    if (e instanceof TxFailure && (e.code === 'precondition_failed' || e.code === 'out_of_range')) {
      throw new AppError('CONFLICT', 'refunds.errors.surcharge_paid', `The surcharge ${s.invoice_number} is already paid.`, { number: s.invoice_number });
    }
    throw e;
  }
}
