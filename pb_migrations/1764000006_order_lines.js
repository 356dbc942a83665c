/// <reference path="../pb_data/types.d.ts" />
// A line keeps a snapshot of sku/name/price/tax so later catalogue edits never change an order.
migrate((app) => {
  const lines = new Collection({
    type: 'base',
    name: 'order_lines',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'relation', name: 'order', required: true, maxSelect: 1, cascadeDelete: true, collectionId: app.findCollectionByNameOrId('orders').id },
      { type: 'relation', name: 'product', required: true, maxSelect: 1, collectionId: app.findCollectionByNameOrId('products').id },
      { type: 'text', name: 'sku', required: true, max: 64 },
      { type: 'text', name: 'name', required: true, max: 200 },
      { type: 'number', name: 'unit_price_cents', onlyInt: true, min: 0 },
      { type: 'number', name: 'tax_rate_bp', onlyInt: true, min: 0, max: 10000 },
      { type: 'number', name: 'qty', required: true, onlyInt: true, min: 1 },
      { type: 'number', name: 'picked', onlyInt: true, min: 0 },
      { type: 'number', name: 'shipped', onlyInt: true, min: 0 },
      { type: 'number', name: 'returned', onlyInt: true, min: 0 },
      { type: 'number', name: 'position', onlyInt: true, min: 0 },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: ['CREATE INDEX idx_order_lines_order ON order_lines (`order`, position)', 'CREATE INDEX idx_order_lines_product ON order_lines (product)']
  });
  app.save(lines);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('order_lines'));
});
