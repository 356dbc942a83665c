/// <reference path="../pb_data/types.d.ts" />
// Staff accounts: PocketBase hashes passwords and issues tokens; roles are enforced by the app server.
migrate((app) => {
  const staff = new Collection({
    type: 'auth',
    name: 'staff',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    authRule: 'active = true',
    manageRule: null,
    passwordAuth: { enabled: true, identityFields: ['email'] },
    fields: [
      { type: 'text', name: 'name', required: true, max: 120 },
      { type: 'select', name: 'role', required: true, maxSelect: 1, values: ['owner', 'manager', 'office', 'packer'] },
      { type: 'bool', name: 'active' },
      { type: 'select', name: 'locale', maxSelect: 1, values: ['en', 'de'] },
      { type: 'text', name: 'pin_hash', hidden: true, max: 200 },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: ['CREATE INDEX idx_staff_role ON staff (role)']
  });
  app.save(staff);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('staff'));
});
