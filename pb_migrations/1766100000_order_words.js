/// <reference path="../pb_data/types.d.ts" />
// Issue #15: a word index for the order search. A rare word (a customer's name that appears in
// four orders, a phone number, part of a SKU) made `search_text LIKE '% w%'` read every order's
// words: 1-2 s at 200,000 orders. `order_words` holds each order's distinct folded words (taken
// from `search_text`, so the folding stays in one place) with the order number, plus the
// suffixes of the phone's digits (the last word of `search_text`), so "0171 5550199" finds
// "+49 171 555 0199". A search looks a word up as a prefix range on (word, number); when it is
// rare, the queue's query is those few orders (server/orders/search.ts wordLookup). Kept by
// triggers like search_text, whoever writes. A row's id is "<word> <number>": the triggers find
// an order's rows again by the words of its previous search_text, with no index on number.
const J = (text) => {
  const clean = "replace(replace(replace(trim(" + text + "), char(9), ' '), char(10), ' '), char(13), ' ')";
  const json = "'[\"' || replace(" + clean + ", ' ', '\",\"') || '\"]'";
  // quotes and backslashes are separators in the folding, so only control characters could
  // break the JSON; a text that still is not valid indexes nothing rather than failing the write
  return 'CASE WHEN json_valid(' + json + ') THEN ' + json + " ELSE '[]' END";
};
const OFFSETS = "'[" + Array.from({ length: 30 }, (_, i) => i + 2).join(',') + "]'";
// the words of `text` (an order's search_text): each word, and the phone's suffixes down to 6 digits
const words = (text) =>
  'SELECT value AS w FROM json_each(' + J(text) + ") WHERE value != '' " +
  'UNION SELECT substr(d.value, k.value) FROM json_each(' + J(text) + ') d, json_each(' + OFFSETS + ') k ' +
  'WHERE d.key = json_array_length(' + J(text) + ") - 1 AND length(d.value) >= 7 AND d.value NOT GLOB '*[^0-9]*' AND length(d.value) - k.value + 1 >= 6";
const insertWords = (text, number) => 'INSERT OR IGNORE INTO order_words (id, word, number) SELECT w || \' \' || ' + number + ', w, ' + number + ' FROM (' + words(text) + ');';
const deleteWords = (text, number) => 'DELETE FROM order_words WHERE id IN (SELECT w || \' \' || ' + number + ' FROM (' + words(text) + '));';

const TRIGGERS = {
  trg_order_words_update:
    'AFTER UPDATE OF search_text, number ON orders WHEN NEW.search_text IS NOT OLD.search_text OR NEW.number IS NOT OLD.number BEGIN ' +
    deleteWords('OLD.search_text', 'OLD.number') + ' ' + insertWords('NEW.search_text', 'NEW.number') + ' END',
  trg_order_words_delete: 'AFTER DELETE ON orders BEGIN ' + deleteWords('OLD.search_text', 'OLD.number') + ' END'
};

migrate((app) => {
  const collection = new Collection({
    type: 'base',
    name: 'order_words',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'text', name: 'word', max: 200 },
      { type: 'number', name: 'number', onlyInt: true }
    ],
    indexes: ['CREATE INDEX idx_order_words_word ON order_words (word, number)']
  });
  app.save(collection);
  const db = app.db();
  for (const name of Object.keys(TRIGGERS)) {
    db.newQuery('DROP TRIGGER IF EXISTS ' + name).execute();
    db.newQuery('CREATE TRIGGER ' + name + ' ' + TRIGGERS[name]).execute();
  }
  // the orders there are
  db.newQuery(
    "INSERT OR IGNORE INTO order_words (id, word, number) SELECT value || ' ' || o.number, value, o.number FROM orders o, json_each(" + J('o.search_text') + ") WHERE value != ''"
  ).execute();
  db.newQuery(
    "INSERT OR IGNORE INTO order_words (id, word, number) SELECT substr(d.value, k.value) || ' ' || o.number, substr(d.value, k.value), o.number " +
    'FROM orders o, json_each(' + J('o.search_text') + ') d, json_each(' + OFFSETS + ') k ' +
    'WHERE d.key = json_array_length(' + J('o.search_text') + ") - 1 AND length(d.value) >= 7 AND d.value NOT GLOB '*[^0-9]*' AND length(d.value) - k.value + 1 >= 6"
  ).execute();
}, (app) => {
  for (const name of Object.keys(TRIGGERS)) app.db().newQuery('DROP TRIGGER IF EXISTS ' + name).execute();
  app.delete(app.findCollectionByNameOrId('order_words'));
});
