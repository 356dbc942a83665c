// Registered packing tablets (F14, F44). The tablet holds a random secret in an httpOnly
// cookie; only its SHA-256 is stored. A manager registers a tablet on the tablet itself, or
// creates a short-lived pairing code in the office and types it into the tablet. Revoking a
// tablet ends every session opened on it at once (its screens lock).
import { randomBytes, randomInt } from 'node:crypto';
import { forgetSession, hashToken } from '../auth/sessions';
import { AppError } from '../errors';
import { collection, filterValue, isNotFound } from '../pocketbase/client';
import type { UpdateBody } from '../pocketbase/collections';
import type { StaffRecord } from '../pocketbase/records';

export const DEVICE_COOKIE = 'packbench_device';
/** browsers keep a cookie at most 400 days */
export const DEVICE_COOKIE_MAX_AGE = 400 * 86_400;
export const DEFAULT_IDLE_LOCK_SECONDS = 120;
const PAIRING_MINUTES = 15;
// no 0/O, 1/I/L: the code is read off one screen and typed on another
const PAIRING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export interface DeviceRecord {
  id: string;
  name: string;
  secret_hash: string;
  pairing_code_hash: string;
  pairing_expires: string;
  idle_lock_seconds: number;
  revoked: boolean;
  registered_by: string;
  last_seen: string;
  user_agent: string;
  created: string;
  updated: string;
  expand?: { registered_by?: StaffRecord };
}
declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    devices: DeviceRecord;
  }
}

export interface DeviceView {
  id: string;
  name: string;
  idleLockSeconds: number;
  revoked: boolean;
  paired: boolean;
  pairingExpires: string | null;
  registeredBy: string;
  lastSeen: string;
  created: string;
}

export function deviceView(d: DeviceRecord): DeviceView {
  return {
    id: d.id,
    name: d.name,
    idleLockSeconds: d.idle_lock_seconds || DEFAULT_IDLE_LOCK_SECONDS,
    revoked: d.revoked,
    paired: !!d.secret_hash,
    pairingExpires: d.pairing_code_hash && d.pairing_expires ? d.pairing_expires : null,
    registeredBy: d.expand?.registered_by?.name ?? '',
    lastSeen: d.last_seen,
    created: d.created
  };
}

const newSecret = () => randomBytes(32).toString('base64url');

/** A manager registers the tablet they are holding: the secret goes straight into its cookie. */
export async function registerDevice(name: string, managerId: string, userAgent: string) {
  const secret = newSecret();
  const device = await collection('devices').create({
    name,
    secret_hash: hashToken(secret),
    idle_lock_seconds: DEFAULT_IDLE_LOCK_SECONDS,
    revoked: false,
    registered_by: managerId,
    last_seen: new Date().toISOString(),
    user_agent: userAgent.slice(0, 400)
  });
  return { secret, device: deviceView(device) };
}

/** A manager in the office prepares a tablet; the code is shown once and works for 15 minutes. */
export async function createPairing(name: string, managerId: string) {
  const code = Array.from({ length: 8 }, () => PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)]).join('');
  const expires = new Date(Date.now() + PAIRING_MINUTES * 60_000).toISOString();
  const device = await collection('devices').create({
    name,
    pairing_code_hash: hashToken(code),
    pairing_expires: expires,
    idle_lock_seconds: DEFAULT_IDLE_LOCK_SECONDS,
    revoked: false,
    registered_by: managerId
  });
  return { code, expires, device: deviceView(device) };
}

export function normalizePairingCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** The tablet redeems a pairing code (once) and receives its own secret. */
export async function pairDevice(code: string, userAgent: string) {
  const hash = hashToken(normalizePairingCode(code));
  let device: DeviceRecord;
  try {
    device = await collection('devices').getFirstListItem(`pairing_code_hash = ${filterValue(hash)}`);
  } catch (e) {
    if (isNotFound(e)) throw new AppError('BAD_REQUEST', 'pack.errors.pairing_unknown', 'This pairing code is not known. Check it, or ask a manager for a new one.');
    throw e;
  }
  if (device.revoked || !device.pairing_expires || new Date(device.pairing_expires.replace(' ', 'T')).getTime() < Date.now()) {
    throw new AppError('BAD_REQUEST', 'pack.errors.pairing_expired', 'This pairing code has expired. Ask a manager for a new one.');
  }
  const secret = newSecret();
  const updated = await collection('devices').update(device.id, {
    secret_hash: hashToken(secret),
    pairing_code_hash: '',
    pairing_expires: '',
    last_seen: new Date().toISOString(),
    user_agent: userAgent.slice(0, 400)
  });
  return { secret, device: deviceView(updated) };
}

/** The registered, not revoked tablet behind a device cookie, or null. */
export async function readDevice(secret: string | undefined | null): Promise<DeviceRecord | null> {
  if (!secret || secret.length > 200) return null;
  const found = await collection('devices').getList(1, 1, { filter: `secret_hash = ${filterValue(hashToken(secret))}`, skipTotal: true });
  const device = found.items[0];
  return device && !device.revoked ? device : null;
}

export async function listDevices(): Promise<DeviceView[]> {
  const all = await collection('devices').getFullList({ sort: 'revoked,name', expand: 'registered_by' });
  return all.map(deviceView);
}

async function getDevice(id: string): Promise<DeviceRecord> {
  try {
    return await collection('devices').getOne(id);
  } catch (e) {
    if (isNotFound(e)) throw new AppError('NOT_FOUND', 'pack.errors.device_unknown', 'This tablet is not registered.');
    throw e;
  }
}

export async function updateDevice(id: string, changes: { name?: string; idleLockSeconds?: number }) {
  await getDevice(id);
  const body: UpdateBody<'devices'> = {};
  if (changes.name !== undefined) body.name = changes.name;
  if (changes.idleLockSeconds !== undefined) body.idle_lock_seconds = changes.idleLockSeconds;
  return deviceView(await collection('devices').update(id, body, { expand: 'registered_by' }));
}

/** Lost or retired tablet: it can no longer unlock, and whoever is signed in on it is out at once. */
export async function revokeDevice(id: string) {
  await getDevice(id);
  await collection('devices').update(id, { revoked: true, secret_hash: '', pairing_code_hash: '' });
  const sessions = await collection('sessions').getFullList({ filter: `device = ${filterValue(id)} && revoked = false` });
  await Promise.all(sessions.map((s) => collection('sessions').update(s.id, { revoked: true })));
  sessions.forEach((s) => forgetSession(s.id));
  return { id, revoked: sessions.length };
}

/** last_seen at most once a minute, so unlocking does not write on every tap */
export async function touchDevice(device: DeviceRecord) {
  const last = device.last_seen ? new Date(device.last_seen.replace(' ', 'T')).getTime() : 0;
  if (Date.now() - last > 60_000) await collection('devices').update(device.id, { last_seen: new Date().toISOString() });
}
