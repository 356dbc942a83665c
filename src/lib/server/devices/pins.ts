// Packer PINs on a registered tablet (F44). Managers set them; a packer unlocks the tablet by
// choosing their name and typing the PIN. Guessing is slowed three ways: scrypt makes each
// check expensive, and attempts are limited per tablet and per packer.
import { createSession } from '../auth/sessions';
import { AppError } from '../errors';
import { filterValue, isNotFound, pb } from '../pocketbase/client';
import type { StaffRecord } from '../pocketbase/records';
import { RateLimiter } from '../rate-limit';
import type { DeviceRecord } from './devices';
import { verifyPin } from './pin-hash.js';

/** a tablet session lasts one long shift at most */
export const PIN_SESSION_MS = 12 * 3600_000;
// per tablet: 20 tries in 10 minutes; per packer (on any tablet): 5 tries in 15 minutes
export const perTablet = new RateLimiter('pin-tablet', 20, 10 * 60_000);
export const perPacker = new RateLimiter('pin-packer', 5, 15 * 60_000);

// Setting and clearing PINs: server/staff/manage.ts (role rules, version, audit list).

export interface TabletPacker {
  id: string;
  name: string;
}

/** The names shown on a registered tablet's lock screen: active staff with a PIN. */
export async function tabletPackers(): Promise<TabletPacker[]> {
  const staff = await pb()
    .collection('staff')
    .getFullList<StaffRecord>({ filter: `active = true && pin_hash != ''`, sort: 'name', fields: 'id,name' });
  return staff.map((s) => ({ id: s.id, name: s.name }));
}

/** For the managers' screen: who has a PIN. */
export async function staffPins() {
  const staff = await pb()
    .collection('staff')
    .getFullList<StaffRecord & { pin_hash: string }>({ filter: 'active = true', sort: 'name', fields: 'id,name,role,pin_hash' });
  return staff.map((s) => ({ id: s.id, name: s.name, role: s.role, hasPin: !!s.pin_hash }));
}

function tooMany(seconds: number): AppError {
  return new AppError('TOO_MANY_REQUESTS', 'pack.errors.too_many_pins', `Too many wrong PINs. Try again in ${seconds} s.`, { seconds });
}

/** Checks the PIN on this tablet and opens a PIN session (packer rights only, 12 hours). */
export async function unlockWithPin(device: DeviceRecord, staffId: string, pin: string, userAgent: string) {
  const tabletWait = await perTablet.hit(device.id);
  if (tabletWait > 0) throw tooMany(tabletWait);
  const packerWait = await perPacker.hit(staffId);
  if (packerWait > 0) throw tooMany(packerWait);

  let staff: (StaffRecord & { pin_hash: string }) | null = null;
  try {
    staff = await pb().collection('staff').getFirstListItem(`id = ${filterValue(staffId)} && active = true`);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  // the same answer for an unknown name, a missing PIN and a wrong PIN
  if (!staff || !(await verifyPin(pin, staff.pin_hash))) {
    throw new AppError('UNAUTHORIZED', 'pack.errors.wrong_pin', 'Wrong PIN. Try again.');
  }
  await perPacker.reset(staffId);
  return createSession(staff, { method: 'pin', device: device.id, userAgent, expiresInMs: PIN_SESSION_MS });
}
