// What the phone order form sends and asks the server.
import type { CustomerMatch } from '$lib/server/orders/phone';
import type { OrderSummary } from '$lib/server/orders/intake';
import type { StockRow } from '$lib/server/stock/overview';
import type { Address, PaymentMethod } from '$lib/server/pocketbase/records';

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
  products: () => Promise<StockRow[]>;
  create: (input: PhoneOrderRequest) => Promise<OrderSummary>;
}
