/// <reference path="../pb_data/types.d.ts" />
// F07 at a real shop's size (#15): whether an order waits in the payment queue is one column,
// `awaiting_payment`, kept by SQLite triggers like `search_text` (whoever writes: the app, the
// Go tx engine, its JS twin, the scale seed's SQL), with the index (awaiting_payment,
// placed_at, number, payment_method): the queue's page, oldest first, and its count read that
// index instead of sorting every waiting order (52,000 at 200,000 orders: 500 ms a page
// before). The rule is the queue's: placed and unpaid, pending or failed; or placed or
// completed with a surcharge still open (F42). A save that writes an older value back is repaired.
const RULE = (r) => "((" + r + ".status = 'placed' AND " + r + ".payment_status IN ('unpaid', 'pending', 'failed')) OR (" + r + ".status IN ('placed', 'completed') AND " + r + ".surcharge_open_cents > 0))";
const SET = "UPDATE orders SET awaiting_payment = " + RULE('NEW') + " WHERE id = NEW.id;";
const TRIGGERS = {
  orders_awaiting_payment_insert: 'AFTER INSERT ON orders WHEN NEW.awaiting_payment IS NOT ' + RULE('NEW') + ' BEGIN ' + SET + ' END',
  orders_awaiting_payment_update: 'AFTER UPDATE OF status, payment_status, surcharge_open_cents, awaiting_payment ON orders WHEN NEW.awaiting_payment IS NOT ' + RULE('NEW') + ' BEGIN ' + SET + ' END'
};
// payment_method last: a queue of one method reads its page and its count from the index alone
// (a second index led by the method made SQLite sort the order queue's method filter)
const INDEXES = ['CREATE INDEX `idx_orders_awaiting_payment` ON `orders` (`awaiting_payment`, `placed_at`, `number`, `payment_method`)'];

migrate((app) => {
  const orders = app.findCollectionByNameOrId('orders');
  orders.fields.add(new BoolField({ name: 'awaiting_payment' }));
  orders.indexes = [...orders.indexes, ...INDEXES];
  app.save(orders);
  for (const name of Object.keys(TRIGGERS)) {
    app.db().newQuery('DROP TRIGGER IF EXISTS ' + name).execute();
    app.db().newQuery('CREATE TRIGGER ' + name + ' ' + TRIGGERS[name]).execute();
  }
  app.db().newQuery('UPDATE orders SET awaiting_payment = ' + RULE('orders')).execute();
}, (app) => {
  for (const name of Object.keys(TRIGGERS)) app.db().newQuery('DROP TRIGGER IF EXISTS ' + name).execute();
  const orders = app.findCollectionByNameOrId('orders');
  orders.indexes = orders.indexes.filter((i) => !INDEXES.includes(i));
  orders.fields.removeByName('awaiting_payment');
  app.save(orders);
});
