/// <reference path="../pb_data/types.d.ts" />
// The search's word indexes are brought up to date in batches, outside the writes that change
// them. Superusers only; the body's `limit` (default 2,000) caps a batch. -> 200 { flushed, left }
// POST /api/packbench/order-words/flush: orders noted in order_words_pending (lib/order-words.js);
//   the app server calls it every second (server/orders/word-index.ts).
// POST /api/packbench/order-words/newest { terms, key?, before?, limit? }: the candidates of an order
//   search, newest first (lib/order-words-newest.js; server/orders/word-stream.ts).
// POST /api/packbench/order-words/rows { terms, likes, before?, want, fields }: the page of a search
//   that has only words, in one request (lib/order-words-newest.js).
// POST /api/packbench/order-words/count { terms, likes, key?, cap? }: how many orders such a
//   search finds, counted up to `cap`.
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
  '/api/packbench/order-words/newest',
  (e) => require(`${__hooks}/lib/order-words-newest.js`).answerNewest(e),
  $apis.requireSuperuserAuth()
);
routerAdd(
  'POST',
  '/api/packbench/order-words/rows',
  (e) => require(`${__hooks}/lib/order-words-newest.js`).answerRows(e),
  $apis.requireSuperuserAuth()
);
routerAdd(
  'POST',
  '/api/packbench/order-words/count',
  (e) => require(`${__hooks}/lib/order-words-newest.js`).answerCount(e),
  $apis.requireSuperuserAuth()
);
routerAdd(
  'POST',
  '/api/packbench/customer-words/flush',
  (e) => require(`${__hooks}/lib/word-sql.js`).answerFlush(e, require(`${__hooks}/lib/customer-words.js`).flush),
  $apis.requireSuperuserAuth()
);
