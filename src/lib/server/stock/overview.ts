// The stock overview (F05): per product what is on the shelf, reserved and available, which
// open orders hold the reservation, and the product's ledger.
import { AppError } from '../errors';
import { collection, filterValue, isNotFound } from '../pocketbase/client';
import { countWhere, pageOf } from '../pocketbase/count';
import type { OrderLineRecord, OrderRecord, ProductRecord, StaffRecord, StockMovementRecord } from '../pocketbase/records';

export const STOCK_FIELDS = 'id,sku,name,bin,price_cents,on_hand,reserved,active,low_stock_threshold,updated';
export type StockRow = Pick<ProductRecord, 'id' | 'sku' | 'name' | 'bin' | 'price_cents' | 'on_hand' | 'reserved' | 'active' | 'updated'> & { low_stock_threshold: number };

export async function listStock(search?: string): Promise<StockRow[]> {
  const q = search?.trim();
  return collection('products').getFullList<StockRow>({ filter: q ? `sku ~ ${filterValue(q)} || name ~ ${filterValue(q)}` : '', sort: 'sku', fields: STOCK_FIELDS, batch: 1000 });
}

export async function getProduct(id: string): Promise<ProductRecord> {
  try {
    return await collection('products').getOne(id);
  } catch (e) {
    if (isNotFound(e)) throw new AppError('NOT_FOUND', 'stock.errors.not_found', 'This product does not exist.');
    throw e;
  }
}

export interface Holder {
  orderId: string;
  number: number;
  customerName: string;
  lineId: string;
  /** units of this product the order still holds */
  reserved: number;
  placedAt: string;
}

/** Open (placed) orders holding a reservation of the product: ordered minus shipped. */
export async function reservationHolders(productId: string): Promise<Holder[]> {
  const lines = await collection('order_lines').getFullList<OrderLineRecord & { expand?: { order?: OrderRecord } }>({
      filter: `product = ${filterValue(productId)} && order.status = 'placed'`,
      expand: 'order',
      fields: 'id,qty,shipped,expand.order.id,expand.order.number,expand.order.customer_name,expand.order.placed_at',
      batch: 1000
    });
  return lines
    .filter((l) => l.qty - l.shipped > 0 && l.expand?.order)
    .map((l) => ({
      orderId: l.expand!.order!.id,
      number: l.expand!.order!.number,
      customerName: l.expand!.order!.customer_name,
      lineId: l.id,
      reserved: l.qty - l.shipped,
      placedAt: l.expand!.order!.placed_at
    }))
    .sort((a, b) => a.number - b.number);
}

type MovementRecord = Pick<StockMovementRecord, 'id' | 'delta_on_hand' | 'delta_reserved' | 'reason' | 'note' | 'created'> & {
  expand?: { order?: Pick<OrderRecord, 'id' | 'number'>; actor?: Pick<StaffRecord, 'name'> };
};

export async function productLedger(productId: string, page: number, perPage = 50) {
  // the page without PocketBase's total (COUNT(DISTINCT id) read a busy product's every row), the count beside it
  const [res, total] = await Promise.all([
    collection('stock_movements').getList<MovementRecord>(page, perPage, {
      filter: `product = ${filterValue(productId)}`,
      sort: '-created,-id',
      expand: 'order,actor',
      fields: 'id,delta_on_hand,delta_reserved,reason,note,created,expand.order.id,expand.order.number,expand.actor.name',
      skipTotal: true
    }),
    countWhere('stock_movements', { product: productId })
  ]);
  const { totalPages } = pageOf(page, perPage, total);
  return {
    page,
    totalPages,
    items: res.items.map((m) => ({
      id: m.id,
      deltaOnHand: m.delta_on_hand,
      deltaReserved: m.delta_reserved,
      reason: m.reason,
      note: m.note,
      created: m.created,
      order: m.expand?.order ? { id: m.expand.order.id, number: m.expand.order.number } : null,
      actor: m.expand?.actor?.name ?? ''
    }))
  };
}
