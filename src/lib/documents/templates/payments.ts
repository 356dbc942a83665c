/** What was paid and what is still owed: invoice terms and receipt payment lines. */
import { formatDate, formatDatePlusDays, formatDateTime } from '../pdf/format';
import { formatMoney } from '../../money';
import { drawSummary, type Field } from '../pdf/table';
import type { PdfWriter } from '../pdf/writer';
import type { Dictionary } from '../i18n';
import type { Totals } from '../tax';
import type { DocPayment, DocumentInput } from '../types';

export function paidCents(payments: DocPayment[] = []): number {
  return payments.reduce((sum, p) => sum + p.amountCents, 0);
}

function latest(payments: DocPayment[]): DocPayment | undefined {
  return [...payments].sort((a, b) => a.paidAt.localeCompare(b.paidAt)).at(-1);
}

/** "Paid on …, thank you" when settled, otherwise the balance, due date and bank details. */
export function drawPaymentTerms(writer: PdfWriter, input: DocumentInput, totals: Totals, d: Dictionary): void {
  const { shop, order, locale, payments = [] } = input;
  const paid = paidCents(payments);
  const last = latest(payments);
  if (last && paid >= totals.totalCents) {
    writer.paragraph(d.paidOn(formatDate(last.paidAt, locale, shop.timeZone), d.paymentMethods[last.method]), { bold: true });
    return;
  }
  if (paid > 0) {
    const money = (cents: number): string => formatMoney(cents, order.currency, locale);
    drawSummary(writer, [
      { label: d.paid, value: money(paid) },
      { label: d.balanceDue, value: money(totals.totalCents - paid), bold: true }
    ]);
    writer.gap(3);
  }
  const issuedAt = input.issuedAt ?? order.placedAt;
  const days = shop.paymentTermsDays ?? 0;
  writer.paragraph(days > 0 ? d.payableBy(days, formatDatePlusDays(issuedAt, days, locale, shop.timeZone)) : d.payableNow);
  if (shop.bankDetails) writer.paragraph(d.bankTransfer(shop.bankDetails, order.invoiceNumber ?? String(order.number)));
}

/** One block per payment: amount and method, time, bank reference. */
export function drawPayments(writer: PdfWriter, input: DocumentInput, d: Dictionary): void {
  const { shop, order, locale, payments = [] } = input;
  const fields: Field[] = payments.flatMap((payment, i) => {
    const rows: Field[] = [
      {
        label: `${d.paid} (${d.paymentMethods[payment.method]})`,
        value: formatMoney(payment.amountCents, order.currency, locale),
        bold: true,
        ruleAbove: i === 0
      },
      { label: d.date, value: formatDateTime(payment.paidAt, locale, shop.timeZone) }
    ];
    if (payment.bankReference) rows.push({ label: d.bankReference, value: payment.bankReference });
    return rows;
  });
  if (fields.length) drawSummary(writer, fields);
  writer.gap(4);
}
