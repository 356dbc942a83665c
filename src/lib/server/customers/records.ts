// Typed shapes of the customer collections the app server reads and writes besides `customers`
// itself (pocketbase/records.ts): notes, the phone desk's search history, the word index.

/** customer_notes (1766000000): a note staff keep on a customer */
export interface CustomerNoteRecord {
  id: string;
  customer: string;
  author: string;
  body: string;
  created: string;
}

/** customer_searches (1765600001): one search on the phone desk, and the customer it led to */
export interface CustomerSearchRecord {
  id: string;
  staff: string;
  query: string;
  customer: string;
  created: string;
}

/** customer_words (1767000000): "<word> <customer id>" rows the search reads by id prefix */
export interface CustomerWordRecord {
  id: string;
  word: string;
  customer: string;
}

/** customer_words_pending: customers whose words the index has not caught up with (id = the customer's) */
export interface CustomerWordPendingRecord {
  id: string;
  old_text: string;
}

declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    customer_notes: CustomerNoteRecord;
    customer_searches: CustomerSearchRecord;
    customer_words: CustomerWordRecord;
    customer_words_pending: CustomerWordPendingRecord;
  }
}
