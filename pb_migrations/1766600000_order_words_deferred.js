/// <reference path="../pb_data/types.d.ts" />
// F03 / issue #15: the word index cost every checkout about 1.5 ms of PocketBase's CPU, and
// the checkout benchmark fell from ~295 to ~180 orders/s (goal 200, p99 under 250 ms). A
// checkout writes the order and then each line; every line refreshes search_text, and each
// refresh ran the triggers of 1766100000_order_words.js, which rewrote all of the order's
// ~30 word rows, each into a B-tree ordered by word, so a different page per word. Computing
// the words in a cheaper way and writing only the changed ones still left 216 orders/s: the
// writes are the cost (the same trigger computing but writing nothing: 268).
// Now the triggers only note the order in `order_words_pending` (one row per order: its text
// and number as the index last saw them, its number now), and the word index is brought up
// to date in batches, in one transaction each, outside the checkout (pb_hooks/lib/
// order-words.js, POST /api/packbench/order-words/flush, which the app server calls every
// second: server/orders/word-index.ts). A search adds the pending orders to the index's
// candidates, so an order is found from the moment it is written, as before.
const J = (text) => {
  const clean = "replace(replace(replace(trim(" + text + "), char(9), ' '), char(10), ' '), char(13), ' ')";
  const json = "'[\"' || replace(" + clean + ", ' ', '\",\"') || '\"]'";
  // quotes and backslashes are separators in the folding, so only control characters could
  // break the JSON; a text that still is not valid indexes nothing rather than failing the write
  return 'CASE WHEN json_valid(' + json + ') THEN ' + json + " ELSE '[]' END";
};
const OFFSETS = "'[" + Array.from({ length: 30 }, (_, i) => i + 2).join(',') + "]'";

// the order as the index last saw it: the first change since the last batch keeps the old
// text; later ones only move the number
const TRIGGERS = {
  trg_order_words_update:
    'AFTER UPDATE OF search_text, number ON orders WHEN NEW.search_text IS NOT OLD.search_text OR NEW.number IS NOT OLD.number BEGIN ' +
    "INSERT INTO order_words_pending (id, old_text, old_number, number) VALUES (NEW.id, coalesce(OLD.search_text, ''), OLD.number, NEW.number) " +
    'ON CONFLICT (id) DO UPDATE SET number = excluded.number; END',
  trg_order_words_delete:
    'AFTER DELETE ON orders BEGIN ' +
    "INSERT INTO order_words_pending (id, old_text, old_number, number) VALUES (OLD.id, coalesce(OLD.search_text, ''), OLD.number, OLD.number) " +
    'ON CONFLICT (id) DO NOTHING; END'
};

// 1766100000's rule, for the way back
const lastWordSuffixes = (text) =>
  'SELECT value AS w FROM json_each(' + J(text) + ") WHERE value != '' " +
  'UNION SELECT substr(d.value, k.value) FROM json_each(' + J(text) + ') d, json_each(' + OFFSETS + ') k ' +
  'WHERE d.key = json_array_length(' + J(text) + ") - 1 AND length(d.value) >= 7 AND d.value NOT GLOB '*[^0-9]*' AND length(d.value) - k.value + 1 >= 6";
const ids = (select, number) => "SELECT w || ' ' || " + number + ' FROM (' + select + ')';
const PREVIOUS = {
  trg_order_words_update:
    'AFTER UPDATE OF search_text, number ON orders WHEN NEW.search_text IS NOT OLD.search_text OR NEW.number IS NOT OLD.number BEGIN ' +
    'DELETE FROM order_words WHERE id IN (' + ids(lastWordSuffixes('OLD.search_text'), 'OLD.number') + '); ' +
    "INSERT OR IGNORE INTO order_words (id, word, number) SELECT w || ' ' || NEW.number, w, NEW.number FROM (" + lastWordSuffixes('NEW.search_text') + '); END',
  trg_order_words_delete: 'AFTER DELETE ON orders BEGIN DELETE FROM order_words WHERE id IN (' + ids(lastWordSuffixes('OLD.search_text'), 'OLD.number') + '); END'
};

function replaceTriggers(app, triggers) {
  for (const name of Object.keys(triggers)) {
    app.db().newQuery('DROP TRIGGER IF EXISTS ' + name).execute();
    app.db().newQuery('CREATE TRIGGER ' + name + ' ' + triggers[name]).execute();
  }
}

// the order ids are "<word> <number>": a prefix range of ids is the lookup, so the index on
// (word, number) is one B-tree more to write and nothing more to read
const WORD_INDEX = 'CREATE INDEX idx_order_words_word ON order_words (word, number)';

migrate((app) => {
  app.save(new Collection({
    type: 'base',
    name: 'order_words_pending',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'text', name: 'old_text', max: 0 },
      { type: 'number', name: 'old_number', onlyInt: true },
      { type: 'number', name: 'number', onlyInt: true }
    ]
  }));
  const words = app.findCollectionByNameOrId('order_words');
  words.indexes = [];
  app.save(words);
  replaceTriggers(app, TRIGGERS);
}, (app) => {
  replaceTriggers(app, PREVIOUS);
  app.delete(app.findCollectionByNameOrId('order_words_pending'));
  const words = app.findCollectionByNameOrId('order_words');
  words.indexes = [WORD_INDEX];
  app.save(words);
  // the pending orders' words are not in the index: built again the way 1766100000 did
  const db = app.db();
  db.newQuery('DELETE FROM order_words').execute();
  db.newQuery("INSERT OR IGNORE INTO order_words (id, word, number) SELECT value || ' ' || o.number, value, o.number FROM orders o, json_each(" + J('o.search_text') + ") WHERE value != ''").execute();
  db.newQuery(
    "INSERT OR IGNORE INTO order_words (id, word, number) SELECT substr(d.value, k.value) || ' ' || o.number, substr(d.value, k.value), o.number " +
    'FROM orders o, json_each(' + J('o.search_text') + ') d, json_each(' + OFFSETS + ') k ' +
    'WHERE d.key = json_array_length(' + J('o.search_text') + ") - 1 AND length(d.value) >= 7 AND d.value NOT GLOB '*[^0-9]*' AND length(d.value) - k.value + 1 >= 6"
  ).execute();
});
