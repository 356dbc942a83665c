/// <reference path="../pb_data/types.d.ts" />
// The catalogue and goods in (issue #14): products get a version (two people editing one
// product get a clear conflict), a low-stock threshold and a searchable GTIN text; every GTIN
// also gets a row in product_gtins, whose unique index keeps one GTIN on one product even when
// two creates race. Deliveries are `receipts` (idempotency key: a double tap books once) and
// move stock with the new `received` ledger reason.
migrate((app) => {
  const products = app.findCollectionByNameOrId('products');
  products.fields.add(new NumberField({ name: 'version', onlyInt: true, min: 0 }));
  products.fields.add(new NumberField({ name: 'low_stock_threshold', onlyInt: true, min: 0 }));
  products.addIndex('idx_products_active_sku', false, 'active, sku', '');
  app.save(products);

  const gtins = new Collection({
    type: 'base',
    name: 'product_gtins',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'text', name: 'gtin', required: true, min: 14, max: 14, pattern: '^[0-9]{14}$' },
      { type: 'relation', name: 'product', required: true, maxSelect: 1, cascadeDelete: true, collectionId: products.id }
    ],
    indexes: [
      'CREATE UNIQUE INDEX idx_product_gtins_gtin ON product_gtins (gtin)',
      'CREATE INDEX idx_product_gtins_product ON product_gtins (product)'
    ]
  });
  app.save(gtins);

  // products that already carry GTINs (demo data, earlier imports) get their rows
  const existing = app.findAllRecords('products');
  const seen = new Set();
  for (const p of existing) {
    let list = p.get('gtins');
    try { if (typeof list === 'string') list = JSON.parse(list); } catch (_) { list = []; }
    if (!Array.isArray(list)) continue;
    for (const g of list) {
      if (typeof g !== 'string' || !/^[0-9]{14}$/.test(g) || seen.has(g)) continue;
      seen.add(g);
      const r = new Record(gtins);
      r.set('gtin', g);
      r.set('product', p.id);
      app.save(r);
    }
  }

  const ledger = app.findCollectionByNameOrId('stock_movements');
  const reason = ledger.fields.getByName('reason');
  reason.values = [...reason.values, 'received'];
  app.save(ledger);

  const receipts = new Collection({
    type: 'base',
    name: 'receipts',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'text', name: 'idempotency_key', required: true, max: 64 },
      { type: 'text', name: 'supplier_ref', max: 100 },
      { type: 'json', name: 'lines', maxSize: 200000 },
      { type: 'number', name: 'units', onlyInt: true, min: 0 },
      { type: 'relation', name: 'actor', maxSelect: 1, collectionId: app.findCollectionByNameOrId('staff').id },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
    ],
    indexes: [
      'CREATE UNIQUE INDEX idx_receipts_key ON receipts (idempotency_key)',
      'CREATE INDEX idx_receipts_created ON receipts (created)'
    ]
  });
  app.save(receipts);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('receipts'));
  app.delete(app.findCollectionByNameOrId('product_gtins'));
  const ledger = app.findCollectionByNameOrId('stock_movements');
  const reason = ledger.fields.getByName('reason');
  reason.values = reason.values.filter((v) => v !== 'received');
  app.save(ledger);
  const products = app.findCollectionByNameOrId('products');
  products.removeIndex('idx_products_active_sku');
  products.fields.removeByName('version');
  products.fields.removeByName('low_stock_threshold');
  app.save(products);
});
