// What the order page's after-sales panel shows (F41, F42): credit notes, refunds,
// surcharges, and the limits the forms check before asking.
import { amountOwed, refundableCents } from '$lib/refunds/rules';
import { creditNotesOf } from './credit-notes';
import { orderLinesOf } from './documents';
import { loadMoneyOrder, succeededPayments, sumCents } from './orders';
import { refundsOf } from './refunds';
import { surchargesOf } from './surcharges';

export async function afterSalesView(orderId: string) {
  const order = await loadMoneyOrder(orderId);
  const [creditNotes, refunds, surcharges, lines, payments] = await Promise.all([
    creditNotesOf(orderId),
    refundsOf(orderId),
    surchargesOf(orderId),
    orderLinesOf(orderId),
    succeededPayments(orderId)
  ]);
  const paid = sumCents(payments);
  return {
    currency: order.currency,
    orderStatus: order.status,
    paidCents: paid,
    refundedCents: order.refunded_cents,
    refundableCents: refundableCents(paid, order.refunded_cents),
    owedCents: amountOwed(order),
    creditedCents: order.credited_cents,
    shippingLeftCents: Math.max(0, order.shipping_cents - order.shipping_credited_cents),
    cardRefundPossible: payments.some((p) => p.method === 'card' && ['sandbox', 'stripe'].includes(p.provider)),
    lines: lines.map((l) => ({ id: l.id, sku: l.sku, name: l.name, qty: l.qty, credited: l.credited ?? 0, unitPriceCents: l.unit_price_cents, taxRateBp: l.tax_rate_bp })),
    creditNotes: creditNotes.map((c) => ({ id: c.id, number: c.number, issuedAt: c.issued_at, totalCents: c.total_cents, reason: c.reason })),
    refunds: refunds.map((r) => ({ id: r.id, amountCents: r.amount_cents, method: r.method, provider: r.provider, status: r.status, reference: r.reference, creditNote: r.credit_note, created: r.created, failure: r.failure })),
    surcharges: surcharges.map((s) => ({ id: s.id, kind: s.kind, reason: s.reason, amountCents: s.amount_cents, taxRateBp: s.tax_rate_bp, invoiceNumber: s.invoice_number, status: s.status, issuedAt: s.issued_at }))
  };
}
