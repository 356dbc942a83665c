/// <reference path="../pb_data/types.d.ts" />
// The date an order's invoice number was issued: the invoice shows it (not the order date),
// and re-printing the invoice later prints the same date.
migrate((app) => {
  const orders = app.findCollectionByNameOrId('orders');
  orders.fields.add(new DateField({ name: 'invoice_issued_at' }));
  app.save(orders);
}, (app) => {
  const orders = app.findCollectionByNameOrId('orders');
  orders.fields.removeByName('invoice_issued_at');
  app.save(orders);
});
