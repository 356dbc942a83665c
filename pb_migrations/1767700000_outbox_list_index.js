/// <reference path="../pb_data/types.d.ts" />
// The /mail outbox list at a real shop's size (#15): e-mail rows stay for good (two per order),
// so the list (kind = 'email', newest first, optionally one status) reads an index in its own
// order instead of sorting every row. Status last: a status filter is checked in the index.
// The outbox worker's due look-up keeps (status, next_attempt_at): it names no kind when it
// delivers every kind (server/outbox/worker.ts).
const INDEX = 'CREATE INDEX `idx_outbox_kind_created` ON `outbox` (`kind`, `created`, `status`)';

migrate((app) => {
  const outbox = app.findCollectionByNameOrId('outbox');
  outbox.indexes = [...outbox.indexes, INDEX];
  app.save(outbox);
}, (app) => {
  const outbox = app.findCollectionByNameOrId('outbox');
  outbox.indexes = outbox.indexes.filter((i) => i !== INDEX);
  app.save(outbox);
});
