// Credit notes (F41): a correction to the order's invoice for items (at their snapshot price
// and tax from order_lines), shipping, or a free amount with a reason. Numbered in their own
// gap-free sequence `GS-<year>-<000001>` (one counter that never restarts; the year of issue in
// the shop's time zone is a readable prefix, as for invoices). A number is fixed once issued:
// credit notes are never edited or deleted.
//
// Race guards: each credited line raises order_lines.credited with a bounded increment
// (never past the line's qty), shipping raises orders.shipping_credited_cents (never past
// shipping_cents), all in the same transaction as the number.
import { queueWebhook } from '../webhooks/events';
import { AppError } from '../errors';
import { collection, filterValue } from '../pocketbase/client';
import type { OrderLineRecord } from '../pocketbase/records';
import { TxFailure, type Ref } from '../pocketbase/tx';
import { loadShop } from '../mail/document-input';
import { requireSellerDetails } from '../documents/inputs';
import { yearIn } from '../documents/invoice-number';
import type { CreditNoteRequest } from '$lib/refunds/rules';
import type { CreditNoteLine, CreditNoteRecord, MoneyOrder } from './records';
import { withNextNumber } from './numbering';
import { loadMoneyOrder } from './orders';
import { recordEvent } from '../orders/timeline';

export const CREDIT_NOTE_COUNTER = 'credit_note_number';

export function formatCreditNoteNumber(year: number, sequence: number): string {
  return `GS-${year}-${String(sequence).padStart(6, '0')}`;
}

type Line = OrderLineRecord & { credited?: number };

export interface IssueResult {
  id: string;
  number: string;
  totalCents: number;
}

function plan(req: Required<Pick<CreditNoteRequest, 'lines' | 'shippingCents'>> & CreditNoteRequest, order: MoneyOrder, lines: Line[]) {
  if (order.status === 'draft') throw new AppError('PRECONDITION_FAILED', 'refunds.errors.draft', `Order ${order.number} is a draft: there is nothing to credit yet.`, { number: order.number });
  const byId = new Map(lines.map((l) => [l.id, l]));
  const credited: CreditNoteLine[] = [];
  for (const want of req.lines) {
    const line = byId.get(want.lineId);
    if (!line) throw new AppError('BAD_REQUEST', 'refunds.errors.line_not_in_order', 'This line is not part of the order.', { field: 'lines' });
    const left = line.qty - (line.credited ?? 0);
    if (want.qty > left) {
      throw new AppError('BAD_REQUEST', 'refunds.errors.line_too_many', `${line.sku}: at most ${left} more can be credited (${line.qty} ordered, ${line.credited ?? 0} already credited).`, {
        field: 'lines', sku: line.sku, max: left, qty: line.qty, credited: line.credited ?? 0
      });
    }
    credited.push({ line: line.id, sku: line.sku, name: line.name, qty: want.qty, unit_price_cents: line.unit_price_cents, tax_rate_bp: line.tax_rate_bp });
  }
  const shippingLeft = order.shipping_cents - (order.shipping_credited_cents ?? 0);
  if (req.shippingCents > shippingLeft) {
    throw new AppError('BAD_REQUEST', 'refunds.errors.shipping_too_much', `At most ${shippingLeft} of the shipping can still be credited.`, { field: 'shippingCents', max: shippingLeft, currency: order.currency });
  }
  if (req.free) credited.push({ sku: '', name: req.reason.trim().slice(0, 200), qty: 1, unit_price_cents: req.free.amountCents, tax_rate_bp: req.free.taxRateBp });
  const totalCents = credited.reduce((sum, l) => sum + l.qty * l.unit_price_cents, 0) + req.shippingCents;
  return { credited, totalCents };
}

/** Issues a credit note; the number and every guard in one transaction. */
export async function issueCreditNote(input: CreditNoteRequest, actorId: string, now = new Date()): Promise<IssueResult> {
  const req = { ...input, lines: input.lines ?? [], shippingCents: input.shippingCents ?? 0 };
  const shop = await loadShop();
  requireSellerDetails(shop, 'credit-note');
  let created: { ref: Ref<string>; number: string } = { ref: '' as Ref<string>, number: '' };
  try {
    const { done, prepared } = await withNextNumber(
      CREDIT_NOTE_COUNTER,
      async () => {
        const order = await loadMoneyOrder(req.orderId);
        const lines = await collection('order_lines').getFullList<Line>({ filter: `order = ${filterValue(order.id)}` });
        return { order, ...plan(req, order, lines) };
      },
      (uow, sequence, { order, credited, totalCents }) => {
        const number = formatCreditNoteNumber(yearIn(shop.timeZone, now), sequence);
        for (const l of credited) if (l.line) uow.increment('order_lines', l.line, 'credited', l.qty, { maxField: 'qty' });
        if (req.shippingCents) uow.increment('orders', order.id, 'shipping_credited_cents', req.shippingCents, { maxField: 'shipping_cents' });
        uow.increment('orders', order.id, 'credited_cents', totalCents);
        const ref = uow.create('credit_notes', {
          order: order.id, number, issued_at: now.toISOString(), currency: order.currency, lines: credited,
          shipping_cents: req.shippingCents, total_cents: totalCents, reason: req.reason.trim(), actor: actorId
        });
        recordEvent(uow, order.id, { type: 'credit_note_issued', data: { number, total_cents: totalCents, currency: order.currency, reason: req.reason.trim() } }, { actor: actorId });
        queueWebhook(uow, { type: 'credit_note.issued', order: order.id, data: { credit_note_id: ref, number, total_cents: totalCents, shipping_cents: req.shippingCents, currency: order.currency, reason: req.reason.trim() } });
        created = { ref, number };
      }
    );
    return { id: done.id(created.ref), number: created.number, totalCents: prepared.totalCents };
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'out_of_range') {
      throw new AppError('CONFLICT', 'refunds.errors.credited_meanwhile', 'Someone credited part of this order in the meantime. Nothing was issued; check what is left and try again.');
    }
    throw e;
  }
}

export async function creditNotesOf(orderId: string): Promise<CreditNoteRecord[]> {
  return collection('credit_notes').getFullList({ filter: `order = ${filterValue(orderId)}`, sort: 'created' });
}

export async function getCreditNote(id: string): Promise<CreditNoteRecord> {
  const found = await collection('credit_notes').getList(1, 1, { filter: `id = ${filterValue(id)}` });
  if (!found.items[0]) throw new AppError('NOT_FOUND', 'refunds.errors.credit_note_not_found', 'This credit note does not exist.');
  return found.items[0];
}
