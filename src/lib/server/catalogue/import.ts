// Product CSV import and export (#14). Preview: every line read and checked against the
// catalogue (new, changed, unchanged, or its errors by line and column); nothing is written.
// Apply: only the lines the manager confirmed, with the version each product had in the
// preview, in batches of IMPORT_BATCH lines, each batch one unit of work (all or nothing). A
// line that matches the catalogue writes nothing, so the same file imported twice changes nothing.
import { CSV_COLUMNS, readRow, toCsvLine, type CsvColumn, type RowError } from '$lib/catalogue/csv-row';
import { displayGtin, type ProductFields } from '$lib/catalogue/product';
import { formatMoneyInput } from '$lib/catalogue/money-input';
import { AppError } from '../errors';
import { collection } from '../pocketbase/client';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { listWhereIn } from '../pocketbase/where-in';
import { forgetShopProducts } from '../shop/products-cache';
import { shopSettings } from '../shop/settings';
import { queueProductUpdated } from '../webhooks/events';
import { readProductCsv, unzipCsv } from './csv-file';
import { duplicateKeyError, productBody, productView, syncGtins, type CatalogueRecord } from './products';

export const IMPORT_BATCH = 500;
/** from this many lines on, the whole catalogue is read at once instead of by key */
const READ_ALL_FROM = 300;

export type RowAction = 'create' | 'update' | 'unchanged' | 'error';

export interface PreviewRow {
  line: number;
  sku: string;
  name: string;
  action: RowAction;
  /** the columns this line changes */
  changes: CsvColumn[];
  errors: RowError[];
  /** the product's id and version at preview time (updates) */
  id: string;
  version: number;
}

const FIELD_COLUMN: Record<keyof ProductFields, CsvColumn> = {
  sku: 'sku', name: 'name', gtins: 'gtins', bin: 'bin', priceCents: 'price', taxRateBp: 'tax_rate', weightG: 'weight_g', lowStockThreshold: 'low_stock_threshold', active: 'active'
};

interface Planned {
  row: PreviewRow;
  fields: Partial<ProductFields>;
  changed: Partial<ProductFields>;
  current: CatalogueRecord | null;
}

async function loadBySku(skus: string[]): Promise<Map<string, CatalogueRecord>> {
  const list =
    skus.length >= READ_ALL_FROM
      ? await collection('products').getFullList<CatalogueRecord>({ batch: 1000 })
      : await listWhereIn<'products', CatalogueRecord>('products', 'sku', skus);
  return new Map(list.map((p) => [p.sku, p]));
}

async function loadGtinOwners(gtins: string[]): Promise<Map<string, string>> {
  const list =
    gtins.length >= READ_ALL_FROM
      ? await collection('product_gtins').getFullList<{ gtin: string; product: string }>({ fields: 'gtin,product', batch: 5000 })
      : await listWhereIn<'product_gtins', { gtin: string; product: string }>('product_gtins', 'gtin', gtins, { fields: 'gtin,product' });
  return new Map(list.map((r) => [r.gtin, r.product]));
}

/** reads and checks the whole file against the catalogue as it is now */
async function plan(text: string): Promise<{ planned: Planned[]; currency: string }> {
  const currency = (await shopSettings()).shop.currency;
  const { columns, rows } = readProductCsv(text);
  const read = rows.map((r) => ({ line: r.line, cells: r.cells, result: readRow(r.cells, columns, r.line, currency) }));
  const okFields = read.flatMap((r) => ('fields' in r.result ? [r.result.fields] : []));
  const [bySku, gtinOwner] = await Promise.all([loadBySku(okFields.map((f) => f.sku!)), loadGtinOwners(okFields.flatMap((f) => f.gtins ?? []))]);
  const seenSku = new Map<string, number>();
  const seenGtin = new Map<string, number>();
  const planned = read.map(({ line, cells, result }): Planned => {
    const skuCell = columns.sku === undefined ? '' : (cells[columns.sku] ?? '').trim();
    const nameCell = columns.name === undefined ? '' : (cells[columns.name] ?? '').trim();
    const row: PreviewRow = { line, sku: skuCell, name: nameCell, action: 'error', changes: [], errors: 'errors' in result ? result.errors : [], id: '', version: 0 };
    if ('errors' in result) return { row, fields: {}, changed: {}, current: null };
    const f = result.fields;
    const err = (column: CsvColumn, key: string, message: string, params: Record<string, unknown>) =>
      row.errors.push({ line, column, key, params: { line, column, ...params }, message: `Line ${line}, column ${column}: ${message}` });
    const earlier = seenSku.get(f.sku!.toUpperCase());
    if (earlier) err('sku', 'duplicate_sku', `SKU ${f.sku} is already on line ${earlier}`, { sku: f.sku, other: earlier });
    else seenSku.set(f.sku!.toUpperCase(), line);
    const current = bySku.get(f.sku!) ?? null;
    for (const g of f.gtins ?? []) {
      const other = seenGtin.get(g);
      if (other) err('gtins', 'gtin_in_file', `GTIN ${displayGtin(g)} is also on line ${other}`, { gtin: displayGtin(g), other });
      else seenGtin.set(g, line);
      const owner = gtinOwner.get(g);
      if (owner && owner !== current?.id) err('gtins', 'gtin_taken', `GTIN ${displayGtin(g)} is already on another product`, { gtin: displayGtin(g) });
    }
    let changed: Partial<ProductFields> = {};
    if (current) {
      const now = productView(current) as unknown as Record<string, unknown>;
      changed = Object.fromEntries(Object.entries(f).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(now[k]))) as Partial<ProductFields>;
      row.id = current.id;
      row.version = current.version ?? 0;
    } else {
      if (!f.name) err('name', 'required', 'required for a new product', {});
      changed = f;
    }
    row.changes = (Object.keys(changed) as (keyof ProductFields)[]).map((k) => FIELD_COLUMN[k]);
    row.action = row.errors.length ? 'error' : !current ? 'create' : row.changes.length ? 'update' : 'unchanged';
    return { row, fields: f, changed, current };
  });
  return { planned, currency };
}

export async function previewImport(gzipBase64: string) {
  const { planned } = await plan(unzipCsv(gzipBase64));
  const rows = planned.map((p) => p.row);
  const count = (a: RowAction) => rows.filter((r) => r.action === a).length;
  return { rows, summary: { rows: rows.length, create: count('create'), update: count('update'), unchanged: count('unchanged'), errors: count('error') } };
}

export interface ConfirmedLine {
  line: number;
  /** the version the preview showed (0 for a new product) */
  version: number;
}

export async function applyImport(gzipBase64: string, confirmed: ConfirmedLine[], by = '') {
  const { planned } = await plan(unzipCsv(gzipBase64));
  const byLine = new Map(planned.map((p) => [p.row.line, p]));
  const todo: Planned[] = [];
  for (const c of confirmed) {
    const p = byLine.get(c.line);
    if (!p) throw new AppError('BAD_REQUEST', 'catalogue.import.errors.no_line', `Line ${c.line} is not a product line of this file.`, { line: c.line });
    if (p.row.action === 'error') throw new AppError('BAD_REQUEST', 'catalogue.import.errors.line_invalid', p.row.errors[0]?.message ?? `Line ${c.line} has errors.`, { line: c.line });
    if (p.row.action === 'unchanged') continue; // already so: nothing to write
    if (p.row.action === 'update' && p.row.version !== c.version) {
      throw new AppError('CONFLICT', 'catalogue.import.errors.changed_meanwhile', `Line ${c.line}: ${p.row.sku} was changed after the preview. Preview the file again.`, { line: c.line, sku: p.row.sku });
    }
    if (p.row.action === 'create' && c.version !== 0) {
      throw new AppError('CONFLICT', 'catalogue.import.errors.changed_meanwhile', `Line ${c.line}: ${p.row.sku} was changed after the preview. Preview the file again.`, { line: c.line, sku: p.row.sku });
    }
    todo.push(p);
  }
  const updatedGtins = todo.filter((p) => p.current && p.changed.gtins).map((p) => p.current!.id);
  const gtinRows = new Map<string, { id: string; gtin: string }[]>();
  for (const r of await listWhereIn<'product_gtins', { id: string; gtin: string; product: string }>('product_gtins', 'product', updatedGtins, { fields: 'id,gtin,product' })) {
    gtinRows.set(r.product, [...(gtinRows.get(r.product) ?? []), r]);
  }

  let created = 0;
  let updated = 0;
  for (let i = 0; i < todo.length; i += IMPORT_BATCH) {
    const batch = todo.slice(i, i + IMPORT_BATCH);
    const uow = new UnitOfWork();
    for (const p of batch) {
      if (p.current) {
        uow.update('products', p.current.id, productBody(p.changed), { ifVersion: p.row.version });
        queueProductUpdated(uow, p.current.id, Object.keys(productBody(p.changed)), `CSV import: ${by}`);
        if (p.changed.gtins) syncGtins(uow, p.current.id, p.changed.gtins, gtinRows.get(p.current.id));
      } else {
        const f = p.fields;
        const ref = uow.create('products', {
          ...productBody({ priceCents: 0, taxRateBp: 0, weightG: 0, lowStockThreshold: 0, bin: '', gtins: [], active: true, ...f }),
          // a new line without them is an error in the preview, and errors are not imported
          sku: f.sku!,
          name: f.name!,
          on_hand: 0,
          reserved: 0,
          version: 1
        });
        syncGtins(uow, ref, f.gtins ?? []);
      }
    }
    try {
      await uow.commit();
    } catch (e) {
      const first = batch[0].row.line;
      const last = batch[batch.length - 1].row.line;
      const done = { created, updated };
      let reason = e instanceof Error ? e.message : String(e);
      if (e instanceof TxFailure) {
        if (e.code === 'version_conflict') reason = 'a product was changed after the preview; preview the file again';
        const dup = await duplicateKeyError(e, { gtins: batch.flatMap((b) => b.fields.gtins ?? []) });
        if (dup) reason = dup.message;
      } else throw e;
      throw new AppError('CONFLICT', 'catalogue.import.errors.batch_failed', `Lines ${first}–${last} were not imported (${reason}). ${done.created} created and ${done.updated} updated before them stay.`, {
        first,
        last,
        reason,
        ...done
      });
    } finally {
      forgetShopProducts();
    }
    for (const p of batch) (p.current ? updated++ : created++);
  }
  return { created, updated, unchanged: confirmed.length - todo.length };
}

/** the whole catalogue in the import's format (";" separated, UTF-8): export, edit, import again */
export async function exportCsv(): Promise<string> {
  const currency = (await shopSettings()).shop.currency;
  const products = await collection('products').getFullList<CatalogueRecord>({ sort: 'sku', batch: 1000 });
  const lines = [toCsvLine([...CSV_COLUMNS])];
  for (const p of products) {
    const v = productView(p);
    lines.push(
      toCsvLine([v.sku, v.name, v.gtins.map(displayGtin).join(' '), v.bin, formatMoneyInput(v.priceCents, currency), String(v.taxRateBp / 100), String(v.weightG), String(v.lowStockThreshold), v.active ? 'yes' : 'no'])
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
