/// <reference path="../pb_data/types.d.ts" />
// The stock ledger: products.on_hand/reserved must always equal the sums of these rows.
migrate((app) => {
  const movements = new Collection({
    type: 'base',
    name: 'stock_movements',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'relation', name: 'product', required: true, maxSelect: 1, collectionId: app.findCollectionByNameOrId('products').id },
      { type: 'number', name: 'delta_on_hand', onlyInt: true },
      { type: 'number', name: 'delta_reserved', onlyInt: true },
      { type: 'select', name: 'reason', required: true, maxSelect: 1, values: ['initial', 'order_placed', 'order_amended', 'order_cancelled', 'line_cancelled', 'shipped', 'returned_restock', 'returned_writeoff', 'exchange', 'shelf_count', 'adjustment'] },
      { type: 'relation', name: 'order', maxSelect: 1, collectionId: app.findCollectionByNameOrId('orders').id },
      { type: 'relation', name: 'order_line', maxSelect: 1, collectionId: app.findCollectionByNameOrId('order_lines').id },
      { type: 'relation', name: 'actor', maxSelect: 1, collectionId: app.findCollectionByNameOrId('staff').id },
      { type: 'text', name: 'note', max: 500 },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
    ],
    indexes: [
      'CREATE INDEX idx_stock_movements_product ON stock_movements (product, created)',
      'CREATE INDEX idx_stock_movements_order ON stock_movements (`order`)'
    ]
  });
  app.save(movements);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('stock_movements'));
});
