// One way to read and write a setting (a row of the `settings` collection). Reads are cached
// for a few seconds per PocketBase instance; a save here drops the cache at once, and the
// realtime relay drops it when the row changes anywhere else (another app server, the
// PocketBase dashboard), so the TTL only bounds how stale a missed event can leave it.
import { z } from 'zod';
import { config } from '../config';
import { createRow, isRace, readRow, updateRow } from './store';

type Obj = Record<string, unknown>;

export interface Setting<T extends object> {
  readonly key: string;
  readonly defaults: T;
  /** the stored value over the defaults; a field that is missing or no longer valid takes its default */
  get(): Promise<T>;
  /** what is stored, as stored (nothing checked, nothing filled in) */
  raw(): Promise<Obj>;
  /** pure: a stored value (anything) -> T, the way `get` reads it */
  parse(value: unknown): T;
  /**
   * merges `patch` into the stored value (fields this schema does not know are kept) and writes
   * it. Race-safe: the write carries the version it read and starts over when someone else
   * saved in between, so two saves of different fields both survive. Throws a ZodError for an
   * invalid field.
   */
  save(patch: Partial<T>, opts?: { attempts?: number }): Promise<T>;
  /** read again on the next `get` */
  forget(): void;
}

const registry = new Map<string, Setting<Obj>>();

/** The relay calls this when a settings row changes; unknown keys are ignored. */
export function forgetSetting(key: string) {
  registry.get(key)?.forget();
}

/** Tests that switch PocketBase instances or write rows directly. */
export function forgetAllSettings() {
  for (const s of registry.values()) s.forget();
}

const isPlain = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Field by field, nested objects too: a value that fails its schema falls back to the default. */
function lenient(schema: z.ZodType, value: unknown, fallback: unknown): unknown {
  if (schema instanceof z.ZodObject && isPlain(fallback)) {
    const given = isPlain(value) ? value : {};
    const out: Obj = {};
    for (const [k, s] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      const v = lenient(s, k in given ? given[k] : fallback[k], fallback[k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  const r = schema.safeParse(value);
  return r.success ? r.data : fallback;
}

export function defineSetting<S extends z.ZodObject, T extends object = z.infer<S>>(
  key: string,
  schema: S,
  defaults: T,
  opts: { ttlMs?: number } = {}
): Setting<T> {
  const ttlMs = opts.ttlMs ?? 5_000;
  const shape = schema.shape as Record<string, z.ZodType>;
  // the stored value and its parsed form, read once per TTL (checkout reads it per order)
  let cached: { url: string; at: number; raw: Promise<Obj>; value: Promise<T> } | null = null;

  const parse = (value: unknown) => lenient(schema, value, defaults) as T;
  const current = () => {
    const url = config().pocketbaseUrl;
    const now = Date.now();
    if (!cached || cached.url !== url || now - cached.at > ttlMs) {
      const raw = readRow(key).then((row) => row?.value ?? {});
      const entry = { url, at: now, raw, value: raw.then(parse) };
      cached = entry;
      raw.catch(() => cached === entry && (cached = null));
      entry.value.catch(() => {}); // a failed read rejects through raw for whoever asked
    }
    return cached;
  };

  const setting: Setting<T> = {
    key,
    defaults,
    parse,
    raw: () => current().raw,
    get: () => current().value,
    async save(patch, { attempts = 10 } = {}) {
      const checked: Obj = {};
      for (const [k, v] of Object.entries(patch)) checked[k] = k in shape ? shape[k].parse(v) : v;
      for (let attempt = 1; ; attempt++) {
        const row = await readRow(key);
        const value = { ...(row?.value ?? {}), ...checked };
        try {
          if (row) await updateRow(row, value);
          else await createRow(key, value);
          setting.forget();
          return parse(value);
        } catch (e) {
          if (!isRace(e) || attempt >= attempts) throw e;
        }
      }
    },
    forget() {
      cached = null;
    }
  };
  registry.set(key, setting as unknown as Setting<Obj>);
  return setting;
}
