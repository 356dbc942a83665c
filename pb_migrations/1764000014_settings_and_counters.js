/// <reference path="../pb_data/types.d.ts" />
// Shop settings as key/value, and counters for gap-free sequential numbers (orders, invoices).
migrate((app) => {
  const settings = new Collection({
    type: 'base',
    name: 'settings',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'text', name: 'key', required: true, max: 100 },
      { type: 'json', name: 'value', maxSize: 200000 },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: ['CREATE UNIQUE INDEX idx_settings_key ON settings (`key`)']
  });
  app.save(settings);

  const counters = new Collection({
    type: 'base',
    name: 'counters',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'text', name: 'name', required: true, max: 60 },
      { type: 'number', name: 'value', onlyInt: true, min: 0 },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: ['CREATE UNIQUE INDEX idx_counters_name ON counters (name)']
  });
  app.save(counters);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('counters'));
  app.delete(app.findCollectionByNameOrId('settings'));
});
