// Shelf-edge and product barcode labels (#14), drawn in the browser with jsPDF and bwip-js as
// the other documents are: one label per page, page size = label size, so any label printer
// prints them 1:1. EAN-13 when the product has one, else Code 128 of the SKU. Loaded on the
// first print only (this module is imported dynamically).
import { jsPDF } from 'jspdf';
import { formatMoney } from '$lib/money';
import { ean13Text, renderBarcode, type BarcodeImage } from '$lib/documents/pdf/barcode';

export interface LabelProduct {
  sku: string;
  name: string;
  bin: string;
  gtins: string[];
  priceCents: number;
}

/** what the barcode encodes: the EAN-13 (GTIN-14 without its leading 0) or the SKU */
export function labelBarcode(p: LabelProduct): { symbology: 'ean13' | 'code128'; text: string } {
  const first = p.gtins.find((g) => g.startsWith('0') && ean13Text(g.slice(1)));
  return first ? { symbology: 'ean13', text: first.slice(1) } : { symbology: 'code128', text: p.sku };
}

async function image(p: LabelProduct): Promise<BarcodeImage> {
  const b = labelBarcode(p);
  return renderBarcode(b.symbology, b.text);
}

function fit(doc: jsPDF, text: string, width: number): string {
  if (doc.getTextWidth(text) <= width) return text;
  let s = text;
  while (s.length > 1 && doc.getTextWidth(`${s}…`) > width) s = s.slice(0, -1);
  return `${s}…`;
}

function drawCode(doc: jsPDF, img: BarcodeImage, x: number, y: number, maxWidth: number, height: number) {
  const module = Math.min(0.33, maxWidth / img.modules);
  const width = img.modules * module;
  doc.addImage(img.data, 'PNG', x + (maxWidth - width) / 2, y, width, height, img.alias, 'FAST');
}

/** 70 × 37 mm: name, price, SKU and bin, and the barcode */
export async function shelfLabels(products: LabelProduct[], currency: string, locale: string): Promise<Uint8Array> {
  const W = 70;
  const H = 37;
  const doc = new jsPDF({ unit: 'mm', format: [W, H], orientation: 'landscape', compress: true });
  for (const [i, p] of products.entries()) {
    if (i) doc.addPage([W, H], 'landscape');
    doc.setFont('helvetica', 'bold').setFontSize(10);
    doc.text(fit(doc, p.name, W - 6), 3, 6);
    doc.setFontSize(16);
    doc.text(formatMoney(p.priceCents, currency, locale), W - 3, 15, { align: 'right' });
    doc.setFont('helvetica', 'normal').setFontSize(8);
    doc.text(`${p.sku}${p.bin ? ` · ${p.bin}` : ''}`, 3, 15);
    drawCode(doc, await image(p), 3, 19, W - 6, 12);
    doc.setFontSize(7);
    doc.text(labelBarcode(p).text, W / 2, 34.5, { align: 'center' });
  }
  return new Uint8Array(doc.output('arraybuffer'));
}

/** 50 × 25 mm product labels, `copies` of each: the barcode a scanner reads, name and SKU */
export async function productLabels(products: LabelProduct[], copies = 1): Promise<Uint8Array> {
  const W = 50;
  const H = 25;
  const doc = new jsPDF({ unit: 'mm', format: [W, H], orientation: 'landscape', compress: true });
  let page = 0;
  for (const p of products) {
    const img = await image(p);
    for (let c = 0; c < copies; c++) {
      if (page++) doc.addPage([W, H], 'landscape');
      doc.setFont('helvetica', 'normal').setFontSize(7);
      doc.text(fit(doc, p.name, W - 4), 2, 4);
      drawCode(doc, img, 2, 5.5, W - 4, 13);
      doc.text(`${labelBarcode(p).text}  ${p.sku}`, W / 2, 22.5, { align: 'center' });
    }
  }
  return new Uint8Array(doc.output('arraybuffer'));
}
