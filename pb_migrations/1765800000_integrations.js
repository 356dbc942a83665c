/// <reference path="../pb_data/types.d.ts" />
// Integrations (F43): API keys (only the SHA-256 of the secret is kept), webhook endpoints
// (their signing secret must be readable to sign, like the app's other signing secrets) and
// one delivery log row per attempt. API orders remember a hash of the request body so the
// same Idempotency-Key with another body is refused (409).
migrate((app) => {
  const staff = app.findCollectionByNameOrId('staff');
  const keys = new Collection({
    type: 'base',
    name: 'api_keys',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'text', name: 'name', required: true, max: 100 },
      { type: 'text', name: 'prefix', required: true, max: 20 },
      { type: 'text', name: 'hash', required: true, max: 64 },
      { type: 'json', name: 'scopes', maxSize: 2000 },
      { type: 'date', name: 'expires_at' },
      { type: 'date', name: 'revoked_at' },
      { type: 'date', name: 'last_used_at' },
      { type: 'relation', name: 'created_by', maxSelect: 1, collectionId: staff.id },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: ['CREATE UNIQUE INDEX idx_api_keys_hash ON api_keys (hash)']
  });
  app.save(keys);

  const endpoints = new Collection({
    type: 'base',
    name: 'webhook_endpoints',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'text', name: 'url', required: true, max: 2000 },
      { type: 'text', name: 'description', max: 200 },
      { type: 'json', name: 'events', maxSize: 4000 },
      { type: 'bool', name: 'active' },
      { type: 'text', name: 'secret', required: true, max: 200 },
      // secret rotation: the previous secret also signs until previous_until
      { type: 'text', name: 'previous_secret', max: 200 },
      { type: 'date', name: 'previous_until' },
      { type: 'date', name: 'failing_since' },
      { type: 'text', name: 'disabled_reason', max: 500 },
      { type: 'relation', name: 'created_by', maxSelect: 1, collectionId: staff.id },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ]
  });
  app.save(endpoints);

  const deliveries = new Collection({
    type: 'base',
    name: 'webhook_deliveries',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'relation', name: 'endpoint', required: true, maxSelect: 1, cascadeDelete: true, collectionId: endpoints.id },
      { type: 'text', name: 'outbox', max: 30 },
      { type: 'text', name: 'event_id', max: 100 },
      { type: 'text', name: 'event_type', max: 80 },
      { type: 'number', name: 'attempt', onlyInt: true, min: 0 },
      { type: 'number', name: 'status_code', onlyInt: true, min: 0 },
      { type: 'number', name: 'latency_ms', onlyInt: true, min: 0 },
      { type: 'bool', name: 'ok' },
      { type: 'text', name: 'error', max: 500 },
      { type: 'text', name: 'response_excerpt', max: 1000 },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
    ],
    indexes: ['CREATE INDEX idx_webhook_deliveries_endpoint ON webhook_deliveries (endpoint, created)']
  });
  app.save(deliveries);

  const orders = app.findCollectionByNameOrId('orders');
  orders.fields.add(new TextField({ name: 'api_request_hash', max: 64 }));
  orders.fields.getByName('channel').values = ['web', 'phone', 'repeat', 'api'];
  app.save(orders);
}, (app) => {
  const orders = app.findCollectionByNameOrId('orders');
  orders.fields.removeByName('api_request_hash');
  orders.fields.getByName('channel').values = ['web', 'phone', 'repeat'];
  app.save(orders);
  for (const name of ['webhook_deliveries', 'webhook_endpoints', 'api_keys']) app.delete(app.findCollectionByNameOrId(name));
});
