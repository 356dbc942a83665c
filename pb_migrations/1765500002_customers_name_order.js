/// <reference path="../pb_data/types.d.ts" />
// The phone-order customer search (#14 bench, 50,000 customers) lists the first 20 matches by
// name. The NOCASE index cannot give PocketBase's ORDER BY name, so every match was sorted; in
// name order SQLite walks this index and stops after 20 matches of a common surname.
migrate((app) => {
  const customers = app.findCollectionByNameOrId('customers');
  customers.addIndex('idx_customers_name_order', false, 'name', '');
  app.save(customers);
}, (app) => {
  const customers = app.findCollectionByNameOrId('customers');
  customers.removeIndex('idx_customers_name_order');
  app.save(customers);
});
