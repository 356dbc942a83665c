// The unit of work's failures, op checks and "$ref:" values (see tx.js, the JS twin of
// pocketbase/tx: failure.go, decode.go and refs.go there).

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


function failureOf(err) {
  if (err && err.code && err instanceof TxFailure) return err;
  return saveFailure(err, {});
}


const KINDS = ['counter', 'create', 'update', 'increment', 'delete', 'findOrCreate', 'absent', 'stock'];

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
  for (const k in op) { // the op's few fields, not every known one: this runs for every op
    const want = FIELD_TYPES[k];
    const v = op[k];
    if (!want || v === undefined || v === null) continue;
    if (typeof v !== want || (want === 'object' && Array.isArray(v))) {
      return new TxFailure('bad_op', 'Op ' + op.op + ' is not valid: ' + k + ' must be a JSON ' + want, {});
    }
  }
  if (KINDS.indexOf(op.op) === -1) return new TxFailure('bad_op', 'Unknown op ' + op.op, {});
  return null;
}

module.exports = { TxFailure: TxFailure, saveFailure: saveFailure, failureOf: failureOf, hasRef: hasRef, resolveRefs: resolveRefs, badOp: badOp };
