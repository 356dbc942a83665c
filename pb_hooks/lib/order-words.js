/// <reference path="../../pb_data/types.d.ts" />
// The order search's word index (F25/F26, issue #15), brought up to date in batches. The
// triggers of migration 1766600000 note each changed order in `order_words_pending` with its
// text and number as the index last saw them; a batch takes up to `limit` of those orders and,
// in one transaction, deletes the index rows of words an order lost (all of them when its
// number changed or it was deleted), inserts the ones it gained and forgets the batch.
// An order's words: the words of its search_text, and the suffixes (down to 6 digits) of its
// last word when that is 7+ digits: the phone's digits, so "5550199" finds "+49 171 555 0199".
// One transaction writes a batch's rows close together instead of each checkout writing ~30
// rows into 30 pages of the index.

// search_text as a JSON array of its words (split on spaces); a text that is not valid JSON
// after that (control characters) indexes nothing rather than failing
const J = (text) => {
  const clean = "replace(replace(replace(trim(" + text + "), char(9), ' '), char(10), ' '), char(13), ' ')";
  const json = "'[\"' || replace(" + clean + ", ' ', '\",\"') || '\"]'";
  return 'CASE WHEN json_valid(' + json + ') THEN ' + json + " ELSE '[]' END";
};
const OFFSETS = "'[" + Array.from({ length: 30 }, (_, i) => i + 2).join(',') + "]'";
const digitsOnly = (p) => 'length(' + p + ') >= 7 AND ' + p + " NOT GLOB '*[^0-9]*'";

// the words (w) and numbers (n) of the batch's orders: then (text, last, number) or as the
// index last saw them (old_text, old_last, old_number)
const words = (text, last, number, where) =>
  'SELECT j.value AS w, b.' + number + ' AS n FROM temp.order_words_batch b, json_each(' + J('b.' + text) + ") j WHERE j.value != ''" + where + ' ' +
  'UNION SELECT substr(b.' + last + ', k.value), b.' + number + ' FROM temp.order_words_batch b, json_each(' + OFFSETS + ') k ' +
  'WHERE ' + digitsOnly('b.' + last) + ' AND length(b.' + last + ') - k.value + 1 >= 6' + where;
const OLD = words('old_text', 'old_last', 'old_number', '');
const NOW = words('text', 'last', 'number', ' AND b.number IS NOT NULL');
const ids = (select) => "SELECT w || ' ' || n FROM (" + select + ')';

/**
 * Brings up to `limit` pending orders into the index, in one transaction.
 * @returns {{ flushed: number, left: number }} how many orders it took, and how many still wait
 */
function flush(app, limit) {
  let flushed = 0;
  app.runInTransaction((tx) => {
    const db = tx.db();
    db.newQuery('CREATE TEMP TABLE IF NOT EXISTS order_words_batch (id TEXT PRIMARY KEY, old_text TEXT, old_last TEXT, old_number INTEGER, text TEXT, last TEXT, number INTEGER)').execute();
    db.newQuery('DELETE FROM temp.order_words_batch').execute();
    db.newQuery(
      'INSERT INTO temp.order_words_batch (id, old_text, old_last, old_number, text, last, number) ' +
      "SELECT p.id, p.old_text, json_extract(" + J('p.old_text') + ", '$[#-1]'), p.old_number, coalesce(o.search_text, ''), json_extract(" + J("coalesce(o.search_text, '')") + ", '$[#-1]'), o.number " +
      'FROM order_words_pending p LEFT JOIN orders o ON o.id = p.id ORDER BY p.rowid LIMIT {:limit}'
    ).bind({ limit }).execute();
    const n = new DynamicModel({ n: 0 });
    db.newQuery('SELECT count(*) AS n FROM temp.order_words_batch').one(n);
    flushed = n.n;
    if (!flushed) return;
    db.newQuery('DELETE FROM order_words WHERE id IN (' + ids(OLD) + ' EXCEPT ' + ids(NOW) + ')').execute();
    db.newQuery("INSERT OR IGNORE INTO order_words (id, word, number) SELECT w || ' ' || n, w, n FROM (" + NOW + ') ORDER BY 1').execute();
    db.newQuery('DELETE FROM order_words_pending WHERE id IN (SELECT id FROM temp.order_words_batch)').execute();
  });
  const left = new DynamicModel({ n: 0 });
  app.db().newQuery('SELECT count(*) AS n FROM order_words_pending').one(left);
  return { flushed, left: left.n };
}

/** Every pending order, batch after batch (after a bulk write such as the scale seed). */
function flushAll(app, limit) {
  let total = 0;
  for (;;) {
    const r = flush(app, limit || 5000);
    total += r.flushed;
    if (!r.flushed || !r.left) return total;
  }
}

module.exports = { flush, flushAll };
