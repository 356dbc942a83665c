// A unit of work applied in ONE PocketBase transaction, for the app server only
// (superuser). This is the JS twin of Packbench's native engine (pocketbase/tx/): it
// serves the route on an official PocketBase binary; both pass tests/integration/tx-suite.ts.
// All domain rules live in TypeScript; this file only guarantees that a set of writes
// happens all-or-nothing, that stock never goes below what is there, that
// optimistic versions hold, and that sequential numbers never repeat or skip.
//
// Op kinds (values equal to "$ref:<name>" are replaced by an earlier op's result `as` name):
//   { op: 'counter', name, as }                       -> next value of a gap-free counter
//   { op: 'create', collection, body, as?, quiet? }    -> created record id ('quiet' keeps it off the realtime
//                                                        feed in Packbench's native engine only; here it is ignored)
//   { op: 'update', collection, id, body, ifVersion?, expect?, as? }
//   { op: 'increment', collection, id, field, by, min?, max?, maxField? }
//   { op: 'delete', collection, id }
//   { op: 'findOrCreate', collection, match, body, as? }  -> id of the first record with every `match` value, else a new one from body
//   { op: 'absent', collection, match }               -> fails with 'exists' (and the record) when such a record
//                                                        exists when the unit starts (checked before its writes)
//   { op: 'stock', product, delta_on_hand, delta_reserved, reason, order?, order_line?, actor?, note?, expect? }
// A failed rule throws TxFailure and nothing is written; a record PocketBase refuses fails
// with 'unique_violation' (details.fields) when a unique index refused it, else 'invalid'.
//
// This twin stays while it serves users without Go (the resolver's official-release
// fallback) and must behave as the native engine for every op and option, except the
// native engine's optimisations it leaves out (tests/integration/tx-suite.ts lists them):
// `quiet`, the known-relation shortcut of validateNew, and ids made without PocketBase's regexp.
//
// Group commit (runUnits): several independent units of work in ONE transaction, so a burst
// of checkouts pays for one request and one commit. A unit whose stock moves cannot be made
// is refused before it writes anything and the others go on; any other failure rolls the
// whole transaction back and names the unit, and the caller sends the others again.

function TxFailure(code, message, details) {
  this.code = code;
  this.message = message;
  this.details = details || {};
}

const messageOf = (err) => String(err && err.message ? err.message : err);

/**
 * The fields a unique index refused, or null when err is not a unique-constraint failure.
 * PocketBase turns SQLite's "UNIQUE constraint failed: t.a" into validation errors whose
 * message is "a: Value must be unique."; an index on an expression keeps SQLite's message
 * (then no fields are known). The native engine reads the same from the Go error.
 */
function uniqueFields(message) {
  const parts = message.replace(/\.$/, '').split('; ');
  const fields = [];
  for (const part of parts) {
    const m = /^([A-Za-z0-9_]+): Value must be unique$/.exec(part);
    if (!m) {
      fields.length = 0;
      break;
    }
    fields.push(m[1]);
  }
  if (fields.length > 0) return fields.sort();
  const raw = /UNIQUE constraint failed: (.*?)(?: \(|$)/.exec(message);
  if (!raw) return null;
  if (raw[1].indexOf('index ') === 0) return [];
  return raw[1].split(', ').map((c) => c.slice(c.lastIndexOf('.') + 1));
}

/** a record PocketBase refused to save: unique_violation when a unique index refused it, else invalid */
function saveFailure(err, details) {
  const message = messageOf(err);
  const fields = uniqueFields(message);
  if (!fields) return new TxFailure('invalid', message, details);
  if (fields.length > 0) details.fields = fields;
  return new TxFailure('unique_violation', message, details);
}

function hasRef(value) {
  if (typeof value === 'string') return value.indexOf('$ref:') === 0;
  if (Array.isArray(value)) return value.some(hasRef);
  if (value && typeof value === 'object') {
    for (const k in value) if (hasRef(value[k])) return true;
  }
  return false;
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

// The JSON type of every op field; null counts as absent. The native engine decodes ops into
// typed structs and refuses a field of another type as bad_op; so does this twin.
const FIELD_TYPES = {
  op: 'string', as: 'string', collection: 'string', id: 'string', name: 'string', field: 'string', maxField: 'string',
  product: 'string', reason: 'string', order: 'string', order_line: 'string', actor: 'string', note: 'string',
  by: 'number', min: 'number', max: 'number', ifVersion: 'number', delta_on_hand: 'number', delta_reserved: 'number',
  quiet: 'boolean', body: 'object', match: 'object', expect: 'object'
};

/** why op is not a valid op (a TxFailure without index), or null */
function badOp(op) {
  if (!op || typeof op !== 'object' || Array.isArray(op)) return new TxFailure('bad_op', 'An op must be an object', {});
  for (const k in FIELD_TYPES) {
    const v = op[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== FIELD_TYPES[k] || (FIELD_TYPES[k] === 'object' && Array.isArray(v))) {
      return new TxFailure('bad_op', 'Op ' + op.op + ' is not valid: ' + k + ' must be a JSON ' + FIELD_TYPES[k], {});
    }
  }
  if (!handlers[op.op]) return new TxFailure('bad_op', 'Unknown op ' + op.op, {});
  return null;
}

const upfrontAbsent = (op) => !badOp(op) && op.op === 'absent' && !hasRef(op.match);

/**
 * The unit's `absent` ops (those without references), tried before it writes anything: a unit
 * that must not happen twice (an idempotency key already used) is answered with the record
 * that key made, whatever its ops' order. Returns the failure, or null.
 */
function checkAbsent(app, ops) {
  for (let i = 0; i < ops.length; i++) {
    if (!upfrontAbsent(ops[i])) continue;
    try {
      handlers.absent(app, ops[i]);
    } catch (err) {
      const f = failureOf(err);
      f.details.index = i;
      return f;
    }
  }
  return null;
}

/**
 * The stock moves of a unit, tried on the current figures without writing anything: the
 * failure the unit would meet, or null. Products the unit also changes otherwise are left to
 * run() (a failure there rolls the whole group back).
 */
function precheck(app, ops, ctx) {
  const refused = checkAbsent(app, ops);
  if (refused) return refused;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    if (op.op !== 'stock' && op.collection === 'products') return null;
  }
  const touched = {};
  const shortages = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    if (op.op !== 'stock' || badOp(op) || typeof op.product !== 'string' || op.product.indexOf('$ref:') === 0) continue;
    let p = touched[op.product];
    if (!p) {
      let rec;
      try {
        rec = stockedProduct(app, ctx, op.product);
        checkExpect(rec, op.expect);
      } catch (err) {
        const f = failureOf(err);
        f.details.index = i;
        return f;
      }
      p = touched[op.product] = { rec: rec, onHand: rec.getInt('on_hand'), reserved: rec.getInt('reserved') };
    }
    const dOn = op.delta_on_hand || 0;
    const dRes = op.delta_reserved || 0;
    const nextOnHand = p.onHand + dOn;
    const nextReserved = p.reserved + dRes;
    if (nextOnHand < 0 || nextReserved < 0 || (dRes - dOn > 0 && nextOnHand - nextReserved < 0)) {
      // every short line, so the customer hears of all of them at once
      shortages.push({
        product: p.rec.id, sku: p.rec.getString('sku'), name: p.rec.getString('name'), on_hand: p.onHand, reserved: p.reserved,
        available: p.onHand - p.reserved, requested: dRes - dOn, index: i
      });
      continue;
    }
    p.onHand = nextOnHand;
    p.reserved = nextReserved;
  }
  if (shortages.length === 0) return null;
  const first = shortages[0];
  const details = { shortages: shortages, order_line: '' };
  for (const k in first) details[k] = first[k];
  return new TxFailure('insufficient_stock', 'Not enough ' + first.sku + ' in stock', details);
}

function failureOf(err) {
  if (err && err.code && err instanceof TxFailure) return err;
  return saveFailure(err, {});
}

/**
 * Runs independent units inside the caller's transaction. Returns one outcome per unit,
 * { results } or { failure }, or throws { unit, failure } when the transaction must roll back.
 */
function runUnits(app, units) {
  const ctx = newContext();
  const outcomes = [];
  for (let u = 0; u < units.length; u++) {
    let refused = null;
    try {
      refused = precheck(app, units[u], ctx);
    } catch (err) {
      refused = failureOf(err);
    }
    if (refused) {
      outcomes.push({ failure: refused });
      continue;
    }
    try {
      outcomes.push({ results: run(app, units[u], ctx) });
    } catch (err) {
      throw { unit: u, failure: failureOf(err) };
    }
  }
  try {
    saveHeld(app, ctx);
  } catch (err) {
    throw { unit: -1, failure: failureOf(err) };
  }
  return outcomes;
}

/** Applies a unit's ops in order. Pass the transaction's ctx when more units share it (runUnits). */
function run(app, ops, shared) {
  const ctx = shared || newContext();
  if (!shared) {
    const refused = checkAbsent(app, ops); // runUnits' precheck made these checks already
    if (refused) throw refused;
  }
  const results = [];
  const refs = {};
  for (let i = 0; i < ops.length; i++) {
    const bad = badOp(ops[i]);
    if (bad) {
      bad.details.index = i;
      throw bad;
    }
    if (upfrontAbsent(ops[i])) {
      results.push(null); // checked before the first write
      continue;
    }
    const handler = handlers[ops[i].op];
    let op;
    try {
      op = resolveRefs(ops[i], refs);
    } catch (err) {
      err.details.index = i;
      throw err;
    }
    if (op.collection && HELD[op.collection]) saveHeld(app, ctx); // not this op's failure: no index, as in Go
    let result;
    try {
      result = handler(app, op, ctx);
    } catch (err) {
      if (err instanceof TxFailure) {
        err.details.index = i;
        throw err;
      }
      // validation errors (required fields, unique indexes, min 0) carry PocketBase's message
      throw saveFailure(err, { index: i, op: op.op, collection: op.collection || 'products' });
    }
    if (op.as) refs[op.as] = result;
    results.push(result);
  }
  if (!shared) saveHeld(app, ctx);
  return results;
}

module.exports = { run: run, runUnits: runUnits, TxFailure: TxFailure };
