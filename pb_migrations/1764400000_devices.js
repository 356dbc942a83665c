/// <reference path="../pb_data/types.d.ts" />
// Shared packing tablets (F14, F44). A manager registers a tablet; the tablet keeps a random
// secret in an httpOnly cookie and only its SHA-256 is stored here. A pairing code (also only
// hashed, short-lived) lets a manager register a tablet from another screen.
migrate((app) => {
  const devices = new Collection({
    type: 'base',
    name: 'devices',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'text', name: 'name', required: true, max: 80 },
      { type: 'text', name: 'secret_hash', max: 128 },
      { type: 'text', name: 'pairing_code_hash', max: 128 },
      { type: 'date', name: 'pairing_expires' },
      // the tablet locks after this many idle seconds
      { type: 'number', name: 'idle_lock_seconds', onlyInt: true, min: 30, max: 3600 },
      { type: 'bool', name: 'revoked' },
      { type: 'relation', name: 'registered_by', maxSelect: 1, collectionId: app.findCollectionByNameOrId('staff').id },
      { type: 'date', name: 'last_seen' },
      { type: 'text', name: 'user_agent', max: 400 },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: [
      "CREATE UNIQUE INDEX idx_devices_secret ON devices (secret_hash) WHERE secret_hash != ''",
      "CREATE UNIQUE INDEX idx_devices_pairing ON devices (pairing_code_hash) WHERE pairing_code_hash != ''"
    ]
  });
  app.save(devices);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('devices'));
});
