/// <reference path="../pb_data/types.d.ts" />
// F36 address check, F30 repeat orders: the shipping address's check result on the order
// (status for lists and the label guard, details as JSON), the override a manager or office
// member gives with a reason, and the order a repeat order was made from.
migrate((app) => {
  const orders = app.findCollectionByNameOrId('orders');
  // '' = never checked (orders from before the check, collect orders)
  orders.fields.add(new SelectField({ name: 'address_check_status', maxSelect: 1, values: ['passed', 'warning', 'failed'] }));
  // { provider, checked_at, messages: [{ field, code, message, params }], formatted: string[] }
  orders.fields.add(new JSONField({ name: 'address_check', maxSize: 8000 }));
  orders.fields.add(new TextField({ name: 'address_override_reason', max: 500 }));
  orders.fields.add(new RelationField({ name: 'address_override_by', maxSelect: 1, collectionId: app.findCollectionByNameOrId('staff').id }));
  orders.fields.add(new DateField({ name: 'address_override_at' }));
  orders.fields.add(new RelationField({ name: 'repeat_of', maxSelect: 1, collectionId: orders.id }));
  // lines of the original a repeat order could not take over or cannot serve now: [{ sku, name, qty, problem, available }]
  orders.fields.add(new JSONField({ name: 'repeat_problems', maxSize: 20000 }));
  orders.indexes.push('CREATE INDEX idx_orders_repeat_of ON orders (repeat_of)');
  app.save(orders);
}, (app) => {
  const orders = app.findCollectionByNameOrId('orders');
  orders.indexes = orders.indexes.filter((i) => !i.includes('idx_orders_repeat_of'));
  for (const f of ['address_check_status', 'address_check', 'address_override_reason', 'address_override_by', 'address_override_at', 'repeat_of', 'repeat_problems']) orders.fields.removeByName(f);
  app.save(orders);
});
