/// <reference path="../pb_data/types.d.ts" />
// Lookups by a client-generated key (idempotency, scan and note ids, payment events, device
// secrets) name the key alone: `key = ?`. SQLite uses a partial index (`WHERE key != ''`)
// only when the query repeats its condition, so each of those lookups scanned the whole
// table, and checkout got slower with every order. A plain index per key serves them; the
// partial unique indexes stay for the constraint.
const LOOKUPS = [
  ['orders', 'idx_orders_idempotency_lookup', 'idempotency_key'],
  ['orders', 'idx_orders_invoice_lookup', 'invoice_number'],
  ['payments', 'idx_payments_event_lookup', 'provider_event_id'],
  ['order_notes', 'idx_order_notes_client_lookup', 'client_id'],
  ['devices', 'idx_devices_secret_lookup', 'secret_hash'],
  ['devices', 'idx_devices_pairing_lookup', 'pairing_code_hash'],
  ['picks', 'idx_picks_undoes_lookup', 'undoes'],
  ['shipments', 'idx_shipments_client_lookup', 'client_id']
];

migrate((app) => {
  for (const [name, index, column] of LOOKUPS) {
    const c = app.findCollectionByNameOrId(name);
    c.indexes = [...c.indexes, 'CREATE INDEX ' + index + ' ON ' + name + ' (`' + column + '`)'];
    app.save(c);
  }
}, (app) => {
  for (const [name, index] of LOOKUPS) {
    const c = app.findCollectionByNameOrId(name);
    c.indexes = c.indexes.filter((i) => i.indexOf(index) === -1);
    app.save(c);
  }
});
