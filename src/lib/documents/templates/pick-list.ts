import { dictionary } from '../i18n';
import { ean13Text, type BarcodeImage } from '../pdf/barcode';
import { formatDateTime } from '../pdf/format';
import { isSheet } from '../pdf/formats';
import { drawTable, type Column } from '../pdf/table';
import type { PdfWriter } from '../pdf/writer';
import type { PickListInput, PickListItem, PickListTote } from '../types';
import { byBin } from './bins';
import { drawHeading, sectionOptions } from './parts';

interface PickRow extends PickListItem {
  total: number;
  barcode: BarcodeImage | null;
}

/** One walk through the warehouse for a batch of orders: bins in order, which tote gets how many. */
export async function drawPickList(writer: PdfWriter, input: PickListInput): Promise<void> {
  const { shop, locale, format } = input;
  const d = dictionary(locale);
  const sheet = isSheet(format);
  const createdAt = formatDateTime(input.createdAt ?? new Date().toISOString(), locale, shop.timeZone);
  const rows: PickRow[] = await Promise.all(
    [...input.items].sort(byBin).map(async (item) => ({
      ...item,
      total: item.picks.reduce((sum, p) => sum + p.qty, 0),
      barcode: sheet ? await productBarcode(writer, item) : null
    }))
  );

  writer.beginSection(sectionOptions(format, d, `${shop.name} · ${d.pickList} · ${createdAt}`));
  drawHeading(writer, {
    title: d.pickList,
    addresses: [],
    fields: [
      { label: d.date, value: createdAt },
      { label: d.totes, value: String(input.totes.length) },
      { label: d.qty, value: d.units(rows.reduce((sum, r) => sum + r.total, 0)) }
    ]
  });

  const toteColumns: Column<PickListTote>[] = [
    { header: d.tote, width: sheet ? 18 : 12, cell: (t) => ({ text: String(t.tote), bold: true }) },
    { header: d.orderNumber, width: sheet ? 26 : 20, cell: (t) => String(t.orderNumber) },
    { header: d.customer, width: '*', cell: (t) => t.customerName }
  ];
  drawTable(writer, toteColumns, [...input.totes].sort((a, b) => a.tote - b.tote));
  writer.gap(5);

  const totes = (r: PickRow): string =>
    [...r.picks].sort((a, b) => a.tote - b.tote).map((p) => `${p.tote}: ${p.qty}`).join('\n');
  const code = (r: PickRow): string => [r.sku, r.gtin].filter(Boolean).join(' · ');
  const itemColumns: Column<PickRow>[] = sheet
    ? [
        { header: '', width: 8, cell: () => ({ checkbox: true }) },
        { header: d.bin, width: 20, cell: (r) => ({ text: r.bin, bold: true }) },
        { header: d.item, width: '*', cell: (r) => ({ text: r.name, sub: code(r) }) },
        { header: d.barcode, width: 42, cell: (r) => (r.barcode ? { barcode: r.barcode, moduleMm: 0.3, height: 8 } : '') },
        { header: d.qty, width: 13, align: 'right', cell: (r) => ({ text: String(r.total), bold: true }) },
        { header: `${d.tote}: ${d.qty}`, width: 24, cell: totes }
      ]
    : [
        { header: '', width: 6, cell: () => ({ checkbox: true }) },
        { header: d.item, width: '*', cell: (r) => ({ text: `${r.bin} · ${r.name}`, sub: r.sku }) },
        { header: d.qtyShort, width: 10, align: 'right', cell: (r) => ({ text: String(r.total), bold: true }) },
        { header: d.totes, width: 14, cell: totes }
      ];
  drawTable(writer, itemColumns, rows);
  writer.endSection();
}

/** EAN-13 when the product has a valid GTIN, else its SKU as Code 128; none if neither encodes. */
async function productBarcode(writer: PdfWriter, item: PickListItem): Promise<BarcodeImage | null> {
  const ean = ean13Text(item.gtin);
  try {
    return ean ? await writer.barcode('ean13', ean) : await writer.barcode('code128', item.sku);
  } catch {
    return null;
  }
}
