/**
 * Courier labels for many parcels in ONE PDF: one 4x6 in label per page for thermal
 * printers, or four labels (A6 each) per A4 sheet for ordinary printers, with cut marks.
 */
import { PdfWriter } from './pdf/writer';
import { drawShippingLabel, type ShippingLabel } from './templates/shipping-label';
import type { Locale, ShopInfo } from './types';

export type { ShippingLabel } from './templates/shipping-label';
export type ShippingLabelLayout = 'label4x6' | 'a4';

export interface ShippingLabelsInput {
  shop: ShopInfo;
  locale: Locale;
  layout: ShippingLabelLayout;
  labels: ShippingLabel[];
}

const A4 = { width: 210, height: 297 };
const PADDING = 6;

export async function renderShippingLabels(input: ShippingLabelsInput): Promise<Uint8Array> {
  if (!input.labels.length) throw new Error('renderShippingLabels: no labels');
  const writer = new PdfWriter();
  if (input.layout === 'label4x6') {
    for (const label of input.labels) {
      writer.beginSection({ format: 'label4x6' });
      const box = { x: writer.left, y: writer.geometry.margin.top, width: writer.width, height: writer.bottom - writer.geometry.margin.top };
      await drawShippingLabel(writer, label, input.shop, input.locale, box);
      writer.endSection();
    }
    return writer.finish();
  }
  writer.beginSection({ format: 'a4' });
  const cellWidth = A4.width / 2;
  const cellHeight = A4.height / 2;
  for (const [i, label] of input.labels.entries()) {
    const slot = i % 4;
    if (i > 0 && slot === 0) writer.newPage();
    if (slot === 0) cutMarks(writer);
    const x = (slot % 2) * cellWidth;
    const y = Math.floor(slot / 2) * cellHeight;
    await drawShippingLabel(writer, label, input.shop, input.locale, {
      x: x + PADDING,
      y: y + PADDING,
      width: cellWidth - 2 * PADDING,
      height: cellHeight - 2 * PADDING
    });
  }
  writer.endSection();
  return writer.finish();
}

/** Dashed lines between the four labels of a sheet. */
function cutMarks(writer: PdfWriter): void {
  const doc = writer.doc;
  doc.setLineDashPattern([2, 2], 0);
  writer.rule(A4.height / 2, { gray: 150, weight: 0.2, x1: 0, x2: A4.width });
  doc.setDrawColor(150);
  doc.line(A4.width / 2, 0, A4.width / 2, A4.height);
  doc.setLineDashPattern([], 0);
}
