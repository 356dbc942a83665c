// The scale seed's work (see ../seed-scale.pb.js). Deterministic (a seeded PRNG), multi-row
// INSERTs of literal values in transactions of 2,000 orders. Lines and shipments go in before
// their order, so the order's insert trigger builds its search text once.

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Hans', 'Anna', 'Jürgen', 'Zofia', 'Łukasz', 'Antonín', 'Marie', 'Chloé', 'Søren', 'Émile', 'Björn', 'Renée', 'Paul', 'Lena', 'Jörg', 'Ines', 'Tomáš', 'Ewa', 'Klaus', 'Petra', 'Noah', 'Mia', 'Felix', 'Greta', 'Otto', 'Jana', 'Luca', 'Sofia', 'Ömer', 'Ayşe'];
const LAST = ['Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Krause', 'Meier', 'Lehmann', 'Dvořák', 'Nowak', 'Wójcik', 'Kowalski', 'Novák', 'Svoboda', 'Groß', 'Köhler', 'Jäger', 'Böhm', 'Özdemir', 'Şahin', 'Lefèvre'];
const ADJ = ['Rote', 'Blaue', 'Große', 'Kleine', 'Leichte', 'Warme', 'Stille', 'Helle', 'Feine', 'Runde'];
const NOUN = ['Tasse', 'Lampe', 'Decke', 'Kanne', 'Schale', 'Kerze', 'Vase', 'Mütze', 'Tasche', 'Bürste', 'Schürze', 'Dose'];
const ASCII = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', ł: 'l', í: 'i', á: 'a', é: 'e', è: 'e', ø: 'o', š: 's', ř: 'r', č: 'c', ó: 'o', ň: 'n', ş: 's', ğ: 'g', Ö: 'o', Ü: 'u', Ä: 'a', Ł: 'l', Ş: 's' };

const q = (s) => "'" + String(s).replace(/'/g, "''") + "'";
const id = (prefix, n) => prefix + n.toString(36).padStart(14, '0');
const pad = (n, w) => String(n).padStart(w, '0');
const iso = (ms) => new Date(ms).toISOString().replace('T', ' ');
const asciiMail = (s) => s.toLowerCase().split('').map((c) => (ASCII[c] !== undefined ? ASCII[c] : c)).join('').replace(/[^a-z0-9]/g, '');

function insert(db, table, columns, rows) {
  for (let i = 0; i < rows.length; i += 300) {
    const chunk = rows.slice(i, i + 300);
    db.newQuery('INSERT INTO ' + table + ' (' + columns.map((c) => '`' + c + '`').join(',') + ') VALUES ' + chunk.map((r) => '(' + r.join(',') + ')').join(',')).execute();
  }
}

function run(app, total) {
  const random = rng(20250301);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const started = Date.now();
  const log = (m) => console.log('[seed:scale] ' + m + ' (' + Math.round((Date.now() - started) / 1000) + ' s)');

  let firstNumber = 1;
  try {
    firstNumber = app.findFirstRecordByData('counters', 'name', 'order_number').getInt('value') + 1;
  } catch (_) {}
  const now = Date.now();
  const span = 3 * 365 * 86400000;

  // products
  const PRODUCTS = 2000;
  const products = [];
  const productRows = [];
  for (let p = 1; p <= PRODUCTS; p++) {
    const prod = { id: id('s', p), sku: 'SC-' + pad(p, 5) + '-' + pick(['S', 'M', 'L', 'XL']), name: pick(ADJ) + ' ' + pick(NOUN) + ' ' + p, price: int(199, 9999) };
    products.push(prod);
    productRows.push([q(prod.id), q(prod.sku), q(prod.name), "'[]'", q('S-' + pad(p % 100, 2)), prod.price, 1900, 0, 0, 1, q(iso(now - span)), q(iso(now - span))]);
  }
  app.runInTransaction((tx) => insert(tx.db(), 'products', ['id', 'sku', 'name', 'gtins', 'bin', 'price_cents', 'tax_rate_bp', 'on_hand', 'reserved', 'active', 'created', 'updated'], productRows));
  app.runInTransaction((tx) =>
    insert(tx.db(), 'stock_movements', ['id', 'product', 'delta_on_hand', 'delta_reserved', 'reason', 'note', 'created'], products.map((p, i) => [q(id('i', i + 1)), q(p.id), 1000000, 0, "'initial'", "'scale seed'", q(iso(now - span))]))
  );
  log(PRODUCTS + ' products');

  // customers: one in ten is a Müller (a common name), customer 1999 has a rare one
  const CUSTOMERS = Math.max(10, Math.round(total / 4));
  const customers = [];
  const customerRows = [];
  for (let c = 1; c <= CUSTOMERS; c++) {
    const last = c === 1999 ? 'Quellmalz' : random() < 0.1 ? 'Müller' : pick(LAST);
    const first = pick(FIRST);
    const cust = {
      id: id('c', c),
      name: first + ' ' + last,
      email: asciiMail(first) + '.' + asciiMail(last) + c + '@example.' + pick(['de', 'com', 'at', 'cz']),
      phone: '+49 1' + int(50, 79) + ' ' + pad(int(0, 9999999), 7)
    };
    customers.push(cust);
    customerRows.push([q(cust.id), q(cust.name), q(cust.email), q(cust.phone), "'[]'", "'de'", q(iso(now - span)), q(iso(now - span))]);
  }
  app.runInTransaction((tx) => insert(tx.db(), 'customers', ['id', 'name', 'email', 'phone', 'addresses', 'locale', 'created', 'updated'], customerRows));
  log(CUSTOMERS + ' customers');

  const BATCH = 2000;
  let lineSeq = 0;
  let moveSeq = PRODUCTS;
  let shipSeq = 0;
  let invoiceSeq = 0;
  let mailSeq = 0;
  let lines = 0;
  let moves = 0;
  for (let start = 0; start < total; start += BATCH) {
    const orderRows = [];
    const lineRows = [];
    const shipRows = [];
    const moveRows = [];
    const outboxRows = [];
    for (let k = start; k < Math.min(total, start + BATCH); k++) {
      const number = firstNumber + k;
      const placed = now - span + Math.floor(((k + random()) * (span - 3600000)) / total);
      const age = now - placed;
      const cust = customers[k % 50000 === 25000 ? 1998 % CUSTOMERS : Math.floor(random() * CUSTOMERS)];
      const method = pick(['card', 'card', 'card', 'card', 'card', 'online_banking', 'online_banking', 'online_banking', 'cheque', 'cash']);
      const r = random();
      let status = 'completed';
      let pay = 'paid';
      let ful = 'shipped';
      if (age < 3 * 86400000) [status, pay, ful] = ['placed', random() < 0.5 ? 'unpaid' : 'paid', 'unfulfilled'];
      else if (r < 0.2) [status, pay, ful] = ['placed', 'unpaid', 'unfulfilled'];
      else if (r < 0.25) [status, pay, ful] = ['cancelled', 'unpaid', 'unfulfilled'];
      const orderId = id('o', number);
      const n = int(1, 5);
      let subtotal = 0;
      for (let l = 0; l < n; l++) {
        const p = products[Math.floor(Math.pow(random(), 1.5) * PRODUCTS)];
        const qty = int(1, 3);
        const lineId = id('l', ++lineSeq);
        subtotal += p.price * qty;
        const shipped = ful === 'shipped' ? qty : 0;
        lineRows.push([q(lineId), q(orderId), q(p.id), q(p.sku), q(p.name), p.price, 1900, qty, shipped, shipped, 0, l, q(iso(placed)), q(iso(placed))]);
        if (status !== 'cancelled') {
          moveRows.push([q(id('m', ++moveSeq)), q(p.id), 0, qty, "'order_placed'", q(orderId), q(lineId), q(iso(placed))]);
          if (ful === 'shipped') moveRows.push([q(id('m', ++moveSeq)), q(p.id), -qty, -qty, "'shipped'", q(orderId), q(lineId), q(iso(placed + 86400000))]);
        }
      }
      lines += n;
      const shipping = 495;
      const tax = Math.round(((subtotal + shipping) * 19) / 119);
      const invoice = pay === 'paid' ? 'RE-' + new Date(placed).getUTCFullYear() + '-' + pad(++invoiceSeq, 6) : '';
      if (ful === 'shipped') {
        shipRows.push([q(id('h', ++shipSeq)), q(orderId), "'manual'", "'DHL'", q('00340434' + pad(number, 12)), "'delivered'", "'[]'", q(iso(placed + 86400000)), q(iso(placed + 86400000)), q(iso(placed + 86400000))]);
      }
      // the e-mails the order sent (customer's confirmation, merchant's notice): the outbox keeps them for good
      for (const [topic, to] of [['order_confirmation', cust.email], ['merchant_notice', 'shop@packbench.example']]) {
        const sent = iso(placed + 60000);
        outboxRows.push([q(id('x', ++mailSeq)), "'email'", q(topic), q(to), q('Bestellung ' + number), "'{}'", "'sent'", 1, "''", "''", q('scale-' + topic + '-' + number), q(sent), q(orderId), q(iso(placed)), q(sent)]);
      }
      const address = JSON.stringify({ name: cust.name, street: 'Hauptstraße ' + int(1, 200), postcode: pad(int(1000, 99999), 5), city: pick(['Berlin', 'München', 'Köln', 'Wien', 'Praha']), country: 'DE' });
      orderRows.push([
        q(orderId), number, q(cust.id), q(random() < 0.8 ? 'web' : 'phone'), q(status), q(pay), q(ful), q(method), "'ship'",
        q(cust.name), q(cust.email), q(cust.phone), q(address), "'EUR'", subtotal, tax, shipping, subtotal + shipping, "'de'",
        q('scale' + pad(number, 20)), q('scalepay' + pad(number, 20)), 1, q(invoice), q(iso(placed)), q(pay === 'paid' ? iso(placed + 3600000) : ''),
        q(status === 'cancelled' ? iso(placed + 7 * 86400000) : ''), q(iso(placed)), q(iso(placed + 86400000))
      ]);
    }
    moves += moveRows.length;
    app.runInTransaction((tx) => {
      const db = tx.db();
      insert(db, 'order_lines', ['id', 'order', 'product', 'sku', 'name', 'unit_price_cents', 'tax_rate_bp', 'qty', 'picked', 'shipped', 'returned', 'position', 'created', 'updated'], lineRows);
      insert(db, 'shipments', ['id', 'order', 'courier', 'carrier', 'tracking_number', 'status', 'events', 'shipped_at', 'created', 'updated'], shipRows);
      insert(db, 'stock_movements', ['id', 'product', 'delta_on_hand', 'delta_reserved', 'reason', 'order', 'order_line', 'created'], moveRows);
      insert(db, 'outbox', ['id', 'kind', 'topic', 'recipient', 'subject', 'payload', 'status', 'attempts', 'next_attempt_at', 'last_error', 'message_id', 'sent_at', 'order', 'created', 'updated'], outboxRows);
      insert(
        db,
        'orders',
        ['id', 'number', 'customer', 'channel', 'status', 'payment_status', 'fulfilment_status', 'payment_method', 'fulfilment_method', 'customer_name', 'email', 'phone', 'shipping_address', 'currency', 'subtotal_cents', 'tax_cents', 'shipping_cents', 'total_cents', 'locale', 'tracking_token', 'pay_token', 'version', 'invoice_number', 'placed_at', 'paid_at', 'cancelled_at', 'created', 'updated'],
        orderRows
      );
    });
    if ((start / BATCH) % 10 === 9 || start + BATCH >= total) log(Math.min(total, start + BATCH) + ' orders, ' + lines + ' lines, ' + moves + ' ledger rows');
  }

  app.runInTransaction((tx) => {
    const db = tx.db();
    // the products' figures are the sums of their ledger rows (the ledger's invariant)
    db.newQuery('UPDATE products SET on_hand = (SELECT coalesce(sum(delta_on_hand), 0) FROM stock_movements m WHERE m.product = products.id), reserved = (SELECT coalesce(sum(delta_reserved), 0) FROM stock_movements m WHERE m.product = products.id)').execute();
    const last = firstNumber + total - 1;
    db.newQuery("UPDATE counters SET value = " + last + " WHERE name = 'order_number'").execute();
    db.newQuery("INSERT INTO counters (id, name, value) SELECT 'scalecounter00', 'order_number', " + last + " WHERE NOT EXISTS (SELECT 1 FROM counters WHERE name = 'order_number')").execute();
  });
  // the search's word indexes, which the triggers left to a batch, in batches of 5,000
  const indexed = require(`${__hooks}/lib/order-words.js`).flushAll(app, 5000);
  const customersIndexed = require(`${__hooks}/lib/customer-words.js`).flushAll(app, 5000);
  log('word index: ' + indexed + ' orders, ' + customersIndexed + ' customers');
  app.db().newQuery('ANALYZE').execute();
  log('done: ' + total + ' orders numbered ' + firstNumber + '–' + (firstNumber + total - 1));
}

module.exports = { run };
