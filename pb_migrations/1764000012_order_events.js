/// <reference path="../pb_data/types.d.ts" />
// The order timeline (F46): who did what, when.
migrate((app) => {
  const events = new Collection({
    type: 'base',
    name: 'order_events',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'relation', name: 'order', required: true, maxSelect: 1, cascadeDelete: true, collectionId: app.findCollectionByNameOrId('orders').id },
      { type: 'text', name: 'type', required: true, max: 60 },
      { type: 'relation', name: 'actor', maxSelect: 1, collectionId: app.findCollectionByNameOrId('staff').id },
      // who acted when it was not staff: "customer", "card gateway", "scheduler", ...
      { type: 'text', name: 'actor_label', max: 120 },
      { type: 'json', name: 'data', maxSize: 20000 },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
    ],
    indexes: ['CREATE INDEX idx_order_events_order ON order_events (`order`, created)']
  });
  app.save(events);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('order_events'));
});
