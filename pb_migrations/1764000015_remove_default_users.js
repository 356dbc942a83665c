/// <reference path="../pb_data/types.d.ts" />
// PocketBase creates a public-facing `users` auth collection with self-service rules.
// Packbench has no such users (staff live in `staff`), so it must not exist.
migrate((app) => {
  try {
    app.delete(app.findCollectionByNameOrId('users'));
  } catch (_) {
    // already gone
  }
}, (app) => {
  const users = new Collection({
    type: 'auth',
    name: 'users',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [{ type: 'text', name: 'name', max: 255 }]
  });
  app.save(users);
});
