// A unit of work applied in ONE PocketBase transaction, for the app server only
// (superuser). All domain rules live in TypeScript; this file only guarantees that a set
// of writes happens all-or-nothing, that stock never goes below what is there, that
// optimistic versions hold, and that sequential numbers never repeat or skip.
//
// Op kinds (values equal to "$ref:<name>" are replaced by an earlier op's result `as` name):
//   { op: 'counter', name, as }                       -> next value of a gap-free counter
//   { op: 'create', collection, body, as? }            -> created record id
//   { op: 'update', collection, id, body, ifVersion?, expect?, as? }
//   { op: 'increment', collection, id, field, by, min?, max?, maxField? }
//   { op: 'delete', collection, id }
//   { op: 'stock', product, delta_on_hand, delta_reserved, reason, order?, order_line?, actor?, note?, expect? }
// A failed rule throws TxFailure and nothing is written.

function TxFailure(code, message, details) {
  this.code = code;
  this.message = message;
  this.details = details || {};
}

function resolveRefs(value, refs) {
  if (typeof value === 'string' && value.indexOf('$ref:') === 0) {
    const name = value.slice(5);
    if (!(name in refs)) throw new TxFailure('bad_ref', 'Unknown reference ' + name);
    return refs[name];
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, refs));
  if (value && typeof value === 'object') {
    const out = {};
    for (const k in value) out[k] = resolveRefs(value[k], refs);
    return out;
  }
  return value;
}

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

const handlers = {
  counter(app, op) {
    let rec;
    try {
      rec = app.findFirstRecordByData('counters', 'name', op.name);
    } catch (_) {
      rec = new Record(app.findCachedCollectionByNameOrId('counters'));
      rec.set('name', op.name);
      rec.set('value', 0);
    }
    const next = rec.getInt('value') + 1;
    rec.set('value', next);
    app.save(rec);
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
    const value = rec.getInt(op.field) + op.by;
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

  delete(app, op) {
    app.delete(find(app, op.collection, op.id));
    return op.id;
  },

  stock(app, op) {
    const p = find(app, 'products', op.product);
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
    app.save(p);
    const m = new Record(app.findCachedCollectionByNameOrId('stock_movements'));
    m.load({
      product: p.id, delta_on_hand: dOn, delta_reserved: dRes, reason: op.reason,
      order: op.order || '', order_line: op.order_line || '', actor: op.actor || '', note: op.note || ''
    });
    app.save(m);
    return { product: p.id, on_hand: nextOnHand, reserved: nextReserved };
  }
};

function run(app, ops) {
  const results = [];
  const refs = {};
  for (let i = 0; i < ops.length; i++) {
    const op = resolveRefs(ops[i], refs);
    const handler = handlers[op.op];
    if (!handler) throw new TxFailure('bad_op', 'Unknown op ' + op.op, { index: i });
    let result;
    try {
      result = handler(app, op);
    } catch (err) {
      if (err instanceof TxFailure) {
        err.details.index = i;
        throw err;
      }
      // validation errors (required fields, unique indexes, min 0) carry PocketBase's message
      throw new TxFailure('invalid', String(err && err.message ? err.message : err), { index: i, op: op.op, collection: op.collection || 'products' });
    }
    if (op.as) refs[op.as] = result;
    results.push(result);
  }
  return results;
}

module.exports = { run: run, TxFailure: TxFailure };
