// product_gtins (1765500000): one row per GTIN, so a unique index keeps a GTIN on one product;
// the products themselves are in pocketbase/records.ts.

export interface ProductGtinRecord {
  id: string;
  gtin: string;
  product: string;
}

declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    product_gtins: ProductGtinRecord;
  }
}
