// Batch picking (F17): several orders, one walk through the warehouse in bin order, one tote
// per order. Back at the bench every scanned item is sorted into its tote (a pick on that
// order's line), so batch picks are ordinary picks and every screen sees them.
import { byBin } from '$lib/documents/templates/bins';
import { remaining } from '$lib/picking/match';
import { AppError } from '../errors';
import { listWhereIn } from '../pocketbase/where-in';
import type { OrderLineRecord, OrderRecord, ProductRecord } from '../pocketbase/records';
import { packLine, pickability, shipToName, type PackLine } from './views';

export const MAX_BATCH = 12;

export interface BatchTote {
  tote: number;
  orderId: string;
  number: number;
  shipToName: string;
  fulfilmentMethod: OrderRecord['fulfilment_method'];
}

export interface BatchItem {
  product: string;
  bin: string;
  sku: string;
  name: string;
  gtins: string[];
  /** which tote takes how many; `lineId` is the order line the pick is counted on */
  picks: { tote: number; orderId: string; lineId: string; qty: number }[];
}

export interface Batch {
  totes: BatchTote[];
  items: BatchItem[];
  /** every order's lines, for sorting into totes at the bench */
  lines: Record<string, PackLine[]>;
}

type LineWithProduct = OrderLineRecord & { expand?: { product?: ProductRecord } };

/**
 * The walk for these orders, tote n for the n-th order. `skipDone` leaves out orders packed or
 * cancelled meanwhile (a batch reopened or its pick list printed halfway); the others keep their
 * tote numbers. Every order left must be pickable.
 */
export async function buildBatch(orderIds: string[], { skipDone = false } = {}): Promise<Batch> {
  const all = [...new Set(orderIds)];
  let ids = all;
  const [orders, lines] = await Promise.all([
    listWhereIn('orders', 'id', ids),
    listWhereIn<'order_lines', LineWithProduct>('order_lines', 'order', ids, { sort: 'position,created', expand: 'product' })
  ]);
  // each slice came sorted; a large batch has several
  lines.sort((a, b) => a.position - b.position || a.created.localeCompare(b.created));
  const byId = new Map(orders.map((o) => [o.id, o]));
  const done = (id: string) => byId.has(id) && ['packed', 'cancelled'].includes(pickability(byId.get(id)!));
  if (skipDone) ids = ids.filter((id) => !done(id));
  const missing = ids.filter((id) => !byId.has(id) || pickability(byId.get(id)!) !== 'pickable');
  if (missing.length) {
    const numbers = missing.map((id) => byId.get(id)?.number ?? id);
    throw new AppError('CONFLICT', 'pack.errors.batch_not_pickable', `These orders cannot be picked now: ${numbers.join(', ')}`, { orders: numbers.join(', ') });
  }

  const totes: BatchTote[] = ids.map((id) => {
    const o = byId.get(id)!;
    return { tote: all.indexOf(id) + 1, orderId: o.id, number: o.number, shipToName: shipToName(o), fulfilmentMethod: o.fulfilment_method };
  });
  const toteOf = new Map(totes.map((t) => [t.orderId, t.tote]));
  const items = new Map<string, BatchItem>();
  const perOrder: Record<string, PackLine[]> = Object.fromEntries(ids.map((id) => [id, []]));
  for (const raw of lines) {
    if (!perOrder[raw.order]) continue;
    const line = packLine(raw);
    perOrder[raw.order].push(line);
    if (!remaining(line)) continue;
    const item = items.get(line.product) ?? { product: line.product, bin: line.bin, sku: line.sku, name: line.name, gtins: line.gtins, picks: [] };
    item.picks.push({ tote: toteOf.get(raw.order)!, orderId: raw.order, lineId: line.id, qty: remaining(line) });
    items.set(line.product, item);
  }
  return { totes, items: [...items.values()].sort(byBin), lines: perOrder };
}
