/// <reference path="../pb_data/types.d.ts" />
// Emails and webhooks are written here in the same transaction as their cause, then delivered
// at least once; message_id is stable so receivers can de-duplicate.
migrate((app) => {
  const outbox = new Collection({
    type: 'base',
    name: 'outbox',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'select', name: 'kind', required: true, maxSelect: 1, values: ['email', 'webhook'] },
      { type: 'text', name: 'topic', required: true, max: 80 },
      { type: 'text', name: 'recipient', required: true, max: 500 },
      { type: 'text', name: 'subject', max: 500 },
      { type: 'json', name: 'payload', maxSize: 2000000 },
      { type: 'select', name: 'status', required: true, maxSelect: 1, values: ['pending', 'sent', 'failed', 'dead'] },
      { type: 'number', name: 'attempts', onlyInt: true, min: 0 },
      { type: 'date', name: 'next_attempt_at' },
      { type: 'text', name: 'last_error', max: 2000 },
      { type: 'text', name: 'message_id', required: true, max: 200 },
      { type: 'date', name: 'sent_at' },
      { type: 'relation', name: 'order', maxSelect: 1, collectionId: app.findCollectionByNameOrId('orders').id },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: [
      'CREATE UNIQUE INDEX idx_outbox_message ON outbox (message_id)',
      'CREATE INDEX idx_outbox_due ON outbox (status, next_attempt_at)',
      'CREATE INDEX idx_outbox_order ON outbox (`order`)'
    ]
  });
  app.save(outbox);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('outbox'));
});
