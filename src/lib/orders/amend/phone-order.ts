// What the phone order form sends and asks the server.
import type { CustomerMatch } from '$lib/orders/api';
import type { OrderSummary } from '$lib/shop/api';
import type { StockRow } from '$lib/stock/api';
import type { Address } from '$lib/documents/types';
import type { PaymentMethod } from '$lib/payments/methods';

export interface PhoneOrderRequest {
  idempotencyKey: string;
  customerId?: string;
  newCustomer?: { name: string; email?: string; phone?: string };
  customerSearchId?: string;
  fulfilmentMethod: 'ship' | 'collect';
  shippingAddress?: Address;
  paymentMethod: PaymentMethod;
  lines: { productId: string; qty: number }[];
  place: boolean;
}

/** each rejects with a described OrderError */
export interface PhoneOrderActions {
  searchCustomers: (query: string) => Promise<{ searchId: string; customers: CustomerMatch[] }>;
  /** F25: customers recent searches led to, offered before anything is typed */
  recentCustomers?: () => Promise<CustomerMatch[]>;
  products: () => Promise<StockRow[]>;
  create: (input: PhoneOrderRequest) => Promise<OrderSummary>;
}
