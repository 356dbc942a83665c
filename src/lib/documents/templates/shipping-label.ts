import { MUTED, type PdfWriter, type StyledLine } from '../pdf/writer';
import type { Address, Locale, ShopInfo } from '../types';
import { cityLine, countryName, senderLine } from './address';

/** One courier label: who carries it, its tracking number as a barcode, where it goes. */
export interface ShippingLabel {
  /** printed at the top, e.g. "DHL" or "Packbench Sandbox" */
  courier: string;
  trackingNumber: string;
  orderNumber: number;
  shipTo: Address;
  /** this parcel's place among the order's parcels (split shipments) */
  parcel?: { index: number; count: number };
  weightGrams?: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const TEXT = {
  en: { from: 'From', to: 'To', parcel: (i: number, n: number) => `Parcel ${i} of ${n}`, order: 'Order', tracking: 'Tracking no.' },
  de: { from: 'Absender', to: 'Empfänger', parcel: (i: number, n: number) => `Paket ${i} von ${n}`, order: 'Bestellung', tracking: 'Sendungsnr.' }
} as const;

/** Draws a label inside `box` (a 4x6 in page, or a quarter of an A4 sheet). */
export async function drawShippingLabel(writer: PdfWriter, label: ShippingLabel, shop: ShopInfo, locale: Locale, box: Box): Promise<void> {
  const d = TEXT[locale];
  const k = Math.min(Math.max(box.width / 91.6, 0.75), 1.3);
  let y = box.y;

  writer.text(label.courier, box.x, y, { size: 15 * k, bold: true });
  if (label.parcel && label.parcel.count > 1) {
    writer.text(d.parcel(label.parcel.index, label.parcel.count), box.x + box.width, y + 1, { size: 10 * k, bold: true, align: 'right' });
  }
  y += writer.lineHeight(15 * k) + 1;
  writer.rule(y, { gray: 0, weight: 0.6, x1: box.x, x2: box.x + box.width });
  y += 2;

  const from = shop.address ? `${d.from}: ${senderLine(shop.name, shop.address)}, ${countryName(shop.address.country, locale)}` : `${d.from}: ${shop.name}`;
  y += writer.block([{ text: from, size: 7 * k, gray: MUTED }], box.x, y, box.width) + 3 * k;

  // the tracking barcode and the order line take the foot of the label
  const barcode = await writer.barcode('code128', label.trackingNumber);
  const moduleMm = Math.min(0.5 * k, box.width / barcode.modules);
  const barHeight = 20 * k;
  const caption: StyledLine = { text: `${d.tracking} ${label.trackingNumber}`, size: 9 * k, bold: true, align: 'center' };
  const footer = `${d.order} ${label.orderNumber}${label.weightGrams ? ` · ${(label.weightGrams / 1000).toLocaleString(locale, { maximumFractionDigits: 2 })} kg` : ''}`;
  const footHeight = barHeight + writer.lineHeight(9 * k) + writer.lineHeight(8 * k) + 4;
  const addressSpace = box.y + box.height - footHeight - y - 3;

  const to = label.shipTo;
  const address: StyledLine[] = [
    { text: d.to, size: 8 * k, bold: true, gray: MUTED },
    { text: to.name, size: 18 * k, bold: true },
    ...(to.company ? [{ text: to.company, size: 14 * k }] : []),
    { text: to.street, size: 15 * k },
    { text: cityLine(to), size: 18 * k, bold: true },
    { text: countryName(to.country, locale).toLocaleUpperCase(locale), size: 14 * k, bold: true }
  ];
  writer.block(shrinkToFit(writer, address, box.width, addressSpace), box.x, y, box.width);

  let foot = box.y + box.height - footHeight;
  writer.rule(foot, { gray: 0, weight: 0.6, x1: box.x, x2: box.x + box.width });
  foot += 2;
  const barWidth = barcode.modules * moduleMm;
  writer.drawBarcode(barcode, box.x + (box.width - barWidth) / 2, foot, moduleMm, barHeight);
  foot += barHeight + 0.5;
  foot += writer.block([caption], box.x, foot, box.width);
  writer.block([{ text: footer, size: 8 * k, align: 'center' }], box.x, foot + 0.5, box.width);
}

/** Long names and streets get smaller type rather than run into the barcode. */
function shrinkToFit(writer: PdfWriter, lines: StyledLine[], width: number, height: number): StyledLine[] {
  let scaled = lines;
  for (let factor = 1; factor > 0.4 && writer.measureBlock(scaled, width) > height; factor -= 0.05) {
    scaled = lines.map((line) => ({ ...line, size: (line.size ?? writer.geometry.fontSize) * factor }));
  }
  return scaled;
}
