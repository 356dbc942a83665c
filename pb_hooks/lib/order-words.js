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

const { lastWord, words: wordsOf, count, flushAllWith } = require(`${__hooks}/lib/word-sql.js`);

// the words (w) and numbers (n) of the batch's orders: then (text, last, number) or as the
// index last saw them (old_text, old_last, old_number)
const words = (text, last, number, where) => wordsOf('temp.order_words_batch', text, last, number, where);
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
      'SELECT p.id, p.old_text, ' + lastWord('p.old_text') + ", p.old_number, coalesce(o.search_text, ''), " + lastWord("coalesce(o.search_text, '')") + ', o.number ' +
      'FROM order_words_pending p LEFT JOIN orders o ON o.id = p.id ORDER BY p.rowid LIMIT {:limit}'
    ).bind({ limit }).execute();
    flushed = count(db, 'temp.order_words_batch');
    if (!flushed) return;
    db.newQuery('DELETE FROM order_words WHERE id IN (' + ids(OLD) + ' EXCEPT ' + ids(NOW) + ')').execute();
    db.newQuery("INSERT OR IGNORE INTO order_words (id, word, number) SELECT w || ' ' || n, w, n FROM (" + NOW + ') ORDER BY 1').execute();
    db.newQuery('DELETE FROM order_words_pending WHERE id IN (SELECT id FROM temp.order_words_batch)').execute();
  });
  return { flushed, left: count(app.db(), 'order_words_pending') };
}

/** Every pending order, batch after batch (after a bulk write such as the scale seed). */
const flushAll = flushAllWith(flush);

module.exports = { flush, flushAll };
