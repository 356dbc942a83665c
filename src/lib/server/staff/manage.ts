// Managing staff accounts in the app (issue #14): create with a one-time password, change the
// role, deactivate and reactivate, reset the password, set or clear a packer PIN. Each change
// is one unit of work with its audit row and the version the editor saw (two managers at once:
// the second hears that someone else changed the person). Deactivating (and a password reset)
// revokes the person's sessions in the same transaction; the relay then drops their sockets.
import { randomInt } from 'node:crypto';
import type { Role } from '$lib/auth/roles';
import { mayAssign, mayManage, type NewStaffInput, newStaffInput, type StaffDetailsInput, staffDetailsInput } from '$lib/staff/rules';
import { forgetSession, forgetStaff } from '../auth/sessions';
import { hashPin, pinWeakness } from '../devices/pin-hash.js';
import { AppError } from '../errors';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { audit } from './audit';
import { getStaff, liveSessions, otherActiveOwners, type StaffFull } from './queries';

export interface Manager {
  id: string;
  name: string;
  role: Role;
}

// no 0/O, 1/l/I: read aloud or copied from a screen
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 3 groups of 5 from 56 characters: about 87 bits, shown once */
export function oneTimePassword(): string {
  const group = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}

export const forbidden = () => new AppError('FORBIDDEN', 'staff.errors.not_allowed', 'Your role may not change this account (only owners manage owners).');

function conflict(name: string) {
  return new AppError('CONFLICT', 'staff.errors.changed', `Someone else changed ${name} a moment ago. Look at the list again and retry.`, { name });
}

/** the target as it is now, if `actor` may change it and nobody changed it since `version` */
export async function editable(actor: Manager, id: string, version: number): Promise<StaffFull> {
  const target = await getStaff(id);
  if (!mayManage(actor.role, target.role)) throw forbidden();
  if ((target.version ?? 0) !== version) throw conflict(target.name);
  return target;
}

/**
 * When `target` is an active owner about to stop being one: another active owner must still be
 * one when the unit commits (a precondition on their record), so two owners demoting each
 * other at once cannot leave the shop without one.
 */
async function keepAnOwner(uow: UnitOfWork, target: StaffFull) {
  if (target.role !== 'owner' || !target.active) return;
  const others = await otherActiveOwners(target.id);
  if (!others.length) throw lastOwner();
  uow.update('staff', others[0].id, {}, { expect: { role: 'owner', active: true } });
}

const lastOwner = () => new AppError('BAD_REQUEST', 'staff.errors.last_owner', 'The shop needs an active owner: make someone else owner first.');

export async function commitStaffChange(uow: UnitOfWork, target: StaffFull) {
  try {
    return await uow.commit();
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'version_conflict') throw conflict(target.name);
    if (e instanceof TxFailure && e.code === 'precondition_failed' && e.details.collection === 'staff') throw lastOwner();
    throw e;
  }
}

async function revokeAll(uow: UnitOfWork, staffId: string, keep?: string) {
  const ids = (await liveSessions(staffId)).filter((id) => id !== keep);
  for (const id of ids) uow.update('sessions', id, { revoked: true });
  uow.afterCommit(() => {
    forgetStaff(staffId);
    for (const id of ids) forgetSession(id);
  });
  return ids.length;
}

export const emailTaken = () => new AppError('BAD_REQUEST', 'staff.errors.email_taken', 'Someone already uses this e-mail address.', { field: 'email' });
export const isEmailTaken = (e: unknown) => e instanceof TxFailure && (e.code === 'unique_violation' || (e.code === 'invalid' && e.details.field === 'email'));

/**
 * Corrects a name or e-mail (a typo, a marriage, a new address). Sessions stay: the password
 * is unchanged; the person signs in with the new address from now on. On the audit list.
 */
export async function updateDetails(actor: Manager, input: { id: string; version: number } & StaffDetailsInput) {
  const { name, email } = staffDetailsInput.parse(input);
  const target = await editable(actor, input.id, input.version);
  if (target.name === name && target.email === email) return { version: target.version ?? 0 };
  const uow = new UnitOfWork();
  const step = uow.update('staff', target.id, { name, email }, { ifVersion: target.version ?? 0 });
  const changed: Record<string, unknown> = {};
  if (target.name !== name) Object.assign(changed, { from_name: target.name, to_name: name });
  if (target.email !== email) Object.assign(changed, { from_email: target.email, to_email: email });
  audit(uow, actor, { id: target.id, name }, 'details_changed', changed);
  uow.afterCommit(() => forgetStaff(target.id));
  try {
    return { version: (await commitStaffChange(uow, target)).value(step) };
  } catch (e) {
    if (isEmailTaken(e)) throw emailTaken();
    throw e;
  }
}

export async function createStaffMember(actor: Manager, raw: NewStaffInput) {
  const input = newStaffInput.parse(raw);
  if (!mayAssign(actor.role, null, input.role)) throw forbidden();
  const password = oneTimePassword();
  const uow = new UnitOfWork();
  const ref = uow.create('staff', { ...input, active: true, password, passwordConfirm: password, must_change_password: true, pin_hash: '', version: 1 });
  audit(uow, actor, { id: ref, name: input.name }, 'created', { role: input.role, email: input.email });
  try {
    const done = await uow.commit();
    return { id: done.id(ref), name: input.name, email: input.email, password };
  } catch (e) {
    if (isEmailTaken(e)) throw emailTaken();
    throw e;
  }
}

export async function changeRole(actor: Manager, input: { id: string; version: number; role: Role }) {
  const target = await editable(actor, input.id, input.version);
  if (!mayAssign(actor.role, target.role, input.role)) throw forbidden();
  if (target.role === input.role) return { version: target.version ?? 0 };
  const uow = new UnitOfWork();
  if (input.role !== 'owner') await keepAnOwner(uow, target);
  const step = uow.update('staff', target.id, { role: input.role }, { ifVersion: target.version ?? 0 });
  audit(uow, actor, target, 'role_changed', { from: target.role, to: input.role });
  uow.afterCommit(() => forgetStaff(target.id));
  return { version: (await commitStaffChange(uow, target)).value(step) };
}

export async function setActive(actor: Manager, input: { id: string; version: number; active: boolean }) {
  const target = await editable(actor, input.id, input.version);
  if (!input.active && target.id === actor.id) {
    throw new AppError('BAD_REQUEST', 'staff.errors.not_yourself', 'You cannot deactivate your own account.');
  }
  if (!!target.active === input.active) return { version: target.version ?? 0, revoked: 0 };
  const uow = new UnitOfWork();
  if (!input.active) await keepAnOwner(uow, target);
  const step = uow.update('staff', target.id, { active: input.active }, { ifVersion: target.version ?? 0 });
  const revoked = input.active ? 0 : await revokeAll(uow, target.id);
  audit(uow, actor, target, input.active ? 'reactivated' : 'deactivated', revoked ? { sessions: revoked } : {});
  uow.afterCommit(() => forgetStaff(target.id));
  return { version: (await commitStaffChange(uow, target)).value(step), revoked };
}

/** a new one-time password, shown once; the person's sessions end. Not for yourself: /account/password. */
export async function resetPassword(actor: Manager, input: { id: string; version: number }) {
  if (input.id === actor.id) {
    throw new AppError('BAD_REQUEST', 'staff.errors.own_password', 'Change your own password under your name in the top bar.');
  }
  const target = await editable(actor, input.id, input.version);
  const password = oneTimePassword();
  const uow = new UnitOfWork();
  const step = uow.update('staff', target.id, { password, passwordConfirm: password, must_change_password: true }, { ifVersion: target.version ?? 0 });
  const revoked = await revokeAll(uow, target.id);
  audit(uow, actor, target, 'password_reset', revoked ? { sessions: revoked } : {});
  return { version: (await commitStaffChange(uow, target)).value(step), password };
}

export async function setStaffPin(actor: Manager, input: { id: string; version: number; pin: string }) {
  const reason = pinWeakness(input.pin);
  if (reason === 'format') throw new AppError('BAD_REQUEST', 'pack.errors.pin_format', 'A PIN has 6 to 8 digits.', { field: 'pin' });
  if (reason === 'too_simple') throw new AppError('BAD_REQUEST', 'pack.errors.pin_too_simple', 'This PIN is too easy to guess. Choose one without a simple pattern.', { field: 'pin' });
  const target = await editable(actor, input.id, input.version);
  const pinHash = await hashPin(input.pin);
  const uow = new UnitOfWork();
  // a new PIN also ends a lock after wrong tries (issue #12, finding 6)
  const step = uow.update('staff', target.id, { pin_hash: pinHash, pin_failures: 0, pin_locked: false }, { ifVersion: target.version ?? 0 });
  audit(uow, actor, target, 'pin_set');
  return { version: (await commitStaffChange(uow, target)).value(step) };
}

/** From the tablet setup screen, which has no version: the person as they are now (still audited, still role-checked). */
export async function setPinNow(actor: Manager, staffId: string, pin: string) {
  return setStaffPin(actor, { id: staffId, version: (await getStaff(staffId)).version ?? 0, pin });
}

export async function clearPinNow(actor: Manager, staffId: string) {
  return clearStaffPin(actor, { id: staffId, version: (await getStaff(staffId)).version ?? 0 });
}

export async function clearStaffPin(actor: Manager, input: { id: string; version: number }) {
  const target = await editable(actor, input.id, input.version);
  const uow = new UnitOfWork();
  const step = uow.update('staff', target.id, { pin_hash: '', pin_failures: 0, pin_locked: false }, { ifVersion: target.version ?? 0 });
  audit(uow, actor, target, 'pin_cleared');
  return { version: (await commitStaffChange(uow, target)).value(step) };
}
