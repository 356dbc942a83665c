/** Plain data the documents are built from; the server produces exactly this shape. */
import type { PageFormat } from './pdf/formats';

export type Locale = 'en' | 'de';
export type Format = PageFormat;

export interface Address {
  name: string;
  company?: string;
  street: string;
  postcode: string;
  city: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
}

export interface ShopInfo {
  name: string;
  address: Address | null;
  email?: string;
  phone?: string;
  vatId?: string;
  bankDetails?: string;
  paymentTermsDays?: number;
  timeZone: string;
  currency: string;
  openingHours?: string;
  logoPng?: Uint8Array;
}

export interface DocLine {
  sku: string;
  name: string;
  qty: number;
  /** Gross (tax included), in minor units of the order currency. */
  unitPriceCents: number;
  /** Basis points: 1900 = 19 %. */
  taxRateBp: number;
  bin?: string;
  gtin?: string;
  /** Units going out in this parcel when it differs from `qty` (split shipments). */
  shipped?: number;
}

export type PaymentMethod = 'card' | 'online_banking' | 'cheque' | 'cash';

export interface DocPayment {
  method: PaymentMethod;
  amountCents: number;
  /** ISO timestamp */
  paidAt: string;
  bankReference?: string;
}

export interface DocOrder {
  number: number;
  /** ISO timestamp */
  placedAt: string;
  customerName: string;
  email?: string;
  shippingAddress: Address | null;
  billingAddress: Address | null;
  fulfilmentMethod: 'ship' | 'collect';
  paymentMethod?: string;
  invoiceNumber?: string;
  currency: string;
  shippingCents: number;
  /** Packing notes */
  notes?: string[];
}

export interface DocumentInput {
  shop: ShopInfo;
  order: DocOrder;
  lines: DocLine[];
  payments?: DocPayment[];
  locale: Locale;
  format: Format;
  /** Invoice date (ISO); defaults to the order date so documents render the same every time. */
  issuedAt?: string;
}

export interface PickListTote {
  tote: number;
  orderNumber: number;
  customerName: string;
}

export interface PickListItem {
  bin: string;
  sku: string;
  name: string;
  gtin?: string;
  picks: { tote: number; qty: number }[];
}

export interface PickListInput {
  shop: ShopInfo;
  locale: Locale;
  format: Format;
  totes: PickListTote[];
  items: PickListItem[];
  /** ISO timestamp printed in the header; defaults to now. */
  createdAt?: string;
}

export interface AddressLabelInput {
  shop: ShopInfo;
  order: DocOrder;
  locale: Locale;
  format: Format;
}

export interface CreditNoteInput {
  shop: ShopInfo;
  order: DocOrder;
  /** Credited lines with positive quantities; the document shows them as negative amounts. */
  lines: DocLine[];
  reason: string;
  creditNoteNumber: string;
  /** Shipping refunded with this credit note, gross. */
  shippingCents?: number;
  /** ISO timestamp; defaults to now. */
  issuedAt?: string;
  locale: Locale;
  format: Format;
}

export type DocumentKind = 'invoice' | 'receipt' | 'packing-slip' | 'pick-list' | 'address-label' | 'credit-note';
export type CombinedKind = 'invoice' | 'packing-slip' | 'credit-note';

export interface DocumentInputs {
  invoice: DocumentInput;
  receipt: DocumentInput;
  'packing-slip': DocumentInput;
  'pick-list': PickListInput;
  'address-label': AddressLabelInput;
  'credit-note': CreditNoteInput;
}
