// Signing secrets kept as settings: random per install, created on first use and the same for
// every later start and every app server (a concurrent first use loses to the stored one).
import { config } from '../config';
import { createRow, isRace, readRow } from './store';

export interface Secret {
  get(): Promise<string>;
  /** tests that switch PocketBase instances */
  forget(): void;
}

export function defineSecret(key: string, field: string, make: () => string, valid: (s: string) => boolean = (s) => s.length > 0): Secret {
  const cache = new Map<string, Promise<string>>();
  const stored = async () => {
    const v = (await readRow(key))?.value?.[field];
    return typeof v === 'string' && valid(v) ? v : null;
  };
  const loadOrCreate = async () => {
    const existing = await stored();
    if (existing) return existing;
    const fresh = make();
    try {
      await createRow(key, { [field]: fresh });
      return fresh;
    } catch (e) {
      if (!isRace(e)) throw e;
      const raced = await stored();
      if (!raced) throw e;
      return raced;
    }
  };
  return {
    get() {
      // never changes once made, so kept for the life of the process (per PocketBase instance)
      const url = config().pocketbaseUrl;
      let secret = cache.get(url);
      if (!secret) {
        secret = loadOrCreate();
        cache.set(url, secret);
        secret.catch(() => cache.delete(url));
      }
      return secret;
    },
    forget() {
      cache.clear();
    }
  };
}
