/// <reference path="../pb_data/types.d.ts" />
// Staff management in the app (issue #14): a version on staff guards two managers editing the
// same person at once, and staff_audit records every change (who, to whom, what).
migrate((app) => {
  const staff = app.findCollectionByNameOrId('staff');
  staff.fields.add(new NumberField({ name: 'version', onlyInt: true, min: 0 }));
  // a one-time password (new account, reset) must be replaced at the first sign-in
  staff.fields.add(new BoolField({ name: 'must_change_password' }));
  app.save(staff);

  const audit = new Collection({
    type: 'base',
    name: 'staff_audit',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      // who did it; empty for the first run (nobody was signed in yet)
      { type: 'relation', name: 'actor', maxSelect: 1, collectionId: staff.id },
      { type: 'text', name: 'actor_label', max: 200 },
      { type: 'relation', name: 'target', maxSelect: 1, collectionId: staff.id },
      { type: 'text', name: 'target_label', max: 200 },
      { type: 'select', name: 'action', required: true, maxSelect: 1, values: ['setup', 'created', 'role_changed', 'deactivated', 'reactivated', 'password_reset', 'pin_set', 'pin_cleared', 'password_changed'] },
      { type: 'json', name: 'data', maxSize: 4000 },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
    ],
    indexes: ['CREATE INDEX idx_staff_audit_created ON staff_audit (created)', 'CREATE INDEX idx_staff_audit_target ON staff_audit (target)']
  });
  app.save(audit);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('staff_audit'));
  const staff = app.findCollectionByNameOrId('staff');
  staff.fields.removeByName('version');
  staff.fields.removeByName('must_change_password');
  app.save(staff);
});
