/// <reference path="../pb_data/types.d.ts" />
// Courier notifications name the parcel by the courier's own id.
migrate((app) => {
  const shipments = app.findCollectionByNameOrId('shipments');
  shipments.indexes = [...shipments.indexes, 'CREATE INDEX idx_shipments_courier_ref ON shipments (courier, courier_ref)'];
  app.save(shipments);
}, (app) => {
  const shipments = app.findCollectionByNameOrId('shipments');
  shipments.indexes = shipments.indexes.filter((i) => i.indexOf('idx_shipments_courier_ref') === -1);
  app.save(shipments);
});
