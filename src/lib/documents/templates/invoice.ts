import { dictionary } from '../i18n';
import { formatDate } from '../pdf/format';
import type { Field } from '../pdf/table';
import type { PdfWriter } from '../pdf/writer';
import { requireTaxDocumentData } from '../requirements';
import type { DocumentInput } from '../types';
import { orderAddresses } from './address';
import { drawHeading, drawLetterhead, sectionOptions, shopFooter, shopSender } from './parts';
import { drawPaymentTerms } from './payments';
import { drawPricedLines } from './priced';

export function checkInvoice(input: DocumentInput): void {
  requireTaxDocumentData('invoice', input.shop, input.order, true);
}

export async function drawInvoice(writer: PdfWriter, input: DocumentInput): Promise<void> {
  checkInvoice(input);
  const { shop, order, locale, format } = input;
  const d = dictionary(locale);
  const number = order.invoiceNumber ?? '';
  const date = (iso: string): string => formatDate(iso, locale, shop.timeZone);

  writer.beginSection(sectionOptions(format, d, `${shop.name} · ${d.invoice} ${number}`, shopFooter(shop, d)));
  drawLetterhead(writer, shop, locale, d);
  const fields: Field[] = [
    { label: d.invoiceNumber, value: number },
    { label: d.invoiceDate, value: date(input.issuedAt ?? order.placedAt) },
    { label: d.orderNumber, value: String(order.number) },
    { label: d.orderDate, value: date(order.placedAt) }
  ];
  if (order.paymentMethod) fields.push({ label: d.paymentMethod, value: order.paymentMethod });
  drawHeading(writer, {
    title: d.invoice,
    sender: shopSender(shop),
    addresses: orderAddresses(order, shop.address?.country, locale, d),
    fields
  });
  const totals = drawPricedLines(writer, { lines: input.lines, shippingCents: order.shippingCents, currency: order.currency, locale, d });
  drawPaymentTerms(writer, input, totals, d);
  writer.endSection();
}
