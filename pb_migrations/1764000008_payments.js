/// <reference path="../pb_data/types.d.ts" />
migrate((app) => {
  const payments = new Collection({
    type: 'base',
    name: 'payments',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'relation', name: 'order', required: true, maxSelect: 1, cascadeDelete: true, collectionId: app.findCollectionByNameOrId('orders').id },
      { type: 'select', name: 'method', required: true, maxSelect: 1, values: ['card', 'online_banking', 'cheque', 'cash'] },
      { type: 'number', name: 'amount_cents', required: true, onlyInt: true },
      { type: 'text', name: 'currency', required: true, min: 3, max: 3 },
      { type: 'select', name: 'status', required: true, maxSelect: 1, values: ['pending', 'succeeded', 'failed', 'refunded'] },
      { type: 'text', name: 'provider', max: 40 },
      { type: 'text', name: 'provider_payment_id', max: 200 },
      { type: 'text', name: 'provider_event_id', max: 200 },
      { type: 'date', name: 'provider_event_at' },
      { type: 'text', name: 'bank_reference', max: 200 },
      { type: 'relation', name: 'actor', maxSelect: 1, collectionId: app.findCollectionByNameOrId('staff').id },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: [
      'CREATE INDEX idx_payments_order ON payments (`order`)',
      "CREATE UNIQUE INDEX idx_payments_event ON payments (provider, provider_event_id) WHERE provider_event_id != ''"
    ]
  });
  app.save(payments);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('payments'));
});
