// Wrong sign-ins, counted in PocketBase (issue #12, finding 6): a restart or a second app server
// does not forget them. Per account (the e-mail) and per address, in 15-minute windows; the
// current and the previous window count, so the limit holds across a window's edge.
//   per account: 10 wrong passwords, then the account waits (whoever tries, from wherever)
//   per address: 30 wrong passwords over any accounts, then that address waits
// A right password clears the account's count; the address keeps its count.
import { createHash } from 'node:crypto';
import { collection, filterValue } from '../pocketbase/client';
import { UnitOfWork } from '../pocketbase/tx';

export const WINDOW_MS = 15 * 60_000;
export const PER_ACCOUNT = 10;
export const PER_ADDRESS = 30;

interface FailureRow {
  id: string;
  key: string;
  window: number;
  count: number;
  created: string;
  updated: string;
}
declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    sign_in_failures: FailureRow;
  }
}

// only a digest is stored: the table names no e-mail and no address
const keyOf = (kind: 'account' | 'address', value: string) => `${kind}:${createHash('sha256').update(value.trim().toLowerCase()).digest('hex').slice(0, 40)}`;
const windowOf = (now: number) => Math.floor(now / WINDOW_MS);

async function counts(keys: string[], now: number): Promise<Map<string, number>> {
  const w = windowOf(now);
  const rows = await collection('sign_in_failures').getFullList({ filter: `(${keys.map((k) => `key = ${filterValue(k)}`).join(' || ')}) && window >= ${w - 1}`, fields: 'key,count' });
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.key, (out.get(r.key) ?? 0) + r.count);
  return out;
}

/** Seconds to wait before this account may be tried again from this address; 0 when it may. */
export async function signInWait(email: string, ip: string, now = Date.now()): Promise<number> {
  const account = keyOf('account', email);
  const address = keyOf('address', ip);
  const c = await counts([account, address], now);
  if ((c.get(account) ?? 0) < PER_ACCOUNT && (c.get(address) ?? 0) < PER_ADDRESS) return 0;
  return Math.max(1, Math.ceil(((windowOf(now) + 1) * WINDOW_MS - now) / 1000));
}

/** One more wrong password for the account and the address, counted in one transaction. */
export async function recordSignInFailure(email: string, ip: string, now = Date.now()): Promise<void> {
  const w = windowOf(now);
  const uow = new UnitOfWork();
  for (const key of [keyOf('account', email), keyOf('address', ip)]) {
    const row = uow.findOrCreate('sign_in_failures', { key, window: w }, { key, window: w, count: 0 });
    uow.increment('sign_in_failures', row, 'count', 1);
  }
  await uow.commit();
  // windows before the previous one no longer count: a few rows, removed now and then
  if (Math.random() < 0.05) await forgetOldFailures(now);
}

export async function forgetOldFailures(now = Date.now()) {
  const old = await collection('sign_in_failures').getFullList({ filter: `window < ${windowOf(now) - 1}`, fields: 'id', batch: 500 });
  for (const r of old) await collection('sign_in_failures').delete(r.id);
}

/** A right password: the account starts from zero (the address does not). */
export async function clearAccountFailures(email: string): Promise<void> {
  const rows = await collection('sign_in_failures').getFullList({ filter: `key = ${filterValue(keyOf('account', email))}`, fields: 'id' });
  for (const r of rows) await collection('sign_in_failures').delete(r.id);
}
