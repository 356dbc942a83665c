// The unit of work's ops, one handler per kind, and the records a transaction holds (see
// tx.js, the JS twin of pocketbase/tx: record.go, increment.go, counter.go, match.go,
// stock.go, held.go and validate.go there).
const { TxFailure, saveFailure } = require(`${__hooks}/lib/tx-failure.js`);

function find(app, collection, id) {
  try {
    return app.findRecordById(collection, id);
  } catch (_) {
    throw new TxFailure('not_found', collection + ' ' + id + ' does not exist', { collection: collection, id: id });
  }
}

function exportRecord(record) {
  return JSON.parse(JSON.stringify(record.publicExport()));
}

function checkExpect(record, expect) {
  if (!expect) return;
  for (const field in expect) {
    const allowed = Array.isArray(expect[field]) ? expect[field] : [expect[field]];
    const actual = record.get(field);
    if (allowed.indexOf(actual) === -1) {
      throw new TxFailure('precondition_failed', field + ' is ' + actual, {
        collection: record.collection().name, id: record.id, field: field, actual: actual, expected: allowed, record: exportRecord(record)
      });
    }
  }
}

/** the first record whose fields equal every value in op.match, or null */
function findMatching(app, op) {
  const names = Object.keys(op.match || {});
  if (names.length === 0) throw new TxFailure('bad_op', op.op + ' needs match values', {});
  if (names.length === 1) {
    // the common case, without parsing a filter
    try {
      return app.findFirstRecordByData(op.collection, names[0], op.match[names[0]]);
    } catch (_) {
      return null;
    }
  }
  const filter = names.map((n) => n + ' = {:' + n + '}').join(' && ');
  try {
    const found = app.findRecordsByFilter(op.collection, filter, '', 1, 0, op.match);
    return found.length > 0 ? found[0] : null;
  } catch (_) {
    return null; // as the native engine: a filter PocketBase refuses matches nothing
  }
}

const handlers = {
  counter(app, op, ctx) {
    const rec = held(app, ctx, 'counters', op.name, () => {
      try {
        return app.findFirstRecordByData('counters', 'name', op.name);
      } catch (_) {
        const fresh = new Record(app.findCachedCollectionByNameOrId('counters'));
        fresh.set('name', op.name);
        fresh.set('value', 0);
        return fresh;
      }
    });
    const next = rec.getInt('value') + 1;
    rec.set('value', next);
    ctx.dirty['counters:' + op.name] = true;
    return next;
  },

  create(app, op) {
    const rec = new Record(app.findCachedCollectionByNameOrId(op.collection));
    rec.load(op.body);
    app.save(rec);
    return rec.id;
  },

  update(app, op) {
    const rec = find(app, op.collection, op.id);
    if (op.ifVersion !== undefined && op.ifVersion !== null) {
      const current = rec.getInt('version');
      if (current !== op.ifVersion) {
        throw new TxFailure('version_conflict', 'Someone else changed this in the meantime', {
          collection: op.collection, id: op.id, expectedVersion: op.ifVersion, currentVersion: current, record: exportRecord(rec)
        });
      }
      rec.set('version', current + 1);
    }
    checkExpect(rec, op.expect);
    rec.load(op.body || {});
    app.save(rec);
    return op.ifVersion !== undefined && op.ifVersion !== null ? op.ifVersion + 1 : rec.id;
  },

  increment(app, op) {
    const rec = find(app, op.collection, op.id);
    checkExpect(rec, op.expect);
    const value = rec.getInt(op.field) + (op.by || 0);
    const max = op.maxField ? rec.getInt(op.maxField) : op.max;
    const min = op.min === undefined || op.min === null ? 0 : op.min;
    if (value < min || (max !== undefined && max !== null && value > max)) {
      throw new TxFailure('out_of_range', op.field + ' would be ' + value, {
        collection: op.collection, id: op.id, field: op.field, value: value, min: min, max: max, record: exportRecord(rec)
      });
    }
    rec.set(op.field, value);
    app.save(rec);
    return value;
  },

  findOrCreate(app, op) {
    const found = findMatching(app, op);
    return found ? found.id : handlers.create(app, { collection: op.collection, body: op.body });
  },

  absent(app, op) {
    const found = findMatching(app, op);
    if (found) {
      throw new TxFailure('exists', op.collection + ' ' + found.id + ' already exists', { collection: op.collection, id: found.id, record: exportRecord(found) });
    }
    return null;
  },

  delete(app, op) {
    app.delete(find(app, op.collection, op.id));
    return op.id;
  },

  stock(app, op, ctx) {
    const p = stockedProduct(app, ctx, op.product);
    checkExpect(p, op.expect); // e.g. the price and active flag a cached catalogue read
    const dOn = op.delta_on_hand || 0;
    const dRes = op.delta_reserved || 0;
    const onHand = p.getInt('on_hand');
    const reserved = p.getInt('reserved');
    const available = onHand - reserved;
    const nextOnHand = onHand + dOn;
    const nextReserved = reserved + dRes;
    // only a change that takes away availability can fail for lack of stock
    const takes = dRes - dOn > 0;
    if (nextOnHand < 0 || nextReserved < 0 || (takes && nextOnHand - nextReserved < 0)) {
      throw new TxFailure('insufficient_stock', 'Not enough ' + p.getString('sku') + ' in stock', {
        product: p.id, sku: p.getString('sku'), name: p.getString('name'), on_hand: onHand, reserved: reserved,
        available: available, requested: dRes - dOn, order_line: op.order_line || ''
      });
    }
    p.set('on_hand', nextOnHand);
    p.set('reserved', nextReserved);
    ctx.dirty['products:' + p.id] = true; // saved once, when the transaction's ops are done (saveHeld)
    // The ledger row is written by this function alone, from values checked here (the product
    // was just read), so PocketBase's validation (a query per relation) is skipped for it.
    const ledger = app.findCachedCollectionByNameOrId('stock_movements');
    const reasons = ledger.fields.getByName('reason').values;
    if (reasons.indexOf(op.reason) === -1) throw new TxFailure('invalid', 'reason: ' + op.reason + ' is not a stock movement reason', { field: 'reason' });
    if (Array.from(op.note || '').length > 500) throw new TxFailure('invalid', 'note: at most 500 characters', { field: 'note' });
    const m = new Record(ledger);
    m.load({
      product: p.id, delta_on_hand: dOn, delta_reserved: dRes, reason: op.reason,
      order: op.order || '', order_line: op.order_line || '', actor: op.actor || '', note: op.note || ''
    });
    app.saveNoValidate(m);
    return { product: p.id, on_hand: nextOnHand, reserved: nextReserved };
  }
};

// Stock moves and counters keep the records they change in memory (ctx) and save each ONCE
// when the transaction's ops are done (saveHeld): a burst of orders for the same goods costs
// one product save (and one live update) and one counter save, instead of one per line and
// order. Any other op on products or counters saves them first.
const HELD = { products: true, counters: true };

function newContext() {
  return { records: {}, dirty: {} };
}

function held(app, ctx, collection, key, load) {
  const k = collection + ':' + key;
  if (!ctx.records[k]) ctx.records[k] = load();
  return ctx.records[k];
}

function stockedProduct(app, ctx, id) {
  return held(app, ctx, 'products', id, () => find(app, 'products', id));
}

function saveHeld(app, ctx) {
  for (const k in ctx.dirty) {
    try {
      app.save(ctx.records[k]);
    } catch (err) {
      throw saveFailure(err, { collection: k.split(':')[0], id: ctx.records[k].id });
    }
  }
  ctx.records = {};
  ctx.dirty = {};
}

module.exports = { handlers: handlers, HELD: HELD, newContext: newContext, stockedProduct: stockedProduct, saveHeld: saveHeld, checkExpect: checkExpect };
