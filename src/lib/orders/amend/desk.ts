// What the order desk (amend, place, cancel on the order page) works with.
import type { OrderDetail } from '$lib/orders/api';
import type { StockRow } from '$lib/stock/api';

export type DeskOrder = Pick<OrderDetail['order'], 'id' | 'number' | 'version' | 'status' | 'fulfilment_status' | 'currency' | 'total_cents'>;
export type DeskLine = Pick<OrderDetail['lines'][number], 'id' | 'product' | 'sku' | 'name' | 'unit_price_cents' | 'qty' | 'picked' | 'shipped'>;

/** what the order desk asks the server; each rejects with a described OrderError */
export interface DeskActions {
  products: () => Promise<StockRow[]>;
  amend: (input: { orderId: string; version: number; lines: { lineId?: string; productId: string; qty: number }[] }) => Promise<void>;
  placeDraft: (input: { orderId: string; version: number }) => Promise<void>;
  cancel: (input: { orderId: string; version: number; reason: string; notifyCustomer: boolean }) => Promise<void>;
  cancelLine: (input: { orderId: string; lineId: string; version: number; reason: string }) => Promise<void>;
}

export interface CurrentState {
  version: number;
  total_cents: number;
  currency: string;
  lines: { id: string; sku: string; name: string; qty: number }[];
}
