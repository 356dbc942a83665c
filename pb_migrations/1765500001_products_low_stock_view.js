/// <reference path="../pb_data/types.d.ts" />
// Low stock (#14) is on_hand - reserved <= low_stock_threshold. PocketBase filters cannot
// subtract, so a read-only view does it in SQL: the catalogue's "low stock only" list pages
// through it like any collection (the tx engine never writes views).
migrate((app) => {
  const view = new Collection({
    type: 'view',
    name: 'products_low_stock',
    listRule: null,
    viewRule: null,
    viewQuery:
      'SELECT id, sku, name, gtins, bin, price_cents, tax_rate_bp, weight_g, on_hand, reserved, active, low_stock_threshold, version, updated, (on_hand - reserved) AS available ' +
      'FROM products WHERE active = TRUE AND low_stock_threshold > 0 AND on_hand - reserved <= low_stock_threshold'
  });
  app.save(view);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('products_low_stock'));
});
