import { dictionary } from '../i18n';
import { formatDate } from '../pdf/format';
import { isSheet } from '../pdf/formats';
import { drawTable, type Cell, type Column } from '../pdf/table';
import type { PdfWriter } from '../pdf/writer';
import type { DocLine, DocumentInput } from '../types';
import { addressLines } from './address';
import { byBin } from './bins';
import { drawHeading, drawLetterhead, drawNoteBox, orderBarcode, sectionOptions, shopSender } from './parts';

/** What the packer needs: items in bin order with check boxes, notes, and no prices. */
export async function drawPackingSlip(writer: PdfWriter, input: DocumentInput): Promise<void> {
  const { shop, order, locale, format } = input;
  const d = dictionary(locale);
  const sheet = isSheet(format);

  writer.beginSection(sectionOptions(format, d, `${shop.name} · ${d.packingSlip} · ${d.order} ${order.number}`));
  drawLetterhead(writer, shop, locale, d);
  const barcode = await orderBarcode(writer, order.number, sheet ? 0.5 : 0.45, sheet ? 15 : 13, `${d.order} ${order.number}`);
  const shipTo = order.shippingAddress
    ? addressLines(order.shippingAddress, locale, shop.address?.country)
    : [order.customerName];
  if (order.fulfilmentMethod === 'collect') shipTo.push(d.collect);
  drawHeading(writer, {
    title: d.packingSlip,
    sender: shopSender(shop),
    addresses: [{ label: d.shipTo, lines: shipTo }],
    fields: [
      { label: d.orderNumber, value: String(order.number) },
      { label: d.orderDate, value: formatDate(order.placedAt, locale, shop.timeZone) },
      { label: d.customer, value: order.customerName }
    ],
    aside: barcode
  });

  const quantity = (l: DocLine): Cell => ({
    text: l.shipped !== undefined && l.shipped !== l.qty ? d.ofOrdered(l.shipped, l.qty) : String(l.qty),
    bold: true
  });
  const code = (l: DocLine): string => [l.sku, l.gtin].filter(Boolean).join(' · ');
  const columns: Column<DocLine>[] = sheet
    ? [
        { header: '', width: 8, cell: () => ({ checkbox: true }) },
        { header: d.bin, width: 24, cell: (l) => ({ text: l.bin ?? '–', bold: true }) },
        { header: d.item, width: '*', cell: (l) => ({ text: l.name, sub: code(l) }) },
        { header: d.qty, width: 22, align: 'right', cell: quantity }
      ]
    : [
        { header: '', width: 6, cell: () => ({ checkbox: true }) },
        { header: d.item, width: '*', cell: (l) => ({ text: l.name, sub: [l.bin, l.sku].filter(Boolean).join(' · ') }) },
        { header: d.qtyShort, width: 13, align: 'right', cell: quantity }
      ];
  const lines = [...input.lines].sort(byBin);
  drawTable(writer, columns, lines);
  writer.gap(2);
  const units = lines.reduce((sum, l) => sum + (l.shipped ?? l.qty), 0);
  writer.paragraph(`${d.items(lines.length)} · ${d.units(units)}`, { bold: true, align: 'right' });
  writer.gap(4);

  if (order.notes?.length) drawNoteBox(writer, d.packingNotes, order.notes);
  if (lines.some((l) => l.shipped !== undefined && l.shipped < l.qty)) writer.paragraph(d.partialShipment);
  if (order.fulfilmentMethod === 'collect' && shop.openingHours) drawNoteBox(writer, d.openingHours, [shop.openingHours]);
  writer.endSection();
}
