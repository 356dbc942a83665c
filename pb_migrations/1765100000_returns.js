/// <reference path="../pb_data/types.d.ts" />
// F39/F40 returns: one `returns` row per return of an order (requested -> received -> closed,
// or cancelled) and one `return_lines` row per order line in it, with the units' dispositions.
// `orders.open_returns` counts the order's returns not yet closed or cancelled (the order
// lifecycle reads it: an order with an open return is never completed).
migrate((app) => {
  const orders = app.findCollectionByNameOrId('orders');
  orders.fields.add(new NumberField({ name: 'open_returns', onlyInt: true, min: 0 }));
  // some of what was shipped came back (all of it: `returned`)
  const fulfilment = orders.fields.getByName('fulfilment_status');
  fulfilment.values = ['unfulfilled', 'picking', 'packed', 'partially_shipped', 'shipped', 'ready_for_pickup', 'collected', 'partially_returned', 'returned'];
  app.save(orders);

  const returns = new Collection({
    type: 'base',
    name: 'returns',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'relation', name: 'order', required: true, maxSelect: 1, cascadeDelete: true, collectionId: orders.id },
      { type: 'select', name: 'status', required: true, maxSelect: 1, values: ['requested', 'received', 'closed', 'cancelled'] },
      { type: 'select', name: 'source', required: true, maxSelect: 1, values: ['staff', 'customer'] },
      // client-generated idempotency key: a double tap makes one return
      { type: 'text', name: 'key', max: 100 },
      { type: 'text', name: 'note', max: 2000 },
      { type: 'number', name: 'units', onlyInt: true, min: 0 },
      { type: 'number', name: 'version', onlyInt: true, min: 0 },
      { type: 'relation', name: 'created_by', maxSelect: 1, collectionId: app.findCollectionByNameOrId('staff').id },
      { type: 'relation', name: 'received_by', maxSelect: 1, collectionId: app.findCollectionByNameOrId('staff').id },
      { type: 'date', name: 'received_at' },
      { type: 'date', name: 'closed_at' },
      { type: 'date', name: 'cancelled_at' },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: [
      'CREATE INDEX idx_returns_order ON returns (`order`, created)',
      "CREATE UNIQUE INDEX idx_returns_key ON returns (key) WHERE key != ''",
      'CREATE INDEX idx_returns_key_lookup ON returns (key)',
      'CREATE INDEX idx_returns_status ON returns (status)'
    ]
  });
  app.save(returns);

  const lines = new Collection({
    type: 'base',
    name: 'return_lines',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'relation', name: 'return', required: true, maxSelect: 1, cascadeDelete: true, collectionId: returns.id },
      { type: 'relation', name: 'order', required: true, maxSelect: 1, cascadeDelete: true, collectionId: orders.id },
      { type: 'relation', name: 'order_line', required: true, maxSelect: 1, cascadeDelete: true, collectionId: app.findCollectionByNameOrId('order_lines').id },
      { type: 'relation', name: 'product', required: true, maxSelect: 1, collectionId: app.findCollectionByNameOrId('products').id },
      { type: 'text', name: 'sku', required: true, max: 64 },
      { type: 'text', name: 'name', required: true, max: 200 },
      { type: 'number', name: 'qty', required: true, onlyInt: true, min: 1 },
      { type: 'select', name: 'reason', required: true, maxSelect: 1, values: ['damaged', 'defective', 'wrong_item', 'not_as_described', 'too_late', 'no_longer_needed', 'other'] },
      { type: 'text', name: 'reason_note', max: 500 },
      // units by disposition once received: back on the shelf, written off, waiting for inspection
      { type: 'number', name: 'restocked', onlyInt: true, min: 0 },
      { type: 'number', name: 'written_off', onlyInt: true, min: 0 },
      { type: 'number', name: 'to_inspect', onlyInt: true, min: 0 },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: ['CREATE INDEX idx_return_lines_return ON return_lines (`return`)', 'CREATE INDEX idx_return_lines_order ON return_lines (`order`)']
  });
  app.save(lines);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('return_lines'));
  app.delete(app.findCollectionByNameOrId('returns'));
  const orders = app.findCollectionByNameOrId('orders');
  orders.fields.removeByName('open_returns');
  orders.fields.getByName('fulfilment_status').values = ['unfulfilled', 'picking', 'packed', 'partially_shipped', 'shipped', 'ready_for_pickup', 'collected', 'returned'];
  app.save(orders);
});
