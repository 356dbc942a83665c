/// <reference path="../pb_data/types.d.ts" />
// F39 (#13): a return label bought through the courier provider (server/returns/label.ts):
// which courier and carrier, its tracking number and the courier's reference, when, and the
// parcel's weight (for printing it again).
migrate((app) => {
  const returns = app.findCollectionByNameOrId('returns');
  returns.fields.add(new TextField({ name: 'label_courier', max: 40 }));
  returns.fields.add(new TextField({ name: 'label_carrier', max: 80 }));
  returns.fields.add(new TextField({ name: 'label_tracking_number', max: 100 }));
  returns.fields.add(new TextField({ name: 'label_courier_ref', max: 200 }));
  returns.fields.add(new DateField({ name: 'label_created_at' }));
  returns.fields.add(new NumberField({ name: 'label_weight_g', onlyInt: true, min: 0 }));
  app.save(returns);
}, (app) => {
  const returns = app.findCollectionByNameOrId('returns');
  for (const name of ['label_courier', 'label_carrier', 'label_tracking_number', 'label_courier_ref', 'label_created_at', 'label_weight_g']) returns.fields.removeByName(name);
  app.save(returns);
});
