// Server-side sessions behind an httpOnly cookie. The cookie holds a random token; only its
// SHA-256 is stored, so a leaked database does not leak sessions. Revocation takes effect at once.
import { createHash, randomBytes } from 'node:crypto';
import PocketBase, { ClientResponseError } from 'pocketbase';
import { config } from '../config';
import { collection, filterValue, isUnavailable } from '../pocketbase/client';
import type { SessionRecord, StaffRecord } from '../pocketbase/records';

export const SESSION_COOKIE = 'packbench_session';

/** The cookie that carries a new session's token: httpOnly, SameSite=Lax, Secure behind https. */
export function setSessionCookie(cookies: { set: (name: string, value: string, opts: { path: string } & Record<string, unknown>) => void }, token: string, maxAgeSeconds = config().sessionDays * 86_400) {
  cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: config().secureCookies, maxAge: maxAgeSeconds });
}

export interface StaffSession {
  sessionId: string;
  staff: Pick<StaffRecord, 'id' | 'email' | 'name' | 'role' | 'locale'> & {
    /** signed in with a one-time password: only choosing their own password is allowed (issue #14) */
    mustChangePassword: boolean;
  };
  expires: Date;
  /** 'pin': signed in on a shared packing tablet; such a session only ever has packer rights */
  method: SessionRecord['method'];
  /** the registered tablet of a PIN session */
  device: string;
}

const CACHE_MS = 10_000;
/** last_seen is written at most this often per session: idle limits are minutes, not seconds */
const TOUCH_MS = 30_000;
interface Cached {
  session: StaffSession;
  at: number;
  /** last use as stored, and how long the session may rest (0 = no limit) */
  lastSeen: number;
  idleMs: number;
}
const cache = new Map<string, Cached>();
const revokeListeners = new Set<(sessionId: string) => void>();

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class SignInError extends Error {
  constructor(public reason: 'wrong_credentials' | 'deactivated') {
    super(reason);
  }
}

/** Checks email + password against the staff auth collection (PocketBase hashes and compares). */
export async function verifyPassword(email: string, password: string): Promise<StaffRecord> {
  const anon = new PocketBase(config().pocketbaseUrl);
  anon.autoCancellation(false);
  try {
    const { record } = await anon.collection('staff').authWithPassword<StaffRecord>(email, password);
    return record;
  } catch (e) {
    if (isUnavailable(e)) throw e;
    if (e instanceof ClientResponseError && e.status === 400) throw new SignInError('wrong_credentials');
    // the password matched but the collection's authRule (active = true) refused
    if (e instanceof ClientResponseError && e.status === 403) throw new SignInError('deactivated');
    throw e;
  }
}

export async function createSession(
  staff: StaffRecord,
  opts: { method: 'password' | 'pin'; device?: string; userAgent?: string; expiresInMs?: number; idleSeconds?: number }
): Promise<{ token: string; session: StaffSession }> {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  const expires = new Date(now + (opts.expiresInMs ?? config().sessionDays * 86_400_000));
  const idleSeconds = Math.max(0, Math.round(opts.idleSeconds ?? config().sessionIdleMinutes * 60));
  const rec = await collection('sessions').create({
    token_hash: hashToken(token),
    staff: staff.id,
    method: opts.method,
    device: opts.device ?? '',
    user_agent: (opts.userAgent ?? '').slice(0, 400),
    expires: expires.toISOString(),
    revoked: false,
    last_seen: new Date(now).toISOString(),
    idle_seconds: idleSeconds
  });
  const session = toSession(rec, staff);
  cache.set(rec.token_hash, { session, at: now, lastSeen: now, idleMs: idleSeconds * 1000 });
  return { token, session };
}

function toSession(rec: SessionRecord, staff: StaffRecord): StaffSession {
  // a shared tablet never opens the back office, whoever enters their PIN on it (F14)
  const role = rec.method === 'pin' ? 'packer' : staff.role;
  return {
    sessionId: rec.id,
    staff: {
      id: staff.id,
      email: staff.email,
      name: staff.name,
      role,
      locale: staff.locale,
      mustChangePassword: rec.method !== 'pin' && !!staff.must_change_password
    },
    expires: new Date(rec.expires),
    method: rec.method || 'password',
    device: rec.device ?? ''
  };
}

/** The signed-in staff member for a cookie token, or null. */
export async function readSession(token: string | undefined | null): Promise<StaffSession | null> {
  if (!token || token.length > 200) return null;
  const hash = hashToken(token);
  const now = Date.now();
  const hit = cache.get(hash);
  if (hit && now - hit.at < CACHE_MS && hit.session.expires.getTime() > now && !idleOut(hit, now)) return touch(hash, hit, now);
  cache.delete(hash);
  let rec: SessionRecord & { expand?: { staff?: StaffRecord } };
  try {
    rec = await collection('sessions').getFirstListItem(`token_hash = ${filterValue(hash)}`, { expand: 'staff' });
  } catch (e) {
    if (isUnavailable(e)) throw e;
    return null;
  }
  const session = validSession(rec);
  if (!session) return null;
  return touch(hash, { session, at: now, ...idleOf(rec) }, now);
}

const idleOf = (rec: SessionRecord) => ({ lastSeen: Date.parse(rec.last_seen || rec.created) || 0, idleMs: (rec.idle_seconds ?? 0) * 1000 });
const idleOut = (c: Pick<Cached, 'lastSeen' | 'idleMs'>, now: number) => c.idleMs > 0 && now - c.lastSeen > c.idleMs;

/** Records the use (at most every TOUCH_MS, so a busy screen writes rarely) and caches the session. */
async function touch(hash: string, c: Cached, now: number): Promise<StaffSession> {
  if (now - c.lastSeen >= TOUCH_MS) {
    c = { ...c, lastSeen: now };
    await collection('sessions').update(c.session.sessionId, { last_seen: new Date(now).toISOString() });
  }
  cache.set(hash, c);
  return c.session;
}

function validSession(rec: SessionRecord & { expand?: { staff?: StaffRecord } }): StaffSession | null {
  const staff = rec.expand?.staff;
  const now = Date.now();
  if (!staff || !staff.active || rec.revoked || new Date(rec.expires).getTime() <= now) return null;
  // unused for longer than it may rest (issue #12, finding 6): ended by the server
  if (idleOut(idleOf(rec), now)) return null;
  return toSession(rec, staff);
}

/**
 * The session as it stands in PocketBase now, uncached: for checks made long after sign-in
 * (an open socket joining a room), where a revocation or role change must not be missed.
 */
export async function currentSession(sessionId: string): Promise<StaffSession | null> {
  try {
    return validSession(await collection('sessions').getOne<SessionRecord & { expand?: { staff?: StaffRecord } }>(sessionId, { expand: 'staff' }));
  } catch (e) {
    if (isUnavailable(e)) throw e;
    return null;
  }
}

export async function revokeSession(sessionId: string) {
  await collection('sessions').update(sessionId, { revoked: true });
  forgetSession(sessionId);
}

/** Drops a session from the cache and tells listeners (open sockets) at once. */
export function forgetSession(sessionId: string) {
  for (const [hash, entry] of cache) if (entry.session.sessionId === sessionId) cache.delete(hash);
  for (const l of revokeListeners) l(sessionId);
}

/** A staff member was changed (role, deactivated): re-read their sessions on next use. */
export function forgetStaff(staffId: string) {
  for (const [hash, entry] of cache) if (entry.session.staff.id === staffId) cache.delete(hash);
}

/** The PocketBase feed had a gap: a revocation may have been missed, so read every session again. */
export function forgetAllSessions() {
  cache.clear();
}

export function onSessionRevoked(listener: (sessionId: string) => void) {
  revokeListeners.add(listener);
  return () => revokeListeners.delete(listener);
}
