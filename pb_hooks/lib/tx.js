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
//
// Files: this one runs units (unit.go in Go); lib/tx-ops.js has the ops and held records,
// lib/tx-failure.js the failures, op checks and references.

const { TxFailure, saveFailure, failureOf, hasRef, resolveRefs, badOp } = require(`${__hooks}/lib/tx-failure.js`);
const { handlers, HELD, newContext, stockedProduct, saveHeld, checkExpect } = require(`${__hooks}/lib/tx-ops.js`);

const upfrontAbsent = (op) => !!op && op.op === 'absent' && !badOp(op) && !hasRef(op.match);

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
    if (op && op.op !== 'stock' && op.collection === 'products') return null;
  }
  const touched = {};
  const shortages = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    if (!op || op.op !== 'stock' || badOp(op) || typeof op.product !== 'string' || op.product.indexOf('$ref:') === 0) continue;
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
