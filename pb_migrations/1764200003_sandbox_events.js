/// <reference path="../pb_data/types.d.ts" />
// The sandbox gateway's outgoing notifications: each is delivered (signed, with retries)
// until the shop answers 2xx, also after a restart, exactly like a real gateway's webhooks.
migrate((app) => {
  const events = new Collection({
    type: 'base',
    name: 'sandbox_events',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'text', name: 'event_id', required: true, max: 64 },
      { type: 'relation', name: 'payment', required: true, maxSelect: 1, cascadeDelete: true, collectionId: app.findCollectionByNameOrId('sandbox_payments').id },
      // the exact JSON body that is signed and sent
      { type: 'text', name: 'body', required: true, max: 20000 },
      { type: 'select', name: 'status', required: true, maxSelect: 1, values: ['pending', 'delivered', 'failed'] },
      { type: 'number', name: 'attempts', onlyInt: true, min: 0 },
      { type: 'date', name: 'next_attempt_at' },
      { type: 'text', name: 'last_error', max: 1000 },
      { type: 'date', name: 'delivered_at' },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: [
      'CREATE UNIQUE INDEX idx_sandbox_events_event ON sandbox_events (event_id)',
      'CREATE INDEX idx_sandbox_events_due ON sandbox_events (status, next_attempt_at)'
    ]
  });
  app.save(events);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('sandbox_events'));
});
