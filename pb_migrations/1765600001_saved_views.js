/// <reference path="../pb_data/types.d.ts" />
// F26 saved views: a named queue query (the URL's query string) per staff member, optionally
// shared with the team.
migrate((app) => {
  const views = new Collection({
    type: 'base',
    name: 'saved_views',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'relation', name: 'owner', required: true, maxSelect: 1, cascadeDelete: true, collectionId: app.findCollectionByNameOrId('staff').id },
      { type: 'text', name: 'name', required: true, max: 80 },
      // the queue's URL query string without '?', e.g. "paymentMethod=online_banking&month=2025-03"
      { type: 'text', name: 'query', max: 2000 },
      { type: 'bool', name: 'shared' },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: ['CREATE INDEX idx_saved_views_owner ON saved_views (owner, name)', 'CREATE INDEX idx_saved_views_shared ON saved_views (shared)']
  });
  app.save(views);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('saved_views'));
});
