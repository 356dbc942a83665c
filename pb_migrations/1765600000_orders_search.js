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
function fold(expr) {
  let sql = 'lower(' + expr + ')';
  for (const k of Object.keys(FOLD_MAP)) sql = 'replace(' + sql + ', ' + lit(k) + ', ' + lit(FOLD_MAP[k]) + ')';
  for (const s of FOLD_SEPARATORS) sql = 'replace(' + sql + ', ' + lit(s) + ", ' ')";
  return sql;
}
function phoneDigits(expr) {
  let sql = expr;
  for (const s of [' ', '-', '/', '(', ')', '.', '+']) sql = 'replace(' + sql + ', ' + lit(s) + ", '')";
  return sql;
}

// the search text of the order row `o` (a table name or alias in scope)
function searchText(o) {
  const words = [
    o + '.number',
    o + '.customer_name',
    o + '.email',
    "replace(" + o + ".email, '@', ' ')",
    o + '.invoice_number',
    "coalesce((SELECT group_concat(l.sku || ' ' || l.name, ' ') FROM order_lines l WHERE l.`order` = " + o + ".id), '')",
    "coalesce((SELECT group_concat(s.tracking_number, ' ') FROM shipments s WHERE s.`order` = " + o + ".id), '')"
  ].join(" || ' ' || ");
  return "' ' || " + fold(words) + " || ' ' || " + phoneDigits(o + '.phone') + " || ' '";
}

const refresh = (idExpr) => 'UPDATE orders SET search_text = ' + searchText('orders') + ' WHERE id = ' + idExpr + ';';

const TRIGGERS = {
  trg_orders_search_insert: 'AFTER INSERT ON orders BEGIN ' + refresh('NEW.id') + ' END',
  trg_orders_search_update:
    'AFTER UPDATE ON orders WHEN NEW.search_text IS NOT OLD.search_text OR NEW.number IS NOT OLD.number OR NEW.customer_name IS NOT OLD.customer_name' +
    ' OR NEW.email IS NOT OLD.email OR NEW.phone IS NOT OLD.phone OR NEW.invoice_number IS NOT OLD.invoice_number BEGIN ' + refresh('NEW.id') + ' END',
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
  'CREATE INDEX idx_orders_placed_at ON orders (placed_at)'
];

migrate((app) => {
  const orders = app.findCollectionByNameOrId('orders');
  orders.fields.add(new TextField({ name: 'search_text', max: 100000 }));
  orders.indexes = [...orders.indexes, ...INDEXES];
  app.save(orders);
  for (const name of Object.keys(TRIGGERS)) {
    app.db().newQuery('DROP TRIGGER IF EXISTS ' + name).execute();
    app.db().newQuery('CREATE TRIGGER ' + name + ' ' + TRIGGERS[name]).execute();
  }
  app.db().newQuery('UPDATE orders SET search_text = ' + searchText('orders')).execute();
}, (app) => {
  for (const name of Object.keys(TRIGGERS)) app.db().newQuery('DROP TRIGGER IF EXISTS ' + name).execute();
  const orders = app.findCollectionByNameOrId('orders');
  orders.indexes = orders.indexes.filter((i) => !INDEXES.includes(i));
  orders.fields.removeByName('search_text');
  app.save(orders);
});
