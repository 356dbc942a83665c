// Goods in (issue #14): a supplier delivery is booked as one receipt and one `received` ledger
// movement per line, all in one unit of work: every line or none. The screen's idempotency key
// is the receipt's unique key, so a double tap (or a retry after a lost answer) books it once and
// answers with the receipt already booked.
import { normaliseGtin } from '$lib/catalogue/product';
import { AppError } from '../errors';
import { collection, filterValue } from '../pocketbase/client';

import { isDuplicateKey, TxFailure, UnitOfWork } from '../pocketbase/tx';
import { listWhereIn } from '../pocketbase/where-in';
import { receive } from './moves';

export interface ReceiptInput {
  idempotencyKey: string;
  supplierRef: string;
  lines: { productId: string; qty: number }[];
}

export interface ReceiptLine {
  product: string;
  sku: string;
  name: string;
  qty: number;
}

interface ReceiptRecord {
  id: string;
  idempotency_key: string;
  supplier_ref: string;
  lines: ReceiptLine[];
  units: number;
  actor: string;
  created: string;
}
declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    receipts: ReceiptRecord;
  }
}

export const MAX_RECEIPT_UNITS_PER_LINE = 100_000;

const view = (r: ReceiptRecord, replayed: boolean) => ({ id: r.id, supplierRef: r.supplier_ref, lines: r.lines, units: r.units, created: r.created, replayed });

async function findByKey(key: string) {
  const res = await collection('receipts').getList(1, 1, { filter: `idempotency_key = ${filterValue(key)}`, skipTotal: true });
  return res.items[0] ?? null;
}

const lineError = (n: number, what: string, key: string, message: string, params: Record<string, unknown> = {}) =>
  new AppError('BAD_REQUEST', `catalogue.receive.errors.${key}`, `Line ${n}${what ? ` (${what})` : ''}: ${message}`, { line: n, what, field: `lines.${n - 1}.qty`, ...params });

export async function receiveDelivery(input: ReceiptInput, actorId: string) {
  const earlier = await findByKey(input.idempotencyKey);
  if (earlier) return view(earlier, true);
  if (!input.lines.length) throw new AppError('BAD_REQUEST', 'catalogue.receive.errors.empty', 'Add at least one item to the delivery.');

  const products = new Map(
    (await listWhereIn('products', 'id', input.lines.map((l) => l.productId), { fields: 'id,sku,name' })).map((p) => [p.id, p])
  );
  const lines: ReceiptLine[] = input.lines.map((l, i) => {
    const p = products.get(l.productId);
    if (!p) throw lineError(i + 1, '', 'unknown_product', 'this product does not exist (any more).');
    if (!Number.isInteger(l.qty) || l.qty <= 0) throw lineError(i + 1, `${p.sku} ${p.name}`, 'qty_positive', 'the quantity must be a whole number of at least 1.', { sku: p.sku, name: p.name });
    if (l.qty > MAX_RECEIPT_UNITS_PER_LINE) throw lineError(i + 1, `${p.sku} ${p.name}`, 'qty_too_large', `at most ${MAX_RECEIPT_UNITS_PER_LINE} units per line.`, { sku: p.sku, name: p.name, max: MAX_RECEIPT_UNITS_PER_LINE });
    return { product: p.id, sku: p.sku, name: p.name, qty: l.qty };
  });

  const supplierRef = input.supplierRef.trim();
  const note = (supplierRef ? `Delivery ${supplierRef}` : 'Delivery').slice(0, 500);
  const uow = new UnitOfWork();
  const ref = uow.create('receipts', { idempotency_key: input.idempotencyKey, supplier_ref: supplierRef, lines, units: lines.reduce((s, l) => s + l.qty, 0), actor: actorId });
  for (const l of lines) receive(uow, { product: l.product, qty: l.qty, reason: 'received', actor: actorId, note });
  try {
    const done = await uow.commit();
    const saved = await collection('receipts').getOne(done.id(ref));
    return view(saved, false);
  } catch (e) {
    // the same key raced us (two taps at once): the other request booked it
    if (isDuplicateKey(e)) {
      const other = await findByKey(input.idempotencyKey);
      if (other) return view(other, true);
    }
    if (e instanceof TxFailure && e.code === 'not_found') throw new AppError('CONFLICT', 'catalogue.receive.errors.gone', 'A product of this delivery was deleted meanwhile. Nothing was booked.');
    throw e;
  }
}

/** the latest deliveries, for the goods-in screen */
export async function recentReceipts(limit = 10) {
  const res = await collection('receipts').getList(1, limit, { sort: '-created,-id', skipTotal: true });
  return res.items.map((r) => view(r, false));
}

/** products for a goods-in line, by what a scanner or a person typed: a GTIN, a SKU, or a name */
export async function findForReceiving(code: string) {
  const q = code.trim();
  const g = normaliseGtin(q);
  let filter = `sku = ${filterValue(q)} || sku ~ ${filterValue(q)} || name ~ ${filterValue(q)}`;
  if ('gtin' in g) {
    // a scan: product_gtins' unique index knows its product
    const owner = await collection('product_gtins').getList<{ product: string }>(1, 1, { filter: `gtin = ${filterValue(g.gtin)}`, fields: 'product', skipTotal: true });
    // (a product written without the catalogue, e.g. straight into PocketBase, has no row: its list is searched)
    filter = owner.items[0] ? `id = ${filterValue(owner.items[0].product)}` : `gtins ~ ${filterValue(g.gtin)}`;
  }
  const res = await collection('products').getList(1, 10, { filter, sort: 'sku', fields: 'id,sku,name,bin,gtins,on_hand,reserved,active', skipTotal: true });
  // an exact SKU or GTIN first: a scan must land on its product
  const exact = res.items.filter((p) => p.sku.toUpperCase() === q.toUpperCase() || ('gtin' in g && p.gtins?.includes(g.gtin)));
  const items = [...exact, ...res.items.filter((p) => !exact.includes(p))];
  return items.map((p) => ({ id: p.id, sku: p.sku, name: p.name, bin: p.bin, onHand: p.on_hand, active: p.active, exact: exact.includes(p) }));
}
