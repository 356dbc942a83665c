// Typed shapes of the order search's word index (1766100000, 1766600000); the order records
// themselves are in pocketbase/records.ts.

/** order_words: "<word> <order number>" rows the search reads by id prefix */
export interface OrderWordRecord {
  id: string;
  word: string;
  number: number;
}

/** order_words_pending: orders whose words the index has not caught up with */
export interface OrderWordPendingRecord {
  id: string;
  old_text: string;
  old_number: number;
  number: number;
}

declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    order_words: OrderWordRecord;
    order_words_pending: OrderWordPendingRecord;
  }
}
