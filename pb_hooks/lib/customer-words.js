/// <reference path="../../pb_data/types.d.ts" />
// The customer search's word index (F27, issue #14), brought up to date in batches like the
// orders' (lib/order-words.js). The triggers of migration 1767000000 note each customer whose
// search_text changed in `customer_words_pending` with the text the index last saw; a batch
// takes up to `limit` of them and, in one transaction, deletes the rows of words a customer
// lost (all of them when it was deleted), inserts the ones it gained and forgets the batch.
// Written in the checkout that creates the customer, its ~14 rows cost 8% of the checkout's
// throughput (178 instead of 194 orders/s when every order is a new customer).

const { lastWord, words: wordsOf, count, flushAllWith } = require(`${__hooks}/lib/word-sql.js`);

// the words (w) and customers (n) of the batch: now (text, last) or as the index last saw them
const words = (text, last, where) => wordsOf('temp.customer_words_batch', text, last, 'id', where);
const OLD = words('old_text', 'old_last', '');
const NOW = words('text', 'last', " AND b.text != ''");
const ids = (select) => "SELECT w || ' ' || n FROM (" + select + ')';

/**
 * Brings up to `limit` pending customers into the index, in one transaction.
 * @returns {{ flushed: number, left: number }} how many customers it took, and how many still wait
 */
function flush(app, limit) {
  let flushed = 0;
  app.runInTransaction((tx) => {
    const db = tx.db();
    db.newQuery('CREATE TEMP TABLE IF NOT EXISTS customer_words_batch (id TEXT PRIMARY KEY, old_text TEXT, old_last TEXT, text TEXT, last TEXT)').execute();
    db.newQuery('DELETE FROM temp.customer_words_batch').execute();
    db.newQuery(
      'INSERT INTO temp.customer_words_batch (id, old_text, old_last, text, last) ' +
      'SELECT p.id, p.old_text, ' + lastWord('p.old_text') + ", coalesce(c.search_text, ''), " + lastWord("coalesce(c.search_text, '')") + ' ' +
      'FROM customer_words_pending p LEFT JOIN customers c ON c.id = p.id ORDER BY p.rowid LIMIT {:limit}'
    ).bind({ limit }).execute();
    flushed = count(db, 'temp.customer_words_batch');
    if (!flushed) return;
    db.newQuery('DELETE FROM customer_words WHERE id IN (' + ids(OLD) + ' EXCEPT ' + ids(NOW) + ')').execute();
    db.newQuery("INSERT OR IGNORE INTO customer_words (id, word, customer) SELECT w || ' ' || n, w, n FROM (" + NOW + ') ORDER BY 1').execute();
    db.newQuery('DELETE FROM customer_words_pending WHERE id IN (SELECT id FROM temp.customer_words_batch)').execute();
  });
  return { flushed, left: count(app.db(), 'customer_words_pending') };
}

/** Every pending customer, batch after batch. */
const flushAll = flushAllWith(flush);

module.exports = { flush, flushAll };
