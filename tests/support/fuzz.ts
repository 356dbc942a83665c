// Property-based fuzzing helpers (issue #12, "proof beyond the findings"): hostile values,
// the one property every call must keep (an answer, or a 4xx-class TRPCError without a stack
// trace) and row counts to prove nothing was written.
import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import { pb } from '../../src/lib/server/pocketbase/client';

/** A fixed seed, so a failure replays: FUZZ_SEED=<n> runs another one. */
export const SEED = Number(process.env.FUZZ_SEED ?? 12_2026);

export const CLIENT_CODES = new Set(['BAD_REQUEST', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'CONFLICT', 'TOO_MANY_REQUESTS', 'PRECONDITION_FAILED', 'PAYLOAD_TOO_LARGE', 'UNPROCESSABLE_CONTENT']);

/** Strings an attacker tries: filter/SQL syntax, quotes, control and odd unicode, long ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "' || 1=1", '" || id != "', "1' OR '1'='1", '\\', '\\"', "'", '"', '%', '_', '~', '?=', '&&', '||', '!=',
    'id != ""', "email ~ '%'", '*', '../../etc/passwd', '<script>alert(1)</script>', '${7*7}', '{{7*7}}',
    '__proto__', 'constructor', 'prototype', 'toString', 'null', 'undefined', 'NaN', 'Infinity', '-1', '1e309',
    '0x1F', '', ' ', '\u0000', '\u202e', '\ud800', '\uffff', '\r\n', 'aaaaaaaaaaaaaaa', '000000000000000', 'ÄÖÜß€',
    'a@b.c', 'x@example.com', '4242 4242 4242 4242', '12/99', '123'
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\ufeff', '\u200b', '"', "'", '\\', '%', 'a'), maxLength: 30 }),
  fc.integer({ min: 199, max: 260 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => '\u00e4'.repeat(n))
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 999, 1000, 2 ** 31, -(2 ** 31), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, Number.MAX_VALUE, Number.EPSILON, NaN, Infinity, -Infinity, 0.5, 1e21),
  fc.integer(),
  fc.double()
);

/** Objects with prototype-pollution keys (created as own keys, as JSON.parse does). */
export const pollutingObject: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.jsonValue())
  .map(([k, v]) => JSON.parse(`{${JSON.stringify(k)}: ${JSON.stringify(v) ?? 'null'}, "toString": 1}`));

const deep = fc.integer({ min: 50, max: 1500 }).chain((depth) =>
  fc.constantFrom('array', 'object').map((kind) => {
    let v: unknown = 'x';
    for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
    return v;
  })
);

/** Any value a JSON (or superjson) request could carry, biased to hostile ones. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  fc.jsonValue({ maxDepth: 3 }),
  hostileString,
  hostileNumber,
  fc.constantFrom(undefined, null, true, false, [], {}, new Date(NaN), BigInt(1)),
  pollutingObject,
  deep
);

/** An object with the right keys, each value hostile (reaches further than random JSON). */
export function shaped(keys: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const parts = Object.fromEntries(Object.entries(keys).map(([k, good]) => [k, fc.oneof({ weight: 2, arbitrary: good }, { weight: 1, arbitrary: hostileValue })]));
  return fc.record(parts, { requiredKeys: [] });
}

/** Free text a form accepts (1–max chars, not blank), hostile content included: reaches the queries. */
export const text = (max = 200) => fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), hostileString).filter((t) => t.trim().length > 0 && t.length <= max);

/**
 * A valid input with at most `max` fields replaced by hostile values or left out: gets past
 * most of the validation, so the hostile value reaches the code behind it.
 */
export function mutated(valid: Record<string, fc.Arbitrary<unknown>>, max = 2): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(valid);
  const change = fc.tuple(fc.constantFrom(...keys, '__proto__', 'extra'), fc.oneof(hostileValue, fc.constant(Symbol.for('drop'))));
  const changes = fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(change, { minLength: 1, maxLength: max }) });
  return fc.tuple(fc.record(valid), changes).map(([v, changes]) => {
    const out: Record<string, unknown> = { ...v };
    for (const [k, h] of changes) {
      if (h === Symbol.for('drop')) delete out[k];
      else Object.defineProperty(out, k, { value: h, enumerable: true, writable: true, configurable: true });
    }
    return out;
  });
}

/** A distinct client address per case, so rate limits trip rarely (TOO_MANY_REQUESTS is still fine). */
let ipSeq = 0;
export const nextIp = () => {
  const n = ++ipSeq;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

const STACK = /\n\s+at\s|\bat [\w.<>]+ \(|node_modules|\.ts:\d+|\.js:\d+/;

/**
 * The property: the call answered, or it failed with a TRPCError of a 4xx-class code whose
 * message carries no stack trace. Returns 'ok' or the code; throws (with what came back) otherwise.
 */
export async function answersCleanly(call: () => Promise<unknown>, what: () => string): Promise<string> {
  try {
    await call();
    return 'ok';
  } catch (e) {
    if (!(e instanceof TRPCError)) throw new Error(`${what()}: a raw error ${String(e)}`, { cause: e });
    if (!CLIENT_CODES.has(e.code)) throw new Error(`${what()}: ${e.code} ${e.message}\n${String((e.cause as Error | undefined)?.stack ?? e.stack)}`, { cause: e });
    if (STACK.test(e.message)) throw new Error(`${what()}: the message carries a stack trace: ${e.message}`);
    if (process.env.FUZZ_VERBOSE === '2') console.log(e.code, e.message.slice(0, 200));
    return e.code;
  }
}

/** Short form of a fuzzed input for failure messages. */
export const show = (v: unknown) => {
  let s: string;
  try {
    s = fc.stringify(v);
  } catch {
    s = `(a value nested too deep to print: ${String(v).slice(0, 40)})`;
  }
  return s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s;
};

export const WATCHED = ['orders', 'order_lines', 'stock_movements', 'payments', 'outbox', 'returns', 'staff'] as const;
export type Counts = Record<(typeof WATCHED)[number], number>;

export async function countRows(): Promise<Counts> {
  const entries = await Promise.all(WATCHED.map(async (c) => [c, (await pb().collection(c).getList(1, 1, { fields: 'id', skipTotal: false })).totalItems] as const));
  return Object.fromEntries(entries) as Counts;
}

export function runs(n: number): fc.Parameters<unknown> {
  return { numRuns: n, seed: SEED, endOnFailure: true, verbose: 1 };
}

type ZodLike = { _zod: { def: Record<string, unknown> & { type: string } } };

/**
 * Inputs shaped like a zod schema: right structure, values that often pass (real ids from
 * `ids`, short texts, small numbers, the enum's options) and sometimes hostile. Reaches the
 * code behind each procedure's validation without a hand-written generator per procedure.
 */
export function fromZod(schema: unknown, ids: fc.Arbitrary<string>, depth = 0): fc.Arbitrary<unknown> {
  const def = (schema as ZodLike)?._zod?.def;
  if (!def || depth > 8) return hostileValue;
  const inner = (s: unknown) => fromZod(s, ids, depth + 1);
  const hostile = { weight: 1, arbitrary: hostileValue };
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      return fc.record(Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, inner(s)])));
    }
    case 'string':
      return fc.oneof(
        { weight: 3, arbitrary: ids },
        { weight: 2, arbitrary: text(40) },
        { weight: 1, arbitrary: fc.constantFrom('x@example.com', '2026-12-01', '1234', '4242 4242 4242 4242', 'DE', 'EUR', 'Europe/Berlin', 'aaaaaaaaaaaaaaaaaaaa') },
        { weight: 1, arbitrary: fc.uuid() },
        hostile
      );
    case 'number':
    case 'int':
      return fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 20 }) }, { weight: 1, arbitrary: hostileNumber });
    case 'bigint':
      return fc.bigInt();
    case 'boolean':
      return fc.oneof({ weight: 3, arbitrary: fc.boolean() }, hostile);
    case 'date':
      return fc.date();
    case 'enum':
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...Object.values(def.entries as Record<string, string>)) }, hostile);
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'array':
      return fc.oneof({ weight: 4, arbitrary: fc.array(inner(def.element), { minLength: 1, maxLength: 3 }) }, hostile);
    case 'tuple':
      return fc.tuple(...(def.items as unknown[]).map(inner));
    case 'record':
      return fc.dictionary(fc.string({ maxLength: 10 }), inner(def.valueType), { maxKeys: 3 });
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map(inner));
    case 'intersection':
      return fc.tuple(inner(def.left), inner(def.right)).map(([a, b]) => (typeof a === 'object' && typeof b === 'object' ? { ...(a as object), ...(b as object) } : a));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return fc.oneof({ weight: 4, arbitrary: inner(def.innerType) }, { weight: 1, arbitrary: fc.constant(undefined) });
    case 'pipe':
      return inner((def.in as ZodLike)._zod.def.type === 'transform' ? def.out : def.in);
    case 'lazy':
      return inner((def.getter as () => unknown)());
    default:
      return hostileValue;
  }
}
