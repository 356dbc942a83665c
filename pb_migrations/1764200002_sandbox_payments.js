/// <reference path="../pb_data/types.d.ts" />
// The embedded sandbox card gateway keeps its own books, as a real gateway would: what it
// was asked to charge, and what happened. Packbench itself only learns the outcome from
// the gateway's signed notifications.
migrate((app) => {
  const payments = new Collection({
    type: 'base',
    name: 'sandbox_payments',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      // the id in the checkout URL (/pay/<public_id>): >= 128 random bits
      { type: 'text', name: 'public_id', required: true, min: 20, max: 64 },
      // the merchant's order reference (our order id) and number, as given at creation
      { type: 'text', name: 'order_ref', required: true, max: 64 },
      { type: 'number', name: 'order_number', onlyInt: true },
      { type: 'number', name: 'amount_cents', required: true, onlyInt: true, min: 1 },
      { type: 'text', name: 'currency', required: true, min: 3, max: 3 },
      { type: 'text', name: 'description', max: 200 },
      { type: 'select', name: 'status', required: true, maxSelect: 1, values: ['open', 'succeeded', 'failed'] },
      { type: 'number', name: 'attempts', onlyInt: true, min: 0 },
      { type: 'text', name: 'card_brand', max: 20 },
      { type: 'text', name: 'card_last4', max: 4 },
      { type: 'text', name: 'decline_code', max: 40 },
      { type: 'text', name: 'bank_reference', max: 100 },
      // where the gateway posts its notifications
      { type: 'url', name: 'notify_url' },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: [
      'CREATE UNIQUE INDEX idx_sandbox_payments_public ON sandbox_payments (public_id)',
      'CREATE INDEX idx_sandbox_payments_order ON sandbox_payments (order_ref, status)'
    ]
  });
  app.save(payments);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('sandbox_payments'));
});
