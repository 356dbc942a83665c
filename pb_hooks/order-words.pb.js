/// <reference path="../pb_data/types.d.ts" />
// POST /api/packbench/order-words/flush { limit? }: brings up to `limit` (default 2,000) orders
// noted in order_words_pending into the order search's word index, in one transaction
// (lib/order-words.js). The app server calls it every second (server/orders/word-index.ts).
// Superusers only. -> 200 { flushed, left }
routerAdd(
  'POST',
  '/api/packbench/order-words/flush',
  (e) => {
    const body = e.requestInfo().body || {};
    const limit = Math.min(Math.max(Math.floor(Number(body.limit) || 2000), 1), 20000);
    return e.json(200, require(`${__hooks}/lib/order-words.js`).flush($app, limit));
  },
  $apis.requireSuperuserAuth()
);
