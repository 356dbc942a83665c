/// <reference path="../pb_data/types.d.ts" />
// The pay link gets its own token (issue #12, finding 1): /pay/<pay_token> takes a card
// payment, /track/<tracking_token> only shows the parcel, so a forwarded tracking link no
// longer shows the amount or takes a payment. Orders placed before this migration get a token
// here. Unique where set (orders written by imports or fixtures may have none: they have no
// pay link); the plain index serves the lookup `pay_token = ?` (see 1764700000).
migrate((app) => {
  const orders = app.findCollectionByNameOrId('orders');
  orders.fields.add(new TextField({ name: 'pay_token', max: 64 }));
  orders.indexes = [
    ...orders.indexes,
    "CREATE UNIQUE INDEX idx_orders_pay_token ON orders (`pay_token`) WHERE `pay_token` != ''",
    'CREATE INDEX idx_orders_pay_token_lookup ON orders (`pay_token`)'
  ];
  app.save(orders);
  // 24 random bytes as 48 hex digits: inside the checkout's token pattern [A-Za-z0-9_-]{22,64}
  app.db().newQuery("UPDATE orders SET pay_token = lower(hex(randomblob(24))) WHERE pay_token = ''").execute();
}, (app) => {
  const orders = app.findCollectionByNameOrId('orders');
  orders.indexes = orders.indexes.filter((i) => i.indexOf('idx_orders_pay_token') === -1);
  orders.fields.removeByName('pay_token');
  app.save(orders);
});
