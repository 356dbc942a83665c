import { dictionary } from '../i18n';
import { formatDate } from '../pdf/format';
import { MUTED, type PdfWriter, type StyledLine } from '../pdf/writer';
import { requireShippingAddress } from '../requirements';
import type { AddressLabelInput } from '../types';
import { cityLine, countryName, senderLine } from './address';
import { orderBarcode } from './parts';

/** Label content is laid out for 4x6 in; other widths scale it, within reason. */
const LABEL_CONTENT_WIDTH = 91.6;

/** Ship-to address as large as it fits, sender small, order number barcode at the foot. */
export async function drawAddressLabel(writer: PdfWriter, input: AddressLabelInput): Promise<void> {
  const { shop, order, locale, format } = input;
  requireShippingAddress('address label', order);
  const d = dictionary(locale);
  writer.beginSection({ format });
  const k = Math.min(Math.max(writer.width / LABEL_CONTENT_WIDTH, 0.75), 1.3);

  if (shop.address) {
    const from = `${d.from}: ${senderLine(shop.name, shop.address)}, ${countryName(shop.address.country, locale)}`;
    writer.paragraph(from, { size: 7 * k, gray: MUTED });
  } else {
    writer.paragraph(`${d.from}: ${shop.name}`, { size: 7 * k, gray: MUTED });
  }
  writer.gap(1.5);
  writer.rule(writer.y, { gray: 0, weight: 0.5 });
  writer.gap(4 * k);

  const to = order.shippingAddress;
  const address: StyledLine[] =
    order.fulfilmentMethod === 'collect' || !to
      ? [
          { text: d.forCollection, size: 22 * k, bold: true },
          { text: order.customerName, size: 20 * k, bold: true }
        ]
      : [
          { text: d.deliverTo, size: 8 * k, bold: true, gray: MUTED },
          { text: to.name, size: 20 * k, bold: true },
          ...(to.company ? [{ text: to.company, size: 15 * k }] : []),
          { text: to.street, size: 16 * k },
          { text: cityLine(to), size: 20 * k, bold: true },
          // Always spelled out: carriers sort on it, even for a domestic parcel.
          { text: countryName(to.country, locale).toLocaleUpperCase(locale), size: 16 * k, bold: true }
        ];
  const caption = `${d.order} ${order.number} · ${formatDate(order.placedAt, locale, shop.timeZone)}`;
  const barcode = await orderBarcode(writer, order.number, 0.6 * k, 22 * k, caption);

  if (writer.geometry.height === null) {
    writer.y += writer.block(address, writer.left, writer.y, writer.width) + 4 * k;
    writer.rule(writer.y, { gray: 0, weight: 0.5 });
    writer.gap(4 * k);
  } else {
    // Fixed-size label: barcode at the foot, the address a little above the middle of the space left.
    const space = writer.bottom - barcode.height - 6 - writer.y;
    const lines = shrinkToFit(writer, address, space);
    const addressHeight = writer.measureBlock(lines, writer.width);
    writer.block(lines, writer.left, writer.y + Math.max(0, (space - addressHeight) / 3), writer.width);
    writer.y = Math.max(writer.y + addressHeight, writer.bottom - barcode.height - 6);
    writer.rule(writer.y, { gray: 0, weight: 0.5 });
    writer.gap(6);
  }
  barcode.draw(writer.left + (writer.width - barcode.width) / 2, writer.y);
  writer.y += barcode.height;
  writer.endSection();
}

/** Very long names and streets get smaller type rather than run into the barcode. */
function shrinkToFit(writer: PdfWriter, lines: StyledLine[], height: number): StyledLine[] {
  let scaled = lines;
  for (let factor = 1; factor > 0.4 && writer.measureBlock(scaled, writer.width) > height; factor -= 0.05) {
    scaled = lines.map((line) => ({ ...line, size: (line.size ?? writer.geometry.fontSize) * factor }));
  }
  return scaled;
}
