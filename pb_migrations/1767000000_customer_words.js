/// <reference path="../pb_data/types.d.ts" />
// Issue #14: the customer search (phone orders, the customers page) at 50,000 customers. An
// e-mail or a full name was `LIKE '%...%'` over every customer: 65-95 ms. Now customers carry
// `search_text` like the orders (folded: lower case, accents stripped, punctuation to spaces,
// the same mapping as src/lib/search/fold.ts, whose test keeps FOLD_MAP equal to this copy):
// name, company, e-mail (whole, and local part and domain), then the phone's digits. And
// `customer_words` holds each customer's distinct words with the suffixes (down to 6 digits)
// of the phone's digits, under the id "<word> <customer id>", so a word prefix is a range of
// the primary key (server/customers/search.ts). Triggers keep search_text whoever writes (the
// app, the Go tx engine, the bench's batches) and note each changed customer in
// `customer_words_pending`; the words follow in batches (pb_hooks/lib/customer-words.js, every
// second from server/customers/word-index.ts): written in the checkout that creates the
// customer, they cost 8% of its throughput when every order is a new customer (178 instead of
// 194 orders/s; the folding alone: 204). A search adds the pending customers to what it finds.
const FOLD_MAP = {
  'ä': 'a', 'Ä': 'a', 'á': 'a', 'Á': 'a', 'à': 'a', 'À': 'a', 'â': 'a', 'Â': 'a', 'ã': 'a', 'Ã': 'a', 'å': 'a', 'Å': 'a', 'ą': 'a', 'Ą': 'a', 'ă': 'a', 'Ă': 'a',
  'æ': 'ae', 'Æ': 'ae',
  'ç': 'c', 'Ç': 'c', 'č': 'c', 'Č': 'c', 'ć': 'c', 'Ć': 'c',
  'ď': 'd', 'Ď': 'd', 'đ': 'd', 'Đ': 'd',
  'é': 'e', 'É': 'e', 'è': 'e', 'È': 'e', 'ê': 'e', 'Ê': 'e', 'ë': 'e', 'Ë': 'e', 'ě': 'e', 'Ě': 'e', 'ę': 'e', 'Ę': 'e',
  'í': 'i', 'Í': 'i', 'ì': 'i', 'Ì': 'i', 'î': 'i', 'Î': 'i', 'ï': 'i', 'Ï': 'i',
  'ł': 'l', 'Ł': 'l', 'ľ': 'l', 'Ľ': 'l', 'ĺ': 'l', 'Ĺ': 'l',
  'ñ': 'n', 'Ñ': 'n', 'ň': 'n', 'Ň': 'n', 'ń': 'n', 'Ń': 'n',
  'ö': 'o', 'Ö': 'o', 'ó': 'o', 'Ó': 'o', 'ò': 'o', 'Ò': 'o', 'ô': 'o', 'Ô': 'o', 'õ': 'o', 'Õ': 'o', 'ø': 'o', 'Ø': 'o', 'ő': 'o', 'Ő': 'o',
  'œ': 'oe', 'Œ': 'oe',
  'ř': 'r', 'Ř': 'r', 'ŕ': 'r', 'Ŕ': 'r',
  'š': 's', 'Š': 's', 'ś': 's', 'Ś': 's', 'ş': 's', 'Ş': 's', 'ß': 'ss', 'ẞ': 'ss',
  'ť': 't', 'Ť': 't', 'ţ': 't', 'Ţ': 't',
  'ü': 'u', 'Ü': 'u', 'ú': 'u', 'Ú': 'u', 'ù': 'u', 'Ù': 'u', 'û': 'u', 'Û': 'u', 'ů': 'u', 'Ů': 'u', 'ű': 'u', 'Ű': 'u',
  'ý': 'y', 'Ý': 'y', 'ÿ': 'y', 'Ÿ': 'y',
  'ž': 'z', 'Ž': 'z', 'ź': 'z', 'Ź': 'z', 'ż': 'z', 'Ż': 'z'
};
const FOLD_SEPARATORS = [',', ';', ':', '-', '_', '/', '(', ')', "'", '"', '&', '+', '#', '%', '\\', '!', '?', '*', '|', '=', '<', '>', '[', ']', '{', '}', '~', '`', '^', '$'];

const lit = (s) => "'" + s.replace(/'/g, "''") + "'";
// SQLite before 3.46 has a fixed parser stack (about 30 nested calls): the folding runs in
// steps of 20 on a scratch row (the orders' scratch table; a customer's row is "c:<id>")
const STEP = 20;
const PAIRS = Object.keys(FOLD_MAP).map((k) => [k, FOLD_MAP[k]]).concat(FOLD_SEPARATORS.map((s) => [s, ' ']));
function chain(expr, pairs) {
  let sql = expr;
  for (const [from, to] of pairs) sql = 'replace(' + sql + ', ' + lit(from) + ', ' + lit(to) + ')';
  return sql;
}
// "+49 (0)421 ...": the trunk 0 in brackets is not dialled from abroad
const phoneDigits = (expr) => chain(expr, [['(0)', ''], ...[' ', '-', '/', '(', ')', '.', '+'].map((s) => [s, ''])]);

const RAW = "' ' || lower(customers.name || ' ' || customers.company || ' ' || customers.email || ' ' || replace(customers.email, '@', ' '))";
// the statements that set search_text of the customer `idExpr` (null: of every customer): the
// raw words into scratch rows, folded step by step, stored with the phone's digits after them
function refresh(idExpr) {
  const scratch = idExpr ? " WHERE id = 'c:' || " + idExpr : " WHERE id LIKE 'c:%'";
  const steps = ["INSERT OR REPLACE INTO search_fold_scratch (id, v) SELECT 'c:' || id, " + RAW + ' FROM customers' + (idExpr ? ' WHERE id = ' + idExpr : '') + ';'];
  for (let i = 0; i < PAIRS.length; i += STEP) steps.push('UPDATE search_fold_scratch SET v = ' + chain('v', PAIRS.slice(i, i + STEP)) + scratch + ';');
  steps.push(
    "UPDATE customers SET search_text = (SELECT v FROM search_fold_scratch WHERE id = 'c:' || customers.id) || ' ' || " + phoneDigits('customers.phone') + " || ' '" +
    (idExpr ? ' WHERE id = ' + idExpr : '') + ';'
  );
  steps.push('DELETE FROM search_fold_scratch' + scratch + ';');
  return steps;
}

// a text's words as a JSON array (split on spaces); a text that is not valid JSON after that
// (control characters) indexes nothing rather than failing the write
const J = (text) => {
  const clean = "replace(replace(replace(trim(" + text + "), char(9), ' '), char(10), ' '), char(13), ' ')";
  const json = "'[\"' || replace(" + clean + ", ' ', '\",\"') || '\"]'";
  return 'CASE WHEN json_valid(' + json + ') THEN ' + json + " ELSE '[]' END";
};
const OFFSETS = "'[" + Array.from({ length: 30 }, (_, i) => i + 2).join(',') + "]'";
// every customer's words (each word of search_text, and the phone's suffixes down to 6 digits),
// for the customers there are when the migration runs
const BACKFILL = [
  "INSERT OR IGNORE INTO customer_words (id, word, customer) SELECT value || ' ' || c.id, value, c.id FROM customers c, json_each(" + J('c.search_text') + ") WHERE value != ''",
  "INSERT OR IGNORE INTO customer_words (id, word, customer) SELECT substr(d.value, k.value) || ' ' || c.id, substr(d.value, k.value), c.id " +
    'FROM customers c, json_each(' + J('c.search_text') + ') d, json_each(' + OFFSETS + ') k ' +
    'WHERE d.key = json_array_length(' + J('c.search_text') + ") - 1 AND length(d.value) >= 7 AND d.value NOT GLOB '*[^0-9]*' AND length(d.value) - k.value + 1 >= 6"
];

const TRIGGERS = {
  trg_customers_search_insert: 'AFTER INSERT ON customers BEGIN ' + refresh('NEW.id').join(' ') + ' END',
  // a save that wrote an older search_text back (a record read before a trigger changed it)
  // is repaired; the trigger's own store (its scratch row still there) is not
  trg_customers_search_update:
    "AFTER UPDATE ON customers WHEN ((NEW.search_text IS NOT OLD.search_text AND NOT EXISTS (SELECT 1 FROM search_fold_scratch WHERE id = 'c:' || NEW.id))" +
    ' OR NEW.name IS NOT OLD.name OR NEW.company IS NOT OLD.company OR NEW.email IS NOT OLD.email OR NEW.phone IS NOT OLD.phone) BEGIN ' + refresh('NEW.id').join(' ') + ' END',
  // the customer as the index last saw it: the first change since the last batch keeps the
  // old text (the batch reads the text the row holds then)
  trg_customer_words_update:
    'AFTER UPDATE OF search_text ON customers WHEN NEW.search_text IS NOT OLD.search_text BEGIN ' +
    "INSERT INTO customer_words_pending (id, old_text) VALUES (NEW.id, coalesce(OLD.search_text, '')) ON CONFLICT (id) DO NOTHING; END",
  trg_customer_words_delete:
    "AFTER DELETE ON customers BEGIN INSERT INTO customer_words_pending (id, old_text) VALUES (OLD.id, coalesce(OLD.search_text, '')) ON CONFLICT (id) DO NOTHING; END"
};

migrate((app) => {
  const customers = app.findCollectionByNameOrId('customers');
  customers.fields.add(new TextField({ name: 'search_text', max: 5000, hidden: true }));
  // a common word ("Müller") in name order walks this index and tests the words without
  // reading the customer's row (it takes the place of 1765500002's index on name alone)
  customers.removeIndex('idx_customers_name_order');
  customers.addIndex('idx_customers_name_search', false, 'name, search_text', '');
  app.save(customers);
  app.save(new Collection({
    type: 'base',
    name: 'customer_words',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'text', name: 'word', max: 300 },
      { type: 'text', name: 'customer', max: 15 }
    ]
  }));
  app.save(new Collection({
    type: 'base',
    name: 'customer_words_pending',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [{ type: 'text', name: 'old_text', max: 0 }]
  }));
  const db = app.db();
  db.newQuery('CREATE TABLE IF NOT EXISTS search_fold_scratch (id TEXT PRIMARY KEY NOT NULL, v TEXT NOT NULL)').execute();
  // the customers there are, before the triggers
  for (const statement of refresh(null).concat(BACKFILL)) db.newQuery(statement).execute();
  for (const name of Object.keys(TRIGGERS)) {
    db.newQuery('DROP TRIGGER IF EXISTS ' + name).execute();
    db.newQuery('CREATE TRIGGER ' + name + ' ' + TRIGGERS[name]).execute();
  }
}, (app) => {
  for (const name of Object.keys(TRIGGERS)) app.db().newQuery('DROP TRIGGER IF EXISTS ' + name).execute();
  app.delete(app.findCollectionByNameOrId('customer_words_pending'));
  app.delete(app.findCollectionByNameOrId('customer_words'));
  const customers = app.findCollectionByNameOrId('customers');
  customers.removeIndex('idx_customers_name_search');
  customers.addIndex('idx_customers_name_order', false, 'name', '');
  customers.fields.removeByName('search_text');
  app.save(customers);
});
