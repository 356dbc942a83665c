/// <reference path="../pb_data/types.d.ts" />
// Stock lives on the product as on_hand/reserved (min 0, so a write can never go negative);
// every change is also a stock_movements row, and the two must always agree.
migrate((app) => {
  const products = new Collection({
    type: 'base',
    name: 'products',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'text', name: 'sku', required: true, max: 64 },
      { type: 'text', name: 'name', required: true, max: 200 },
      // normalised GTIN-14 strings, e.g. ["04006381333931"]
      { type: 'json', name: 'gtins', maxSize: 2000 },
      { type: 'text', name: 'bin', max: 32 },
      { type: 'number', name: 'price_cents', required: false, onlyInt: true, min: 0 },
      { type: 'number', name: 'tax_rate_bp', onlyInt: true, min: 0, max: 10000 },
      { type: 'number', name: 'weight_g', onlyInt: true, min: 0 },
      { type: 'number', name: 'on_hand', onlyInt: true, min: 0 },
      { type: 'number', name: 'reserved', onlyInt: true, min: 0 },
      { type: 'bool', name: 'active' },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: [
      'CREATE UNIQUE INDEX idx_products_sku ON products (sku)',
      'CREATE INDEX idx_products_bin ON products (bin)',
      'CREATE INDEX idx_products_name ON products (name COLLATE NOCASE)'
    ]
  });
  app.save(products);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('products'));
});
