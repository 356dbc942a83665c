/// <reference path="../pb_data/types.d.ts" />
migrate((app) => {
  const notes = new Collection({
    type: 'base',
    name: 'order_notes',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'relation', name: 'order', required: true, maxSelect: 1, cascadeDelete: true, collectionId: app.findCollectionByNameOrId('orders').id },
      { type: 'relation', name: 'author', maxSelect: 1, collectionId: app.findCollectionByNameOrId('staff').id },
      { type: 'text', name: 'body', required: true, max: 5000 },
      // internal: staff only; packing: also on the tablet and packing slip; customer: also on the tracking page
      { type: 'select', name: 'visibility', required: true, maxSelect: 1, values: ['internal', 'packing', 'customer'] },
      { type: 'text', name: 'client_id', max: 100 },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: [
      'CREATE INDEX idx_order_notes_order ON order_notes (`order`, created)',
      "CREATE UNIQUE INDEX idx_order_notes_client ON order_notes (client_id) WHERE client_id != ''"
    ]
  });
  app.save(notes);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('order_notes'));
});
