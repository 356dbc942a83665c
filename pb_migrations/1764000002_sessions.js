/// <reference path="../pb_data/types.d.ts" />
// Server-side sessions behind the httpOnly cookie: revocable at once (a lost tablet).
migrate((app) => {
  const sessions = new Collection({
    type: 'base',
    name: 'sessions',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'text', name: 'token_hash', required: true, max: 128 },
      { type: 'relation', name: 'staff', required: true, maxSelect: 1, cascadeDelete: true, collectionId: app.findCollectionByNameOrId('staff').id },
      { type: 'select', name: 'method', maxSelect: 1, values: ['password', 'pin'] },
      { type: 'text', name: 'device', max: 120 },
      { type: 'text', name: 'user_agent', max: 400 },
      { type: 'date', name: 'expires', required: true },
      { type: 'bool', name: 'revoked' },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: [
      'CREATE UNIQUE INDEX idx_sessions_token ON sessions (token_hash)',
      'CREATE INDEX idx_sessions_staff ON sessions (staff)'
    ]
  });
  app.save(sessions);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('sessions'));
});
