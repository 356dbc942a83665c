/// <reference path="../pb_data/types.d.ts" />
// A shipment created from a tablet carries the client's id, so a retried request creates it once.
migrate((app) => {
  const shipments = app.findCollectionByNameOrId('shipments');
  shipments.fields.add(new TextField({ name: 'client_id', max: 100 }));
  shipments.indexes = [...shipments.indexes, "CREATE UNIQUE INDEX idx_shipments_client_id ON shipments (client_id) WHERE client_id != ''"];
  app.save(shipments);
}, (app) => {
  const shipments = app.findCollectionByNameOrId('shipments');
  shipments.indexes = shipments.indexes.filter((i) => i.indexOf('idx_shipments_client_id') === -1);
  shipments.fields.removeByName('client_id');
  app.save(shipments);
});
