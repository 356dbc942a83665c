/// <reference path="../pb_data/types.d.ts" />
// An undo is a negative pick that names the pick it takes back; the unique index makes sure
// a pick is taken back at most once, even when two tablets undo it at the same moment.
migrate((app) => {
  const picks = app.findCollectionByNameOrId('picks');
  picks.fields.add(new RelationField({ name: 'undoes', maxSelect: 1, collectionId: picks.id, cascadeDelete: false }));
  picks.indexes = [...picks.indexes, "CREATE UNIQUE INDEX idx_picks_undoes ON picks (undoes) WHERE undoes != ''"];
  app.save(picks);
}, (app) => {
  const picks = app.findCollectionByNameOrId('picks');
  picks.indexes = picks.indexes.filter((i) => i.indexOf('idx_picks_undoes') === -1);
  picks.fields.removeByName('undoes');
  app.save(picks);
});
