import { dictionary } from '../i18n';
import { formatDateTime } from '../pdf/format';
import { isSheet } from '../pdf/formats';
import type { Field } from '../pdf/table';
import type { PdfWriter } from '../pdf/writer';
import type { DocumentInput } from '../types';
import { orderAddresses } from './address';
import { drawHeading, drawLetterhead, drawNoteBox, sectionOptions, shopFooter } from './parts';
import { drawPayments } from './payments';
import { drawPricedLines } from './priced';

export async function drawReceipt(writer: PdfWriter, input: DocumentInput): Promise<void> {
  const { shop, order, locale, format, payments = [] } = input;
  const d = dictionary(locale);
  const paidAt = payments.map((p) => p.paidAt).sort().at(-1) ?? order.placedAt;

  writer.beginSection(sectionOptions(format, d, `${shop.name} · ${d.receipt} ${order.number}`, shopFooter(shop, d)));
  drawLetterhead(writer, shop, locale, d);
  const fields: Field[] = [
    { label: d.orderNumber, value: String(order.number) },
    { label: d.date, value: formatDateTime(paidAt, locale, shop.timeZone) },
    { label: d.customer, value: order.customerName }
  ];
  if (order.invoiceNumber) fields.push({ label: d.invoiceNumber, value: order.invoiceNumber });
  drawHeading(writer, {
    title: d.receipt,
    // A till receipt names the customer in its fields; a sheet also shows the address.
    addresses: isSheet(format) ? orderAddresses(order, shop.address?.country, locale, d).slice(0, 1) : [],
    fields
  });
  drawPricedLines(writer, { lines: input.lines, shippingCents: order.shippingCents, currency: order.currency, locale, d });
  drawPayments(writer, input, d);
  if (shop.openingHours) drawNoteBox(writer, d.openingHours, [shop.openingHours]);
  writer.paragraph(d.thanks, { bold: true, align: 'center' });
  writer.endSection();
}
