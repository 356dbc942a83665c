/// <reference path="../pb_data/types.d.ts" />
// The scan log. client_scan_id is generated on the tablet so a replayed scan counts once.
migrate((app) => {
  const picks = new Collection({
    type: 'base',
    name: 'picks',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'relation', name: 'order', required: true, maxSelect: 1, cascadeDelete: true, collectionId: app.findCollectionByNameOrId('orders').id },
      { type: 'relation', name: 'order_line', required: true, maxSelect: 1, cascadeDelete: true, collectionId: app.findCollectionByNameOrId('order_lines').id },
      { type: 'number', name: 'qty', required: true, onlyInt: true },
      { type: 'text', name: 'code', max: 100 },
      { type: 'relation', name: 'staff', maxSelect: 1, collectionId: app.findCollectionByNameOrId('staff').id },
      { type: 'text', name: 'device', max: 120 },
      { type: 'text', name: 'client_scan_id', required: true, max: 100 },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
    ],
    indexes: [
      'CREATE UNIQUE INDEX idx_picks_client_scan ON picks (client_scan_id)',
      'CREATE INDEX idx_picks_order ON picks (`order`, created)'
    ]
  });
  app.save(picks);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('picks'));
});
