/// <reference path="../pb_data/types.d.ts" />
// Issue #14: staff can be invited by e-mail instead of being given a one-time password. An
// invitation holds the SHA-256 of a one-time link's token (the token itself is only in the
// e-mail), until when it works, and whether it was used or replaced by a newer one. The
// audit list records `invited` and `invitation_accepted`.
migrate((app) => {
  const staff = app.findCollectionByNameOrId('staff');
  app.save(new Collection({
    type: 'base',
    name: 'staff_invitations',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'relation', name: 'staff', required: true, maxSelect: 1, cascadeDelete: true, collectionId: staff.id },
      { type: 'text', name: 'token_hash', required: true, min: 64, max: 64 },
      { type: 'date', name: 'expires_at', required: true },
      { type: 'bool', name: 'used' },
      { type: 'date', name: 'used_at' },
      { type: 'bool', name: 'replaced' },
      { type: 'text', name: 'invited_by', max: 15 },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
    ],
    indexes: [
      'CREATE UNIQUE INDEX idx_staff_invitations_token ON staff_invitations (token_hash)',
      'CREATE INDEX idx_staff_invitations_staff ON staff_invitations (staff, created)'
    ]
  }));
  const audit = app.findCollectionByNameOrId('staff_audit');
  const action = audit.fields.getByName('action');
  action.values = [...action.values, 'invited', 'invitation_accepted'];
  app.save(audit);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('staff_invitations'));
  const audit = app.findCollectionByNameOrId('staff_audit');
  const action = audit.fields.getByName('action');
  action.values = action.values.filter((v) => v !== 'invited' && v !== 'invitation_accepted');
  app.save(audit);
});
