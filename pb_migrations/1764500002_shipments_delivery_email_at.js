/// <reference path="../pb_data/types.d.ts" />
// When the customer was last sent the delivery e-mail for this parcel (F20): shown on the
// order page, and keeps the automatic e-mail from going out twice.
migrate((app) => {
  const shipments = app.findCollectionByNameOrId('shipments');
  shipments.fields.add(new DateField({ name: 'delivery_email_at' }));
  app.save(shipments);
}, (app) => {
  const shipments = app.findCollectionByNameOrId('shipments');
  shipments.fields.removeByName('delivery_email_at');
  app.save(shipments);
});
