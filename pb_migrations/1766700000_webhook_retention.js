/// <reference path="../pb_data/types.d.ts" />
// Issue #16: the webhook history is pruned after WEBHOOK_LOG_DAYS (server/integrations/
// retention.ts). Indexes so that finding the old rows reads only them: the delivery log by
// time, the outbox's webhook rows by kind and last change.
migrate((app) => {
  const deliveries = app.findCollectionByNameOrId('webhook_deliveries');
  deliveries.indexes = [...deliveries.indexes, 'CREATE INDEX idx_webhook_deliveries_created ON webhook_deliveries (created)'];
  app.save(deliveries);
  const outbox = app.findCollectionByNameOrId('outbox');
  outbox.indexes = [...outbox.indexes, 'CREATE INDEX idx_outbox_kind_updated ON outbox (kind, updated)'];
  app.save(outbox);
}, (app) => {
  const deliveries = app.findCollectionByNameOrId('webhook_deliveries');
  deliveries.indexes = deliveries.indexes.filter((i) => !i.includes('idx_webhook_deliveries_created'));
  app.save(deliveries);
  const outbox = app.findCollectionByNameOrId('outbox');
  outbox.indexes = outbox.indexes.filter((i) => !i.includes('idx_outbox_kind_updated'));
  app.save(outbox);
});
