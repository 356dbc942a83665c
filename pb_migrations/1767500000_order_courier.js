/// <reference path="../pb_data/types.d.ts" />
// F42 (#13): the courier an order's parcel should go with, chosen when staff change the
// shipping method ('' = the shop's default courier). The courier desk groups the order under it.
migrate((app) => {
  const orders = app.findCollectionByNameOrId('orders');
  orders.fields.add(new TextField({ name: 'courier', max: 40 }));
  app.save(orders);
}, (app) => {
  const orders = app.findCollectionByNameOrId('orders');
  orders.fields.removeByName('courier');
  app.save(orders);
});
