import { dictionary } from '../i18n';
import { formatDate } from '../pdf/format';
import type { Field } from '../pdf/table';
import type { PdfWriter } from '../pdf/writer';
import { requireTaxDocumentData } from '../requirements';
import type { CreditNoteInput } from '../types';
import { orderAddresses } from './address';
import { drawHeading, drawLetterhead, sectionOptions, shopFooter, shopSender } from './parts';
import { drawPricedLines } from './priced';

export async function drawCreditNote(writer: PdfWriter, input: CreditNoteInput): Promise<void> {
  const { shop, order, locale, format, creditNoteNumber } = input;
  requireTaxDocumentData('credit note', shop, order, false);
  const d = dictionary(locale);
  const date = (iso: string): string => formatDate(iso, locale, shop.timeZone);

  writer.beginSection(sectionOptions(format, d, `${shop.name} · ${d.creditNote} ${creditNoteNumber}`, shopFooter(shop, d)));
  drawLetterhead(writer, shop, locale, d);
  const fields: Field[] = [
    { label: d.creditNoteNumber, value: creditNoteNumber },
    { label: d.date, value: date(input.issuedAt ?? new Date().toISOString()) }
  ];
  if (order.invoiceNumber) fields.push({ label: d.invoiceNumber, value: order.invoiceNumber });
  fields.push({ label: d.orderNumber, value: String(order.number) });
  drawHeading(writer, {
    title: d.creditNote,
    sender: shopSender(shop),
    addresses: orderAddresses(order, shop.address?.country, locale, d).slice(0, 1),
    fields
  });
  if (order.invoiceNumber) writer.paragraph(d.creditFor(order.invoiceNumber), { bold: true });
  writer.paragraph(`${d.reason}: ${input.reason}`);
  writer.gap(3);
  drawPricedLines(writer, {
    lines: input.lines,
    shippingCents: input.shippingCents ?? 0,
    currency: order.currency,
    locale,
    d,
    sign: -1,
    totalLabel: d.totalCredit
  });
  writer.endSection();
}
