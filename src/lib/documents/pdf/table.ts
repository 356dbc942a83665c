/**
 * Tables that break across pages and repeat their head, and label/value rows
 * (document facts, totals). Cells wrap; nothing is clipped or overflows.
 */
import type { BarcodeImage } from './barcode';
import { MUTED, type Align, type PdfWriter, type StyledLine } from './writer';

export type Cell =
  | string
  | { text: string; sub?: string; bold?: boolean }
  | { checkbox: true }
  | { barcode: BarcodeImage; moduleMm: number; height: number };

export interface Column<Row> {
  header: string;
  /** Millimetres, or '*' for a share of what the fixed columns leave. */
  width: number | '*';
  align?: Align;
  cell: (row: Row) => Cell;
}

export interface TableOptions {
  /** Font size in points; defaults to the format's body size. */
  size?: number;
}

export const PAD_X = 1.2;
const PAD_Y = 1.3;
const CHECKBOX = 3.6;
const HEAD_FILL = 235;

interface Laid {
  cell: Cell;
  lines: StyledLine[];
  height: number;
}

export function drawTable<Row>(writer: PdfWriter, columns: Column<Row>[], rows: Row[], options: TableOptions = {}): void {
  const size = options.size ?? writer.geometry.fontSize;
  const widths = columnWidths(writer.width, columns);
  const headStyle = { size: size - 1, bold: true };
  const headHeight =
    Math.max(...columns.map((c, i) => writer.measureBlock([{ text: c.header, ...headStyle }], widths[i] - 2 * PAD_X))) +
    2 * PAD_Y;

  const drawHead = (): void => {
    writer.rect(writer.left, writer.y, writer.width, headHeight, { fill: HEAD_FILL });
    let x = writer.left;
    columns.forEach((column, i) => {
      const line = { text: column.header, ...headStyle, align: column.align };
      writer.block([line], x + PAD_X, writer.y + PAD_Y, widths[i] - 2 * PAD_X);
      x += widths[i];
    });
    writer.y += headHeight;
  };

  const laidRows = rows.map((row) => columns.map((column, i) => layCell(writer, column.cell(row), widths[i], size, column.align)));
  const rowHeight = (cells: Laid[]): number => Math.max(...cells.map((c) => c.height)) + 2 * PAD_Y;

  writer.ensure(headHeight + (laidRows.length ? rowHeight(laidRows[0]) : 0));
  drawHead();
  for (const cells of laidRows) {
    const height = rowHeight(cells);
    if (writer.y + height > writer.bottom) {
      writer.newPage();
      drawHead();
    }
    let x = writer.left;
    cells.forEach((laid, i) => {
      drawCell(writer, laid, x, writer.y + PAD_Y, widths[i]);
      x += widths[i];
    });
    writer.y += height;
    writer.rule(writer.y, { gray: 215, weight: 0.15 });
  }
}

function columnWidths<Row>(total: number, columns: Column<Row>[]): number[] {
  const fixed = columns.reduce((sum, c) => sum + (c.width === '*' ? 0 : c.width), 0);
  const flexible = columns.filter((c) => c.width === '*').length;
  return columns.map((c) => (c.width === '*' ? Math.max(total - fixed, 10) / flexible : c.width));
}

function layCell(writer: PdfWriter, cell: Cell, width: number, size: number, align: Align = 'left'): Laid {
  if (typeof cell === 'string') cell = { text: cell };
  if ('checkbox' in cell) return { cell, lines: [], height: CHECKBOX };
  if ('barcode' in cell) return { cell, lines: [], height: cell.height };
  const lines: StyledLine[] = [{ text: cell.text, size, bold: cell.bold, align }];
  if (cell.sub) lines.push({ text: cell.sub, size: size - 1.5, gray: MUTED, align });
  return { cell, lines, height: writer.measureBlock(lines, width - 2 * PAD_X) };
}

function drawCell(writer: PdfWriter, laid: Laid, x: number, y: number, width: number): void {
  const { cell } = laid;
  if (typeof cell !== 'string' && 'checkbox' in cell) {
    writer.rect(x + PAD_X, y, CHECKBOX, CHECKBOX, { stroke: 0, weight: 0.3 });
  } else if (typeof cell !== 'string' && 'barcode' in cell) {
    // Shrink the modules rather than overflow a narrow column.
    const moduleMm = Math.min(cell.moduleMm, (width - 2 * PAD_X) / cell.barcode.modules);
    writer.drawBarcode(cell.barcode, x + PAD_X, y, moduleMm, cell.height);
  } else {
    writer.block(laid.lines, x + PAD_X, y, width - 2 * PAD_X);
  }
}

export interface Field {
  label: string;
  value: string;
  bold?: boolean;
  /** A rule above the row, e.g. before the grand total. */
  ruleAbove?: boolean;
}

export interface FieldOptions {
  x: number;
  y: number;
  width: number;
  size?: number;
  /** Share of the width given to labels. */
  labelShare?: number;
}

/** Label left, value right-aligned; draws at a fixed position and returns the height (draw=false to measure). */
export function fieldRows(writer: PdfWriter, fields: Field[], options: FieldOptions, draw = true): number {
  const size = options.size ?? writer.geometry.fontSize;
  const labelWidth = options.width * (options.labelShare ?? 0.55);
  const valueWidth = options.width - labelWidth - 1;
  let y = options.y;
  for (const field of fields) {
    if (field.ruleAbove) {
      if (draw) writer.rule(y + 0.6, { gray: 0, weight: 0.3, x1: options.x, x2: options.x + options.width });
      y += 1.6;
    }
    const label: StyledLine[] = [{ text: field.label, size, bold: field.bold, gray: field.bold ? 0 : MUTED }];
    const value: StyledLine[] = [{ text: field.value, size, bold: field.bold, align: 'right' }];
    const height = Math.max(writer.measureBlock(label, labelWidth), writer.measureBlock(value, valueWidth));
    if (draw) {
      writer.block(label, options.x, y, labelWidth);
      writer.block(value, options.x + labelWidth + 1, y, valueWidth);
    }
    y += height + 0.4;
  }
  return y - options.y;
}

/** Field rows at the cursor, kept together on one page, right-aligned with the table cells above. */
export function drawSummary(writer: PdfWriter, fields: Field[], maxWidth = 80): void {
  const width = Math.min(maxWidth, writer.width - PAD_X);
  const options = { x: writer.right - PAD_X - width, y: writer.y, width };
  writer.ensure(fieldRows(writer, fields, options, false));
  writer.y += fieldRows(writer, fields, { ...options, y: writer.y });
}
