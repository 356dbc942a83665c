/// <reference path="../pb_data/types.d.ts" />
// One payments row per provider payment (a Stripe payment intent, a sandbox charge): two
// notifications about the same payment arriving at once cannot create two rows.
migrate((app) => {
  const payments = app.findCollectionByNameOrId('payments');
  payments.addIndex('idx_payments_provider_payment', true, 'provider, provider_payment_id', "provider_payment_id != ''");
  app.save(payments);
}, (app) => {
  const payments = app.findCollectionByNameOrId('payments');
  payments.removeIndex('idx_payments_provider_payment');
  app.save(payments);
});
