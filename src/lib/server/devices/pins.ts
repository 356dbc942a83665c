// Packer PINs on a registered tablet (F44). Managers set them; a packer unlocks the tablet by
// choosing their name and typing the PIN. Guessing is slowed three ways: scrypt makes each
// check expensive, attempts are limited per tablet, and a packer's PIN locks after
// PIN_LOCK_AFTER wrong tries in a row until a manager unlocks it (issue #12, finding 6: the lock
// is kept in PocketBase, so a restart does not reset it, and someone notices).
import { createSession } from '../auth/sessions';
import { AppError } from '../errors';
import { collection, filterValue, isNotFound } from '../pocketbase/client';
import type { StaffRecord } from '../pocketbase/records';
import { UnitOfWork } from '../pocketbase/tx';
import { RateLimiter } from '../cluster/rate-limit';
import { DEFAULT_IDLE_LOCK_SECONDS, type DeviceRecord } from './devices';
import { verifyPin } from './pin-hash.js';

/** a tablet session lasts one long shift at most */
export const PIN_SESSION_MS = 12 * 3600_000;
// per tablet: 20 tries in 10 minutes
export const perTablet = new RateLimiter('pin-tablet', 20, 10 * 60_000);
/** wrong PINs in a row (on any tablet) before the PIN locks */
export const PIN_LOCK_AFTER = 5;
/** a PIN session may rest this much longer than the tablet's own idle lock before the server ends it */
const IDLE_GRACE_S = 60;

// Setting and clearing PINs: server/staff/manage.ts (role rules, version, audit list).

/** A manager unlocks a PIN that locked after wrong tries (issue #12, finding 6); the PIN stays what it was. */
export async function unlockPin(staffId: string) {
  try {
    await collection('staff').update(staffId, { pin_failures: 0, pin_locked: false });
  } catch (e) {
    if (isNotFound(e)) throw new AppError('NOT_FOUND', 'pack.errors.staff_unknown', 'This person does not exist.');
    throw e;
  }
  return { ok: true };
}

export interface TabletPacker {
  id: string;
  name: string;
}

/** The names shown on a registered tablet's lock screen: active staff with a PIN. */
export async function tabletPackers(): Promise<TabletPacker[]> {
  const staff = await collection('staff').getFullList({ filter: `active = true && pin_hash != ''`, sort: 'name', fields: 'id,name' });
  return staff.map((s) => ({ id: s.id, name: s.name }));
}

/** For the managers' screen: who has a PIN. */
export async function staffPins() {
  const staff = await collection('staff').getFullList<StaffRecord & { pin_hash: string; pin_locked?: boolean }>({ filter: 'active = true', sort: 'name', fields: 'id,name,role,pin_hash,pin_locked' });
  return staff.map((s) => ({ id: s.id, name: s.name, role: s.role, hasPin: !!s.pin_hash, pinLocked: !!s.pin_locked }));
}

function tooMany(seconds: number): AppError {
  return new AppError('TOO_MANY_REQUESTS', 'pack.errors.too_many_pins', `Too many wrong PINs. Try again in ${seconds} s.`, { seconds });
}

/** Checks the PIN on this tablet and opens a PIN session (packer rights only, 12 hours). */
export async function unlockWithPin(device: DeviceRecord, staffId: string, pin: string, userAgent: string) {
  const tabletWait = await perTablet.hit(device.id);
  if (tabletWait > 0) throw tooMany(tabletWait);

  type WithPin = StaffRecord & { pin_hash: string };
  let staff: WithPin | null = null;
  try {
    staff = await collection('staff').getFirstListItem<WithPin>(`id = ${filterValue(staffId)} && active = true`);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  if (staff?.pin_locked) throw locked();
  // the same answer for an unknown name, a missing PIN and a wrong PIN
  if (!staff || !(await verifyPin(pin, staff.pin_hash))) {
    if (staff) await countWrongPin(staff.id);
    throw new AppError('UNAUTHORIZED', 'pack.errors.wrong_pin', 'Wrong PIN. Try again.');
  }
  if (staff.pin_failures) await collection('staff').update(staff.id, { pin_failures: 0 });
  return createSession(staff, { method: 'pin', device: device.id, userAgent, expiresInMs: PIN_SESSION_MS, idleSeconds: (device.idle_lock_seconds || DEFAULT_IDLE_LOCK_SECONDS) + IDLE_GRACE_S });
}

const locked = () => new AppError('FORBIDDEN', 'pack.errors.pin_locked', `This PIN is locked after ${PIN_LOCK_AFTER} wrong tries. Ask a manager to unlock it.`, { tries: PIN_LOCK_AFTER });

/**
 * One more wrong PIN, counted in one transaction (tries at once each count: PocketBase's own
 * `field+` reads the record first and can lose one); the PIN_LOCK_AFTERth locks the PIN.
 */
async function countWrongPin(staffId: string) {
  const uow = new UnitOfWork();
  const count = uow.increment('staff', staffId, 'pin_failures', 1);
  const failures = (await uow.commit()).value(count);
  if (failures >= PIN_LOCK_AFTER) {
    await collection('staff').update(staffId, { pin_locked: true });
    throw locked();
  }
}
