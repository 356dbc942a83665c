/// <reference path="../pb_data/types.d.ts" />
// Settings are saved as a read-merge-write of one JSON value; a version makes two saves of
// different fields at once retry instead of the later one silently dropping the earlier.
migrate((app) => {
  const settings = app.findCollectionByNameOrId('settings');
  settings.fields.add(new NumberField({ name: 'version', onlyInt: true, min: 0 }));
  app.save(settings);
}, (app) => {
  const settings = app.findCollectionByNameOrId('settings');
  settings.fields.removeByName('version');
  app.save(settings);
});
