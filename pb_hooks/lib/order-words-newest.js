/// <reference path="../../pb_data/types.d.ts" />
// The order search's candidates, newest first (F26, issue #15): for the search words, the
// numbers of the orders whose words start with the RAREST of them, below a cursor, at most
// `limit`, plus the orders the index has not caught up with yet (order_words_pending). The app
// server checks each candidate against the whole view (every word, every filter), so the index
// only narrows; stale rows of a pending order are harmless.
// A word's rows are found by their id ("<word> <number>", a prefix range of the primary key).
// A few rows are sorted by number; a common word ("muller": 20,000 orders) is walked per stored
// word that starts with it, newest first, on (word, number), and stops at `limit`.
// A word that starts too many stored words ("m") answers `scan`: the app's scan of the orders
// newest first finds such a dense word's page sooner.

/** a term's rows counted up to here; up to SMALL they may be sorted, above walked per word */
const SMALL = 5000;
/** up to this many rows are always sorted */
const SORT_BELOW = 500;
/** a word starting at most this many stored words is walked per stored word from SORT_BELOW rows on */
const FEW_WORDS = 8;
/** more stored words than this under one search word: scan instead */
const MAX_WORDS = 64;
/** more orders than this waiting for the index: scan instead */
const MAX_PENDING = 2000;
const NO_CURSOR = 1e15;

const upper = (t) => t.slice(0, -1) + String.fromCharCode(t.charCodeAt(t.length - 1) + 1);

function one(db, sql, params, shape) {
  const row = new DynamicModel(shape);
  db.newQuery(sql).bind(params).one(row);
  return row;
}

function numbers(db, sql, params) {
  const rows = arrayOf(new DynamicModel({ number: 0 }));
  db.newQuery(sql).bind(params).all(rows);
  return rows.map((r) => r.number);
}

function words(db, lo, hi) {
  const rows = arrayOf(new DynamicModel({ word: '' }));
  db.newQuery(
    'WITH RECURSIVE w(word) AS (' +
      'SELECT (SELECT word FROM order_words WHERE id >= {:lo} AND id < {:hi} ORDER BY id LIMIT 1) ' +
      "UNION ALL SELECT (SELECT word FROM order_words WHERE id >= w.word || '!' AND id < {:hi} ORDER BY id LIMIT 1) FROM w WHERE w.word IS NOT NULL" +
    ') SELECT word FROM w WHERE word IS NOT NULL LIMIT {:max}'
  ).bind({ lo, hi, max: MAX_WORDS + 1 }).all(rows);
  return rows.map((r) => r.word);
}

/**
 * @param {{ terms: string[], before?: number, limit: number, sortUpTo?: number }} q
 *   `sortUpTo`: a word with more rows than this is walked per stored word (default SMALL; 0
 *   walks every word; both ways give the same answer, the tests ask for each)
 * @returns {{ scan: true } | { numbers: number[], exhausted: boolean }} `exhausted`: nothing
 *   older than the last number can match
 */
function newest(app, q) {
  const db = app.db();
  const small = q.sortUpTo === undefined ? SMALL : q.sortUpTo;
  const before = q.before === undefined ? NO_CURSOR : q.before;
  const limit = q.limit;
  const pending = numbers(db, 'SELECT number FROM order_words_pending WHERE number < {:before} ORDER BY number DESC LIMIT {:max}', { before, max: MAX_PENDING + 1 });
  if (pending.length > MAX_PENDING) return { scan: true };
  // the rarest word: fewest rows (counted up to SMALL + 1), the longer one on a tie
  let best = null;
  for (const term of q.terms) {
    const n = one(db, 'SELECT count(*) AS n FROM (SELECT 1 FROM order_words WHERE id >= {:lo} AND id < {:hi} LIMIT {:cap})', { lo: term, hi: upper(term), cap: SMALL + 1 }, { n: 0 }).n;
    if (!best || n < best.n || (n === best.n && term.length > best.term.length)) best = { term, n };
  }
  const lo = best.term;
  const hi = upper(lo);
  let found;
  let exhausted;
  // a few rows are sorted; more are walked per stored word when the word starts few of them
  // (a sort of dvor's 4,425 rows cost more than walking dvorak's), or when there are too many
  // rows to sort; a word that starts many stored words and has few rows is sorted after all
  const stored = best.n > Math.min(SORT_BELOW, small) ? words(db, lo, hi) : null;
  const walk = stored !== null && (stored.length <= FEW_WORDS || best.n > small);
  if (walk && stored.length > MAX_WORDS) return { scan: true };
  if (!walk) {
    found = numbers(db, 'SELECT DISTINCT number FROM order_words WHERE id >= {:lo} AND id < {:hi} AND number < {:before} ORDER BY number DESC LIMIT {:limit}', { lo, hi, before, limit });
    exhausted = found.length < limit;
  } else {
    const seen = {};
    found = [];
    exhausted = true;
    for (const word of stored) {
      const own = numbers(db, 'SELECT number FROM order_words WHERE word = {:word} AND number < {:before} ORDER BY number DESC LIMIT {:limit}', { word, before, limit });
      if (own.length === limit) exhausted = false;
      for (const n of own) if (!seen[n]) (seen[n] = true), found.push(n);
    }
    found.sort((a, b) => b - a);
    if (found.length > limit) {
      found = found.slice(0, limit);
      exhausted = false;
    }
  }
  // the pending orders join in number order; those older than the page's last come again with the next cursor
  const floor = exhausted ? -1 : found[found.length - 1];
  const all = {};
  for (const n of found) all[n] = true;
  const waiting = pending.filter((n) => n >= floor);
  for (const n of waiting) all[n] = true;
  const merged = Object.keys(all).map(Number).sort((a, b) => b - a);
  return { numbers: merged, exhausted };
}

/** candidates asked for per round by `rows` */
const ROW_BATCH = 200;
/** rounds of candidates `rows` takes before it hands the rest to the app's scan */
const ROW_ROUNDS = 10;

/** the orders columns `rows` may answer: plain fields only, with the shape their values take */
function columns(app, fields) {
  const collection = app.findCollectionByNameOrId('orders');
  const shape = {};
  for (const name of fields) {
    const field = name === 'id' ? { type: () => 'text' } : collection.fields.getByName(name);
    if (!/^[a-z_]+$/.test(name) || !field) throw new BadRequestError('fields: ' + name + ' is not a field of orders');
    const type = field.type();
    // the queue's columns: text, numbers, dates, single selects (states); nothing multi-valued
    if (type === 'json' || type === 'file' || type === 'relation' || (type === 'select' && field.maxSelect > 1)) throw new BadRequestError('fields: ' + name + ' is not a plain field');
    shape[name] = type === 'number' ? 0 : type === 'bool' ? false : '';
  }
  return shape;
}

/** the orders among `numbers` whose search_text has every pattern (`likes`, bound into `params`) */
function matching(numbers, likes, params) {
  const patterns = likes.map((l, i) => ((params['l' + i] = l), ' AND search_text LIKE {:l' + i + "} ESCAPE '\\'")).join('');
  return 'number IN (' + numbers.map((n) => Number(n)).join(',') + ')' + patterns;
}

/** orders a key finds up to here are the answer; more, and the key is a common word */
const KEY_ORDERS = 80;

/**
 * A search text that is one key (a product's SKU, a tracking number, an invoice number, an
 * e-mail address: 4–100 characters, no space, not an order number) as typed, upper- or
 * lower-cased: the ids of the 1–KEY_ORDERS orders it finds through those columns' indexes,
 * else null (a rare key would otherwise be a scan of every order's words).
 */
function keyOrders(db, raw) {
  const q = String(raw).trim();
  if (q.length < 4 || q.length > 100 || /\s/.test(q) || /^#?\d{1,7}$/.test(q)) return null;
  const variants = [q, q.toUpperCase(), q.toLowerCase()].filter((v, i, all) => all.indexOf(v) === i);
  const params = { cap: KEY_ORDERS + 1 };
  const list = variants.map((v, i) => ((params['v' + i] = v), '{:v' + i + '}')).join(', ');
  const found = arrayOf(new DynamicModel({ id: '' }));
  db.newQuery(
    'SELECT id FROM (SELECT id FROM orders WHERE invoice_number IN (' + list + ') OR email IN (' + list + ') LIMIT {:cap}) ' +
      'UNION SELECT [[order]] FROM (SELECT [[order]] FROM shipments WHERE tracking_number IN (' + list + ') LIMIT {:cap}) ' +
      'UNION SELECT [[order]] FROM (SELECT [[order]] FROM order_lines WHERE product IN (SELECT id FROM products WHERE sku IN (' + list + ') LIMIT 5) LIMIT {:cap})'
  ).bind(params).all(found);
  return found.length > 0 && found.length <= KEY_ORDERS ? found.map((r) => r.id) : null;
}

/**
 * A whole page of a search that has only words (no other filter): the candidates, newest
 * first, checked against every word's pattern (`likes`: what the app's filter asks of
 * search_text, `search_text ~ ' muller'` is '% muller%'), round after round, until `want`
 * orders are found. One request instead of candidates, then a filter of a hundred `number =`
 * terms (PocketBase resolves each: 12 ms for 100 on the scale data, SQLite's part 0.2 ms).
 * `done: false`: the app's scan goes on below `before` (null: from the newest order), for a
 * word too short to narrow, or after ROW_ROUNDS rounds of candidates that did not fill the page.
 * `key`: the search text, tried first as a key (keyOrders); its orders answer with `key: true`.
 * @param {{ terms: string[], likes: string[], key?: string, before?: number, want: number, fields: string[] }} q
 */
function rows(app, q) {
  const shape = columns(app, q.fields);
  const db = app.db();
  const cols = Object.keys(shape).map((f) => '[[' + f + ']]').join(', ');
  const below = (before) => (before === undefined ? '' : ' AND number < ' + Number(before));
  const ids = q.key ? keyOrders(db, q.key) : null;
  if (ids) {
    const list = arrayOf(new DynamicModel(shape));
    const params = { want: q.want };
    const idList = ids.map((id, i) => ((params['i' + i] = id), '{:i' + i + '}')).join(', ');
    db.newQuery('SELECT ' + cols + ' FROM orders WHERE id IN (' + idList + ')' + below(q.before) + ' ORDER BY number DESC LIMIT {:want}').bind(params).all(list);
    return { rows: list, done: true, before: null, key: true };
  }
  const found = [];
  let before = q.before;
  for (let round = 1; ; round++) {
    const c = newest(app, { terms: q.terms, before, limit: ROW_BATCH });
    if (c.scan) return { rows: found, done: false, before: before === undefined ? null : before };
    if (c.numbers.length) {
      const params = { want: q.want - found.length };
      const list = arrayOf(new DynamicModel(shape));
      db.newQuery('SELECT ' + cols + ' FROM orders WHERE ' + matching(c.numbers, q.likes, params) + ' ORDER BY number DESC LIMIT {:want}').bind(params).all(list);
      for (const r of list) found.push(r);
    }
    if (found.length >= q.want || c.exhausted || !c.numbers.length) return { rows: found, done: true, before: null };
    before = c.numbers[c.numbers.length - 1];
    if (round >= ROW_ROUNDS) return { rows: found, done: false, before };
  }
}

/** candidates `count` checks at most; beyond, the app counts by the scan */
const COUNT_CHECKS = 5000;

/**
 * How many orders a search of words only finds, counted up to `cap`: the key's orders, or the
 * candidates checked against each word's pattern 1,000 a round. `counted: false` when a word
 * is too short to narrow or more than COUNT_CHECKS candidates would be checked.
 * @param {{ terms: string[], likes: string[], key?: string, cap: number }} q
 */
function count(app, q) {
  const db = app.db();
  const ids = q.key ? keyOrders(db, q.key) : null;
  if (ids) return { counted: true, count: ids.length };
  let total = 0;
  let checked = 0;
  let before;
  for (;;) {
    const c = newest(app, { terms: q.terms, before, limit: 1000 });
    if (c.scan) return { counted: false };
    if (c.numbers.length) {
      const params = {};
      total += one(db, 'SELECT count(*) AS n FROM orders WHERE ' + matching(c.numbers, q.likes, params), params, { n: 0 }).n;
    }
    checked += c.numbers.length;
    if (total >= q.cap || c.exhausted || !c.numbers.length) return { counted: true, count: Math.min(total, q.cap) };
    if (checked >= COUNT_CHECKS) return { counted: false };
    before = c.numbers[c.numbers.length - 1];
  }
}

/** up to eight strings of `min` to `max` characters from a request body's array */
const strings = (list, min, max) => (Array.isArray(list) ? list.filter((t) => typeof t === 'string' && t.length >= min && t.length <= max).slice(0, 8) : []);

/** what every order-words route reads from its body: the words, their patterns, the key, the cursor */
function readSearch(body) {
  const terms = strings(body.terms, 1, 200);
  if (!terms.length) throw new BadRequestError('terms: one to eight search words are needed');
  const before = body.before === undefined || body.before === null ? undefined : Math.floor(Number(body.before));
  if (before !== undefined && !Number.isFinite(before)) throw new BadRequestError('before: an order number is needed');
  const key = typeof body.key === 'string' && body.key.length <= 200 ? body.key : undefined;
  return { terms, likes: strings(body.likes, 0, 210), key, before };
}

const bounded = (value, fallback, max) => Math.min(Math.max(Math.floor(Number(value) || fallback), 1), max);

/**
 * POST /api/packbench/order-words/newest { terms, key?, before?, limit?, sortUpTo? }: the key's
 * orders ({ keyIds }) when the text is a key, else the candidates (newest).
 */
function answerNewest(e) {
  const body = e.requestInfo().body || {};
  const { terms, key, before } = readSearch(body);
  const keyIds = key ? keyOrders($app.db(), key) : null;
  if (keyIds) return e.json(200, { keyIds });
  const sortUpTo = body.sortUpTo === undefined ? undefined : Math.min(Math.max(Math.floor(Number(body.sortUpTo) || 0), 0), SMALL);
  return e.json(200, newest($app, { terms, before, limit: bounded(body.limit, 200, 1000), sortUpTo }));
}

/** POST /api/packbench/order-words/rows { terms, likes, key?, before?, want, fields } */
function answerRows(e) {
  const body = e.requestInfo().body || {};
  const fields = Array.isArray(body.fields) ? body.fields.filter((f) => typeof f === 'string').slice(0, 40) : [];
  if (!fields.length) throw new BadRequestError('fields: the columns to answer are needed');
  return e.json(200, rows($app, { ...readSearch(body), want: bounded(body.want, 51, 1000), fields }));
}

/** POST /api/packbench/order-words/count { terms, likes, key?, cap? } */
function answerCount(e) {
  const body = e.requestInfo().body || {};
  return e.json(200, count($app, { ...readSearch(body), cap: bounded(body.cap, 1000, 10000) }));
}

module.exports = { newest, answerNewest, rows, answerRows, count, answerCount };
