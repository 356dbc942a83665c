/// <reference path="../pb_data/types.d.ts" />
// Statement imports look up bank references to flag bookings that were already applied.
migrate((app) => {
  const payments = app.findCollectionByNameOrId('payments');
  payments.addIndex('idx_payments_bank_reference', false, 'bank_reference', "bank_reference != ''");
  app.save(payments);
}, (app) => {
  const payments = app.findCollectionByNameOrId('payments');
  payments.removeIndex('idx_payments_bank_reference');
  app.save(payments);
});
