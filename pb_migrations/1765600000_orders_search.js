/// <reference path="../pb_data/types.d.ts" />
// F26 search: every order carries `search_text`, its searchable words folded (lower case,
// accents stripped, punctuation to spaces; the same mapping as src/lib/search/fold.ts, whose
// test keeps FOLD_MAP equal to this copy): number, customer name, e-mail (whole, and local
// part and domain), phone digits, invoice number, each line's SKU and name, each shipment's
// tracking number. SQLite triggers keep it in step, whoever writes (the app, the Go tx
// engine or its JS twin, the scale seed), so no write path can forget it. Words start after
// a space, so `search_text LIKE '% mull%'` is a word prefix. Indexes serve the queue's
// keyset order (number descending) with and without the state filters, and the month filter.
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
// SQLite before 3.46 (Debian's sqlite3 3.40, Python's) has a fixed parser stack: about 30
// nested calls. One replace() chain of 140 mappings made the schema unreadable for them, so
// the folding runs in steps of 20 on a scratch row.
const STEP = 20;
const PAIRS = Object.keys(FOLD_MAP).map((k) => [k, FOLD_MAP[k]]).concat(FOLD_SEPARATORS.map((s) => [s, ' ']));
function chain(expr, pairs) {
  let sql = expr;
  for (const [from, to] of pairs) sql = 'replace(' + sql + ', ' + lit(from) + ', ' + lit(to) + ')';
  return sql;
}
function phoneDigits(expr) {
  return chain(expr, [' ', '-', '/', '(', ')', '.', '+'].map((s) => [s, '']));
}

// the order's words before folding (the order row `o` is a table name in scope)
function rawText(o) {
  return "' ' || lower(" + [
    o + '.number',
    o + '.customer_name',
    o + '.email',
    "replace(" + o + ".email, '@', ' ')",
    o + '.invoice_number',
    "coalesce((SELECT group_concat(l.sku || ' ' || l.name, ' ') FROM order_lines l WHERE l.`order` = " + o + ".id), '')",
    "coalesce((SELECT group_concat(s.tracking_number, ' ') FROM shipments s WHERE s.`order` = " + o + ".id), '')"
  ].join(" || ' ' || ") + ")";
}

// search_text of order `idExpr`: raw words into the scratch row, folded step by step, stored;
// the phone's digits are added after folding
function refresh(idExpr) {
  const steps = ['INSERT OR REPLACE INTO search_fold_scratch (id, v) SELECT id, ' + rawText('orders') + ' FROM orders WHERE id = ' + idExpr + ';'];
  for (let i = 0; i < PAIRS.length; i += STEP) {
    steps.push('UPDATE search_fold_scratch SET v = ' + chain('v', PAIRS.slice(i, i + STEP)) + ' WHERE id = ' + idExpr + ';');
  }
  steps.push(
    "UPDATE orders SET search_text = (SELECT v FROM search_fold_scratch WHERE id = orders.id) || ' ' || " + phoneDigits('orders.phone') + " || ' ' WHERE id = " + idExpr + ';'
  );
  steps.push('DELETE FROM search_fold_scratch WHERE id = ' + idExpr + ';');
  return steps.join(' ');
}

const TRIGGERS = {
  trg_orders_search_insert: 'AFTER INSERT ON orders BEGIN ' + refresh('NEW.id') + ' END',
  // a save that wrote an older search_text back (a record read before a trigger changed it)
  // is repaired; the trigger's own store (its scratch row still there) is not
  trg_orders_search_update:
    'AFTER UPDATE ON orders WHEN ((NEW.search_text IS NOT OLD.search_text AND NOT EXISTS (SELECT 1 FROM search_fold_scratch WHERE id = NEW.id))' +
    ' OR NEW.number IS NOT OLD.number OR NEW.customer_name IS NOT OLD.customer_name' +
    ' OR NEW.email IS NOT OLD.email OR NEW.phone IS NOT OLD.phone OR NEW.invoice_number IS NOT OLD.invoice_number) BEGIN ' + refresh('NEW.id') + ' END',
  trg_order_lines_search_insert: 'AFTER INSERT ON order_lines BEGIN ' + refresh('NEW.`order`') + ' END',
  trg_order_lines_search_update:
    'AFTER UPDATE ON order_lines WHEN NEW.sku IS NOT OLD.sku OR NEW.name IS NOT OLD.name OR NEW.`order` IS NOT OLD.`order` BEGIN ' +
    refresh('NEW.`order`') + ' ' + refresh('OLD.`order`') + ' END',
  trg_order_lines_search_delete: 'AFTER DELETE ON order_lines BEGIN ' + refresh('OLD.`order`') + ' END',
  trg_shipments_search_insert: "AFTER INSERT ON shipments WHEN NEW.tracking_number != '' BEGIN " + refresh('NEW.`order`') + ' END',
  trg_shipments_search_update: 'AFTER UPDATE ON shipments WHEN NEW.tracking_number IS NOT OLD.tracking_number BEGIN ' + refresh('NEW.`order`') + ' END',
  trg_shipments_search_delete: "AFTER DELETE ON shipments WHEN OLD.tracking_number != '' BEGIN " + refresh('OLD.`order`') + ' END'
};

const INDEXES = [
  // keyset scan newest first that tests the search words without reading the row
  'CREATE INDEX idx_orders_number_search ON orders (number, search_text)',
  'CREATE INDEX idx_orders_status_number ON orders (status, payment_status, number)',
  'CREATE INDEX idx_orders_method_number ON orders (payment_method, number)',
  'CREATE INDEX idx_orders_placed_at ON orders (placed_at, number)',
  // exact keys looked up before the word search (server/orders/search.ts keyLookup)
  'CREATE INDEX idx_orders_email ON orders (email)'
];
const SHIPMENT_INDEX = 'CREATE INDEX idx_shipments_tracking_number ON shipments (tracking_number)';

migrate((app) => {
  const orders = app.findCollectionByNameOrId('orders');
  orders.fields.add(new TextField({ name: 'search_text', max: 100000 }));
  orders.indexes = [...orders.indexes, ...INDEXES];
  app.save(orders);
  const shipments = app.findCollectionByNameOrId('shipments');
  shipments.indexes = [...shipments.indexes, SHIPMENT_INDEX];
  app.save(shipments);
  app.db().newQuery('CREATE TABLE IF NOT EXISTS search_fold_scratch (id TEXT PRIMARY KEY NOT NULL, v TEXT NOT NULL)').execute();
  for (const name of Object.keys(TRIGGERS)) {
    app.db().newQuery('DROP TRIGGER IF EXISTS ' + name).execute();
    app.db().newQuery('CREATE TRIGGER ' + name + ' ' + TRIGGERS[name]).execute();
  }
  // the orders there are: a no-op update of each fires the update trigger (number unchanged,
  // so through a changed search_text)
  app.db().newQuery("UPDATE orders SET search_text = '~'").execute();
}, (app) => {
  for (const name of Object.keys(TRIGGERS)) app.db().newQuery('DROP TRIGGER IF EXISTS ' + name).execute();
  app.db().newQuery('DROP TABLE IF EXISTS search_fold_scratch').execute();
  const orders = app.findCollectionByNameOrId('orders');
  orders.indexes = orders.indexes.filter((i) => !INDEXES.includes(i));
  orders.fields.removeByName('search_text');
  app.save(orders);
  const shipments = app.findCollectionByNameOrId('shipments');
  shipments.indexes = shipments.indexes.filter((i) => i !== SHIPMENT_INDEX);
  app.save(shipments);
});
