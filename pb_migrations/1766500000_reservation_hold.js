/// <reference path="../pb_data/types.d.ts" />
// Issue #12, finding 3: an unpaid web order holds its stock only for a short time per payment
// method. `hold_released` marks an order whose reservation went back to stock; paying renews it
// (when the stock is still there), and such an order is not picked until it holds its stock.
migrate((app) => {
  const orders = app.findCollectionByNameOrId('orders');
  orders.fields.add(new BoolField({ name: 'hold_released' }));
  app.save(orders);
  const moves = app.findCollectionByNameOrId('stock_movements');
  const reason = moves.fields.getByName('reason');
  reason.values = [...reason.values, 'hold_expired', 'hold_renewed'];
  app.save(moves);
}, (app) => {
  const moves = app.findCollectionByNameOrId('stock_movements');
  const reason = moves.fields.getByName('reason');
  reason.values = reason.values.filter((v) => v !== 'hold_expired' && v !== 'hold_renewed');
  app.save(moves);
  const orders = app.findCollectionByNameOrId('orders');
  orders.fields.removeByName('hold_released');
  app.save(orders);
});
