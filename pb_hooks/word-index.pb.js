/// <reference path="../pb_data/types.d.ts" />
// The search's word indexes are brought up to date in batches, outside the writes that change
// them. Superusers only; the body's `limit` (default 2,000) caps a batch. -> 200 { flushed, left }
// POST /api/packbench/order-words/flush: orders noted in order_words_pending (lib/order-words.js);
//   the app server calls it every second (server/orders/word-index.ts).
// POST /api/packbench/customer-words/flush: customers noted in customer_words_pending
//   (lib/customer-words.js; server/customers/word-index.ts).
routerAdd(
  'POST',
  '/api/packbench/order-words/flush',
  (e) => require(`${__hooks}/lib/word-sql.js`).answerFlush(e, require(`${__hooks}/lib/order-words.js`).flush),
  $apis.requireSuperuserAuth()
);
routerAdd(
  'POST',
  '/api/packbench/customer-words/flush',
  (e) => require(`${__hooks}/lib/word-sql.js`).answerFlush(e, require(`${__hooks}/lib/customer-words.js`).flush),
  $apis.requireSuperuserAuth()
);
