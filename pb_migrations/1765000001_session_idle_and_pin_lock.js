/// <reference path="../pb_data/types.d.ts" />
// Issue #12, finding 6. Sessions end after a time without use, checked by the server (the
// tablet's own idle lock runs in the browser and can be bypassed): `last_seen` is when the
// session was last used, `idle_seconds` how long it may rest (0 = no limit). A packer's PIN
// locks after repeated wrong tries until a manager unlocks it: `pin_failures`, `pin_locked`.
migrate((app) => {
  const sessions = app.findCollectionByNameOrId('sessions');
  sessions.fields.add(new DateField({ name: 'last_seen' }));
  sessions.fields.add(new NumberField({ name: 'idle_seconds', onlyInt: true, min: 0 }));
  app.save(sessions);
  const staff = app.findCollectionByNameOrId('staff');
  staff.fields.add(new NumberField({ name: 'pin_failures', onlyInt: true, min: 0 }));
  staff.fields.add(new BoolField({ name: 'pin_locked' }));
  app.save(staff);
}, (app) => {
  const sessions = app.findCollectionByNameOrId('sessions');
  sessions.fields.removeByName('last_seen');
  sessions.fields.removeByName('idle_seconds');
  app.save(sessions);
  const staff = app.findCollectionByNameOrId('staff');
  staff.fields.removeByName('pin_failures');
  staff.fields.removeByName('pin_locked');
  app.save(staff);
});
