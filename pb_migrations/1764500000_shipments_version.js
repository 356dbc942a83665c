/// <reference path="../pb_data/types.d.ts" />
// Tracking notifications rewrite a shipment's events list; a version makes two notifications
// for the same parcel arriving at once retry instead of one silently dropping the other.
migrate((app) => {
  const shipments = app.findCollectionByNameOrId('shipments');
  shipments.fields.add(new NumberField({ name: 'version', onlyInt: true, min: 0 }));
  app.save(shipments);
}, (app) => {
  const shipments = app.findCollectionByNameOrId('shipments');
  shipments.fields.removeByName('version');
  app.save(shipments);
});
