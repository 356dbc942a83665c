/// <reference path="../pb_data/types.d.ts" />
// Issue #14: a staff member's name and e-mail can be corrected on the staff page; the audit
// list records it as `details_changed` (with what it was and what it became).
migrate((app) => {
  const audit = app.findCollectionByNameOrId('staff_audit');
  const action = audit.fields.getByName('action');
  action.values = [...action.values, 'details_changed'];
  app.save(audit);
}, (app) => {
  const audit = app.findCollectionByNameOrId('staff_audit');
  const action = audit.fields.getByName('action');
  action.values = action.values.filter((v) => v !== 'details_changed');
  app.save(audit);
});
