/// <reference path="../pb_data/types.d.ts" />
// Every courier notification applied, by the courier's event id: the unique index makes a
// replayed or concurrently retried notification count once (written in the same transaction
// as the shipment change it causes).
migrate((app) => {
  const events = new Collection({
    type: 'base',
    name: 'courier_events',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'select', name: 'courier', required: true, maxSelect: 1, values: ['manual', 'sandbox', 'sendcloud'] },
      { type: 'text', name: 'event_id', required: true, max: 200 },
      { type: 'relation', name: 'shipment', maxSelect: 1, cascadeDelete: true, collectionId: app.findCollectionByNameOrId('shipments').id },
      { type: 'text', name: 'status', max: 40 },
      // applied: moved the shipment on; history: kept in the events list only (older than what the shipment shows)
      { type: 'select', name: 'result', required: true, maxSelect: 1, values: ['applied', 'history'] },
      { type: 'date', name: 'occurred_at' },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
    ],
    indexes: [
      'CREATE UNIQUE INDEX idx_courier_events_event ON courier_events (courier, event_id)',
      'CREATE INDEX idx_courier_events_shipment ON courier_events (shipment)'
    ]
  });
  app.save(events);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('courier_events'));
});
