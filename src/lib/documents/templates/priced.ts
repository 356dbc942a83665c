/** Priced line table and totals with the tax split, for invoices, receipts and credit notes. */
import { formatPercent } from '../pdf/format';
import { formatMoney } from '../../money';
import { isSheet } from '../pdf/formats';
import { drawSummary, drawTable, PAD_X, type Column, type Field } from '../pdf/table';
import { MUTED, type PdfWriter } from '../pdf/writer';
import type { Dictionary } from '../i18n';
import { computeTotals, lineTotalCents, type Totals } from '../tax';
import type { DocLine, Locale } from '../types';

export interface PricedLines {
  lines: DocLine[];
  shippingCents: number;
  currency: string;
  locale: Locale;
  d: Dictionary;
  /** -1 prints every amount negative (credit notes). */
  sign?: 1 | -1;
  totalLabel?: string;
}

export function drawPricedLines(writer: PdfWriter, priced: PricedLines): Totals {
  const { lines, currency, locale, d } = priced;
  const sign = priced.sign ?? 1;
  const money = (cents: number): string => formatMoney(sign * cents, currency, locale);
  const percent = (bp: number): string => formatPercent(bp, locale);
  const itemSub = (line: DocLine): string => [line.sku, line.gtin].filter(Boolean).join(' · ');

  const columns: Column<DocLine>[] = isSheet(writer.geometry.format)
    ? [
        { header: d.item, width: '*', cell: (l) => ({ text: l.name, sub: itemSub(l) }) },
        { header: d.qty, width: 14, align: 'right', cell: (l) => String(l.qty) },
        { header: d.unitPrice, width: 26, align: 'right', cell: (l) => money(l.unitPriceCents) },
        { header: d.vat, width: 14, align: 'right', cell: (l) => percent(l.taxRateBp) },
        { header: d.amount, width: 28, align: 'right', cell: (l) => money(lineTotalCents(l)) }
      ]
    : [
        { header: '', width: 9, cell: (l) => `${l.qty}×` },
        {
          header: d.item,
          width: '*',
          cell: (l) => ({ text: l.name, sub: `${money(l.unitPriceCents)} · ${percent(l.taxRateBp)}` })
        },
        { header: d.amount, width: 20, align: 'right', cell: (l) => money(lineTotalCents(l)) }
      ];
  drawTable(writer, columns, lines);
  writer.gap(3);

  const totals = computeTotals(lines, priced.shippingCents);
  const fields: Field[] = [{ label: d.subtotal, value: money(totals.itemsCents) }];
  if (totals.shippingCents) fields.push({ label: d.shipping, value: money(totals.shippingCents) });
  fields.push({ label: priced.totalLabel ?? d.total, value: money(totals.totalCents), bold: true, ruleAbove: true });
  for (const tax of totals.taxes) {
    fields.push({ label: d.netAt(percent(tax.rateBp)), value: money(tax.netCents) });
    fields.push({ label: d.vatAt(percent(tax.rateBp)), value: money(tax.taxCents) });
  }
  drawSummary(writer, fields);
  writer.gap(1);
  writer.paragraph(d.pricesIncludeVat, { size: writer.geometry.fontSize - 1.5, gray: MUTED, align: 'right', width: writer.width - PAD_X });
  writer.gap(4);
  return totals;
}
