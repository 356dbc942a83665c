/**
 * A cursor over a jsPDF document: wrapped text, page breaks with a running
 * header, and sections (one per order in a combined PDF) that number their own
 * pages. All lengths in millimetres, font sizes in points.
 */
import { jsPDF } from 'jspdf';
import { renderBarcode, type BarcodeImage, type Symbology } from './barcode';
import { FONT_FAMILY, registerFonts } from './fonts';
import { CONTINUOUS_DRAFT_HEIGHT, pageGeometry, type PageFormat, type PageGeometry } from './formats';

export type Align = 'left' | 'center' | 'right';

export interface TextStyle {
  size?: number;
  bold?: boolean;
  /** Gray level, 0 = black. */
  gray?: number;
  align?: Align;
}

export interface StyledLine extends TextStyle {
  text: string;
}

export interface SectionOptions {
  format: PageFormat;
  /** Redrawn at the top of every page after the first. */
  continuationHeader?: (writer: PdfWriter) => void;
  /** Small print at the bottom of every page of the section. */
  footer?: string[];
  /** Numbers the section's pages ("Page 2 of 5"). */
  pageLabel?: (page: number, pages: number) => string;
}

interface Section extends SectionOptions {
  geometry: PageGeometry;
  /** The footer wrapped to leave room for the page number. */
  footerLines: string[];
  firstPage: number;
  lastPage: number;
}

const MM_PER_PT = 25.4 / 72;
const LINE_HEIGHT = 1.2;
const FOOTER_SIZE = 6.5;
export const MUTED = 100;

export class PdfWriter {
  private pdf: jsPDF | null = null;
  private sections: Section[] = [];
  private barcodes = new Map<string, Promise<BarcodeImage>>();
  private imageSizes = new WeakMap<object, { width: number; height: number }>();
  private imageAliases = new WeakMap<object, string>();
  private imageCount = 0;
  /** Top of the next thing to draw. */
  y = 0;

  get doc(): jsPDF {
    if (!this.pdf) throw new Error('PdfWriter: beginSection() first');
    return this.pdf;
  }

  private get section(): Section {
    const section = this.sections.at(-1);
    if (!section) throw new Error('PdfWriter: beginSection() first');
    return section;
  }

  get geometry(): PageGeometry {
    return this.section.geometry;
  }
  get left(): number {
    return this.geometry.margin.left;
  }
  get right(): number {
    return this.geometry.width - this.geometry.margin.right;
  }
  get width(): number {
    return this.right - this.left;
  }
  get pageHeight(): number {
    return this.geometry.height ?? CONTINUOUS_DRAFT_HEIGHT;
  }
  /** Lowest y content may reach on this page. */
  get bottom(): number {
    const { footerLines, pageLabel } = this.section;
    const lines = Math.max(footerLines.length, pageLabel ? 1 : 0);
    const reserve = lines ? lines * this.lineHeight(FOOTER_SIZE) + 3 : 0;
    return this.pageHeight - this.geometry.margin.bottom - reserve;
  }

  beginSection(options: SectionOptions): void {
    const geometry = pageGeometry(options.format);
    const size: [number, number] = [geometry.width, geometry.height ?? CONTINUOUS_DRAFT_HEIGHT];
    if (this.pdf) {
      this.pdf.addPage(size, 'portrait');
    } else {
      this.pdf = new jsPDF({ unit: 'mm', format: size, orientation: 'portrait', compress: true, putOnlyUsedFonts: true });
      registerFonts(this.pdf);
    }
    const page = this.pdf.getNumberOfPages();
    this.sections.push({ ...options, geometry, footerLines: [], firstPage: page, lastPage: page });
    const footerWidth = geometry.width - geometry.margin.left - geometry.margin.right - (options.pageLabel ? 28 : 0);
    this.section.footerLines = (options.footer ?? []).flatMap((line) =>
      this.wrap(line, footerWidth, { size: FOOTER_SIZE })
    );
    this.y = geometry.margin.top;
  }

  /** A continuous page (thermal roll) is cut to the height of what was drawn on it. */
  endSection(): void {
    const { geometry, lastPage } = this.section;
    if (geometry.height !== null) return;
    const used = Math.min(this.y + geometry.margin.bottom, CONTINUOUS_DRAFT_HEIGHT);
    const box = this.doc.getPageInfo(lastPage).pageContext.mediaBox as { bottomLeftY: number; topRightY: number };
    // Content is already placed from the top of the draft page, so move the bottom edge up.
    box.bottomLeftY = box.topRightY - used * this.doc.internal.scaleFactor;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
  }

  newPage(): void {
    const { geometry } = this.section;
    this.doc.addPage([geometry.width, this.pageHeight], 'portrait');
    this.section.lastPage = this.doc.getNumberOfPages();
    this.y = geometry.margin.top;
    this.section.continuationHeader?.(this);
  }

  gap(mm: number): void {
    this.y += mm;
  }

  lineHeight(size = this.geometry.fontSize): number {
    return size * MM_PER_PT * LINE_HEIGHT;
  }

  setStyle(style: TextStyle = {}): void {
    this.doc.setFont(FONT_FAMILY, style.bold ? 'bold' : 'normal');
    this.doc.setFontSize(style.size ?? this.geometry.fontSize);
    this.doc.setTextColor(style.gray ?? 0);
  }

  /** Splits text into lines that fit `width`; words longer than a line are broken. */
  wrap(text: string, width: number, style: TextStyle = {}): string[] {
    this.setStyle(style);
    return text.split('\n').flatMap((part) => (this.doc.splitTextToSize(part, width) as string[]));
  }

  textWidth(text: string, style: TextStyle = {}): number {
    this.setStyle(style);
    return this.doc.getTextWidth(text);
  }

  /** Draws one unwrapped line with its top at `y`; `x` is the anchor for the alignment. */
  text(text: string, x: number, y: number, style: TextStyle = {}): void {
    this.setStyle(style);
    this.doc.text(text, x, y, { baseline: 'top', align: style.align ?? 'left' });
  }

  /** Height `lines` need when wrapped to `width`. */
  measureBlock(lines: StyledLine[], width: number): number {
    return lines.reduce((sum, line) => sum + this.wrap(line.text, width, line).length * this.lineHeight(line.size), 0);
  }

  /** Draws wrapped lines at a fixed position without moving the cursor; returns the height used. */
  block(lines: StyledLine[], x: number, y: number, width: number): number {
    let top = y;
    for (const line of lines) {
      const anchor = line.align === 'right' ? x + width : line.align === 'center' ? x + width / 2 : x;
      for (const part of this.wrap(line.text, width, line)) {
        this.text(part, anchor, top, line);
        top += this.lineHeight(line.size);
      }
    }
    return top - y;
  }

  /** Wrapped text at the cursor, across the content width unless told otherwise; breaks pages between lines. */
  paragraph(text: string, style: TextStyle & { x?: number; width?: number } = {}): void {
    const x = style.x ?? this.left;
    const width = style.width ?? this.right - x;
    const lineHeight = this.lineHeight(style.size);
    for (const part of this.wrap(text, width, style)) {
      this.ensure(lineHeight);
      const anchor = style.align === 'right' ? x + width : style.align === 'center' ? x + width / 2 : x;
      this.text(part, anchor, this.y, style);
      this.y += lineHeight;
    }
  }

  rule(y = this.y, options: { gray?: number; weight?: number; x1?: number; x2?: number } = {}): void {
    this.doc.setDrawColor(options.gray ?? 190);
    this.doc.setLineWidth(options.weight ?? 0.2);
    this.doc.line(options.x1 ?? this.left, y, options.x2 ?? this.right, y);
  }

  rect(x: number, y: number, width: number, height: number, style: { fill?: number; stroke?: number; weight?: number }): void {
    if (style.fill !== undefined) this.doc.setFillColor(style.fill, style.fill, style.fill);
    if (style.stroke !== undefined) this.doc.setDrawColor(style.stroke);
    this.doc.setLineWidth(style.weight ?? 0.25);
    const mode = style.fill !== undefined && style.stroke !== undefined ? 'FD' : style.fill !== undefined ? 'F' : 'S';
    this.doc.rect(x, y, width, height, mode);
  }

  /** Pixel size of a PNG, decoded once per image object. */
  imageSize(png: Uint8Array): { width: number; height: number } {
    let size = this.imageSizes.get(png);
    if (!size) {
      const { width, height } = this.doc.getImageProperties(png);
      size = { width, height };
      this.imageSizes.set(png, size);
    }
    return size;
  }

  /** Embeds each image object once per document however often it is drawn. */
  image(data: Uint8Array | HTMLCanvasElement, x: number, y: number, width: number, height: number, alias?: string): void {
    let key = alias ?? this.imageAliases.get(data);
    if (!key) {
      key = `image-${++this.imageCount}`;
      this.imageAliases.set(data, key);
    }
    this.doc.addImage(data, 'PNG', x, y, width, height, key, 'FAST');
  }

  /** bwip-js runs once per distinct barcode per document. */
  barcode(symbology: Symbology, text: string): Promise<BarcodeImage> {
    const key = `${symbology}:${text}`;
    let image = this.barcodes.get(key);
    if (!image) {
      image = renderBarcode(symbology, text);
      this.barcodes.set(key, image);
    }
    return image;
  }

  /** Draws a barcode with its top-left at (x, y); returns its width. */
  drawBarcode(image: BarcodeImage, x: number, y: number, moduleMm: number, height: number): number {
    const width = image.modules * moduleMm;
    this.image(image.data, x, y, width, height, image.alias);
    return width;
  }

  /** Adds footers and page numbers, then returns the PDF bytes. */
  finish(): Uint8Array {
    for (const section of this.sections) this.drawFooters(section);
    return new Uint8Array(this.doc.output('arraybuffer'));
  }

  private drawFooters(section: Section): void {
    const { footerLines: footer, pageLabel, geometry, firstPage, lastPage } = section;
    if (geometry.height === null || (!footer.length && !pageLabel)) return;
    const lineHeight = this.lineHeight(FOOTER_SIZE);
    const lines = Math.max(footer.length, 1);
    const top = geometry.height - geometry.margin.bottom - lines * lineHeight;
    const pages = lastPage - firstPage + 1;
    for (let page = firstPage; page <= lastPage; page++) {
      this.doc.setPage(page);
      this.doc.setDrawColor(200);
      this.doc.setLineWidth(0.2);
      this.doc.line(geometry.margin.left, top - 1.5, geometry.width - geometry.margin.right, top - 1.5);
      footer.forEach((line, i) =>
        this.text(line, geometry.margin.left, top + i * lineHeight, { size: FOOTER_SIZE, gray: MUTED })
      );
      if (pageLabel) {
        const label = pageLabel(page - firstPage + 1, pages);
        const y = top + (lines - 1) * lineHeight;
        this.text(label, geometry.width - geometry.margin.right, y, { size: FOOTER_SIZE, gray: MUTED, align: 'right' });
      }
    }
  }
}
