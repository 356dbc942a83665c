/** Building blocks every template shares: letterhead, heading, notes, footers, sections. */
import { isSheet, type PageFormat } from '../pdf/formats';
import { fieldRows, type Field } from '../pdf/table';
import { MUTED, type PdfWriter, type SectionOptions, type StyledLine } from '../pdf/writer';
import type { Dictionary } from '../i18n';
import type { Locale, ShopInfo } from '../types';
import { addressLines, senderLine } from './address';

export interface AddressBlock {
  label: string;
  lines: string[];
}

/** Something drawn above the document facts, e.g. the order barcode. */
export interface Aside {
  width: number;
  height: number;
  draw: (x: number, y: number) => void;
}

export interface Heading {
  title: string;
  fields: Field[];
  addresses: AddressBlock[];
  /** Small return-address line above the first address (window envelopes). */
  sender?: string;
  aside?: Aside;
}

const FIELDS_WIDTH = 74;

export function sectionOptions(format: PageFormat, d: Dictionary, runningTitle: string, footer?: string[]): SectionOptions {
  if (!isSheet(format)) return { format };
  return { format, footer, pageLabel: d.page, continuationHeader: runningHeader(runningTitle) };
}

/** Pages after the first carry a one-line reminder of whose document this is. */
function runningHeader(title: string): (writer: PdfWriter) => void {
  return (writer) => {
    writer.text(title, writer.left, writer.y, { size: 7.5, gray: MUTED });
    writer.y += writer.lineHeight(7.5) + 1;
    writer.rule();
    writer.y += 3;
  };
}

export function drawLetterhead(writer: PdfWriter, shop: ShopInfo, locale: Locale, d: Dictionary): void {
  const contact = [shop.email, shop.phone].filter((v): v is string => Boolean(v));
  const address = shop.address ? addressLines({ ...shop.address, name: '' }, locale, shop.address.country) : [];
  const top = writer.y;
  if (isSheet(writer.geometry.format)) {
    const logoHeight = drawLogo(writer, shop, writer.left, top, 50, 16);
    const nameHeight = writer.block([{ text: shop.name, size: 15, bold: true }], writer.left, top + logoHeight, 95);
    const vat = shop.vatId ? [`${d.vatId} ${shop.vatId}`] : [];
    const details = [...address, ...contact, ...vat].map((text) => ({ text, size: 7.5, gray: MUTED, align: 'right' as const }));
    const detailsHeight = writer.block(details, writer.right - 75, top, 75);
    writer.y = top + Math.max(logoHeight + nameHeight, detailsHeight) + 3;
  } else {
    const logoHeight = drawLogo(writer, shop, writer.left + writer.width / 2 - 20, top, 40, 14, true);
    const center = (text: string, size: number, bold = false): StyledLine => ({ text, size, bold, align: 'center' });
    const size = writer.geometry.fontSize;
    const lines = [center(shop.name, size + 3, true), ...[address.join(', '), ...contact].filter(Boolean).map((t) => center(t, size - 0.5))];
    writer.y = top + logoHeight + writer.block(lines, writer.left, top + logoHeight, writer.width) + 2;
  }
  writer.rule();
  writer.y += 4;
}

/** Fits the logo into the box (centred when asked); returns the height used including a gap. */
function drawLogo(writer: PdfWriter, shop: ShopInfo, x: number, y: number, maxWidth: number, maxHeight: number, centred = false): number {
  if (!shop.logoPng) return 0;
  const size = writer.imageSize(shop.logoPng);
  const scale = Math.min(maxWidth / size.width, maxHeight / size.height);
  const width = size.width * scale;
  const height = size.height * scale;
  writer.image(shop.logoPng, centred ? x + (maxWidth - width) / 2 : x, y, width, height);
  return height + 2;
}

export function drawHeading(writer: PdfWriter, heading: Heading): void {
  if (isSheet(writer.geometry.format)) drawSheetHeading(writer, heading);
  else drawStackedHeading(writer, heading);
}

function drawSheetHeading(writer: PdfWriter, heading: Heading): void {
  if (!heading.addresses.length && !heading.sender) return drawTitleBesideFields(writer, heading);
  const top = writer.y;
  const leftWidth = writer.width - FIELDS_WIDTH - 8;
  let left = top;
  if (heading.sender) {
    left += writer.block([{ text: heading.sender, size: 6.5, gray: MUTED }], writer.left, left, leftWidth) + 1.5;
  }
  const columnWidth = heading.addresses.length > 1 ? leftWidth / 2 - 3 : leftWidth;
  const heights = heading.addresses.map((block, i) =>
    writer.block(addressBlockLines(block, writer.geometry.fontSize + 1), writer.left + i * (columnWidth + 6), left, columnWidth)
  );
  left += Math.max(0, ...heights);

  let right = top;
  const fieldsX = writer.right - FIELDS_WIDTH;
  if (heading.aside) {
    heading.aside.draw(writer.right - heading.aside.width, right);
    right += heading.aside.height + 2;
  }
  right += fieldRows(writer, heading.fields, { x: fieldsX, y: right, width: FIELDS_WIDTH });

  writer.y = Math.max(left, right) + 6;
  writer.block([{ text: heading.title, size: 17, bold: true }], writer.left, writer.y, writer.width);
  writer.y += writer.lineHeight(17) + 3;
}

/** Internal documents (pick lists) have no addressee: title left, facts right. */
function drawTitleBesideFields(writer: PdfWriter, heading: Heading): void {
  const top = writer.y;
  const title = writer.block([{ text: heading.title, size: 17, bold: true }], writer.left, top, writer.width - FIELDS_WIDTH - 8);
  const fields = fieldRows(writer, heading.fields, { x: writer.right - FIELDS_WIDTH, y: top, width: FIELDS_WIDTH });
  writer.y = top + Math.max(title, fields) + 5;
}

function drawStackedHeading(writer: PdfWriter, heading: Heading): void {
  const size = writer.geometry.fontSize;
  writer.y += writer.block([{ text: heading.title, size: size + 4, bold: true, align: 'center' }], writer.left, writer.y, writer.width) + 2;
  if (heading.aside) {
    heading.aside.draw(writer.left + (writer.width - heading.aside.width) / 2, writer.y);
    writer.y += heading.aside.height + 2;
  }
  writer.y += fieldRows(writer, heading.fields, { x: writer.left, y: writer.y, width: writer.width, labelShare: 0.45 }) + 2;
  for (const block of heading.addresses) {
    writer.y += writer.block(addressBlockLines(block, size), writer.left, writer.y, writer.width) + 2;
  }
  writer.rule();
  writer.y += 2;
}

function addressBlockLines(block: AddressBlock, size: number): StyledLine[] {
  return [{ text: block.label, size: size - 2, bold: true, gray: MUTED }, ...block.lines.map((text) => ({ text, size }))];
}

/** A framed list (packing notes, opening hours), kept on one page. */
export function drawNoteBox(writer: PdfWriter, title: string, notes: string[]): void {
  const size = writer.geometry.fontSize;
  const lines: StyledLine[] = [{ text: title, size, bold: true }, ...notes.map((text) => ({ text: `• ${text}`, size }))];
  const height = writer.measureBlock(lines, writer.width - 6) + 4;
  writer.ensure(height);
  writer.rect(writer.left, writer.y, writer.width, height, { stroke: 0, weight: 0.4 });
  writer.block(lines, writer.left + 3, writer.y + 2, writer.width - 6);
  writer.y += height + 4;
}

/** Seller details at the foot of every sheet page, as commercial letters require. */
export function shopFooter(shop: ShopInfo, d: Dictionary): string[] {
  const first = [shop.address ? senderLine(shop.name, shop.address) : shop.name, shop.email, shop.phone];
  const second = [shop.vatId && `${d.vatId} ${shop.vatId}`, shop.bankDetails];
  return [first, second].map((parts) => parts.filter(Boolean).join(' · ')).filter(Boolean);
}

export function shopSender(shop: ShopInfo): string | undefined {
  return shop.address ? senderLine(shop.name, shop.address) : undefined;
}

/** The order number as a Code 128 barcode with its number underneath. */
export async function orderBarcode(writer: PdfWriter, orderNumber: number, moduleMm: number, height: number, caption: string): Promise<Aside> {
  const image = await writer.barcode('code128', String(orderNumber));
  const module = Math.min(moduleMm, writer.width / image.modules);
  const width = image.modules * module;
  const captionSize = writer.geometry.fontSize;
  return {
    width,
    height: height + writer.lineHeight(captionSize) + 0.5,
    draw: (x, y) => {
      writer.drawBarcode(image, x, y, module, height);
      writer.text(caption, x + width / 2, y + height + 0.5, { size: captionSize, bold: true, align: 'center' });
    }
  };
}
