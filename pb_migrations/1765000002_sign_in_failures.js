/// <reference path="../pb_data/types.d.ts" />
// Wrong sign-ins counted in PocketBase (issue #12, finding 6), so a restart or a second app
// server does not forget them: one row per account or address and 15-minute window.
migrate((app) => {
  const failures = new Collection({
    type: 'base',
    name: 'sign_in_failures',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'text', name: 'key', required: true, max: 100 },
      { type: 'number', name: 'window', required: true, onlyInt: true, min: 0 },
      { type: 'number', name: 'count', onlyInt: true, min: 0 },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: [
      'CREATE UNIQUE INDEX idx_sign_in_failures_key ON sign_in_failures (`key`, `window`)',
      'CREATE INDEX idx_sign_in_failures_window ON sign_in_failures (`window`)'
    ]
  });
  app.save(failures);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('sign_in_failures'));
});
