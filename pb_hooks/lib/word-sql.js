/// <reference path="../../pb_data/types.d.ts" />
// SQL pieces the word indexes share (orders: lib/order-words.js, customers: lib/customer-words.js).

// a search_text as a JSON array of its words (split on spaces); a text that is not valid JSON
// after that (control characters) indexes nothing rather than failing
const J = (text) => {
  const clean = "replace(replace(replace(trim(" + text + "), char(9), ' '), char(10), ' '), char(13), ' ')";
  const json = "'[\"' || replace(" + clean + ", ' ', '\",\"') || '\"]'";
  return 'CASE WHEN json_valid(' + json + ') THEN ' + json + " ELSE '[]' END";
};
// where the suffixes of a phone's digits start
const OFFSETS = "'[" + Array.from({ length: 30 }, (_, i) => i + 2).join(',') + "]'";
const digitsOnly = (p) => 'length(' + p + ') >= 7 AND ' + p + " NOT GLOB '*[^0-9]*'";
/** the last word of a search_text (the phone's digits) */
const lastWord = (text) => 'json_extract(' + J(text) + ", '$[#-1]')";

/**
 * The words (w) and owners (n) of a batch's rows in `table`: each word of the column `text`,
 * and the suffixes (down to 6 digits) of `last` when that is 7+ digits, so "5550199" finds
 * "+49 171 555 0199".
 */
const words = (table, text, last, owner, where) =>
  'SELECT j.value AS w, b.' + owner + ' AS n FROM ' + table + ' b, json_each(' + J('b.' + text) + ") j WHERE j.value != ''" + where + ' ' +
  'UNION SELECT substr(b.' + last + ', k.value), b.' + owner + ' FROM ' + table + ' b, json_each(' + OFFSETS + ') k ' +
  'WHERE ' + digitsOnly('b.' + last) + ' AND length(b.' + last + ') - k.value + 1 >= 6' + where;

/** how many rows `table` holds */
function count(db, table) {
  const n = new DynamicModel({ n: 0 });
  db.newQuery('SELECT count(*) AS n FROM ' + table).one(n);
  return n.n;
}

/** Every pending row, batch after batch (after a bulk write such as the scale seed). */
const flushAllWith = (flush) => (app, limit) => {
  let total = 0;
  for (;;) {
    const r = flush(app, limit || 5000);
    total += r.flushed;
    if (!r.flushed || !r.left) return total;
  }
};

/** A flush route's answer: a batch of up to the body's `limit` (default 2,000) pending rows. */
function answerFlush(e, flush) {
  const body = e.requestInfo().body || {};
  const limit = Math.min(Math.max(Math.floor(Number(body.limit) || 2000), 1), 20000);
  return e.json(200, flush($app, limit));
}

module.exports = { J, lastWord, words, count, flushAllWith, answerFlush };
