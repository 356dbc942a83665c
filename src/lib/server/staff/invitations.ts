// Inviting staff by e-mail (issue #14): instead of a one-time password read out or passed on, a
// manager sends the new person a one-time link. The link's token is random (32 bytes) and only
// in the e-mail; the invitation keeps its SHA-256. Following the link, the person chooses their
// own password and is signed in. A link works once, for INVITATION_DAYS, and no longer once a
// newer invitation was sent, the person was switched off, or they chose a password with it.
import { randomBytes } from 'node:crypto';
import { mayAssign, newStaffInput, type NewStaffInput } from '$lib/staff/rules';
import { hashToken } from '../auth/sessions';
import { AppError } from '../errors';
import { queueEmail } from '../mail/queue';
import { collection, filterValue } from '../pocketbase/client';
import type { StaffRecord } from '../pocketbase/records';
import { TxFailure, UnitOfWork, type Ref } from '../pocketbase/tx';
import { audit } from './audit';
import { commitStaffChange, emailTaken, editable, forbidden, isEmailTaken, type Manager } from './manage';
import { getStaff, type InvitationRecord } from './queries';

export const INVITATION_DAYS = 7;


/** Adds a new invitation of `staff` (and the e-mail with its link) to `uow`; the earlier ones stop working. */
async function addInvitation(uow: UnitOfWork, actor: Manager, staff: { id: string | Ref; email: string; locale: 'en' | 'de'; role: string }, earlier: InvitationRecord[]) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000).toISOString();
  for (const inv of earlier) uow.update('staff_invitations', inv.id, { replaced: true });
  uow.create('staff_invitations', { staff: staff.id, token_hash: hashToken(token), expires_at: expiresAt, used: false, replaced: false, invited_by: actor.id });
  queueEmail(uow, { topic: 'staff_invitation', to: staff.email, locale: staff.locale, data: { token, role: staff.role, invitedBy: actor.name, expiresAt } });
  return expiresAt;
}

/** invitations of `staffId` not used nor replaced yet */
async function openInvitations(staffId: string): Promise<InvitationRecord[]> {
  return collection('staff_invitations').getFullList({ filter: `staff = ${filterValue(staffId)} && used = false && replaced = false` });
}

/** Creates the person without a password anyone knows and e-mails them the link to choose one. */
export async function inviteStaffMember(actor: Manager, raw: NewStaffInput) {
  const input = newStaffInput.parse(raw);
  if (!mayAssign(actor.role, null, input.role)) throw forbidden();
  // a password nobody knows until they choose their own through the link
  const unknown = randomBytes(32).toString('base64url');
  const uow = new UnitOfWork();
  const ref = uow.create('staff', { ...input, active: true, password: unknown, passwordConfirm: unknown, must_change_password: false, pin_hash: '', version: 1 });
  const until = await addInvitation(uow, actor, { id: ref, email: input.email, locale: input.locale, role: input.role }, []);
  audit(uow, actor, { id: ref, name: input.name }, 'invited', { role: input.role, email: input.email, until });
  try {
    const done = await uow.commit();
    return { id: done.id(ref), name: input.name, email: input.email, until };
  } catch (e) {
    if (isEmailTaken(e)) throw emailTaken();
    throw e;
  }
}

/** A new link for someone who has not accepted theirs (lost, expired); the old link stops working. */
export async function resendInvitation(actor: Manager, input: { id: string; version: number }) {
  const target = await editable(actor, input.id, input.version);
  const earlier = await openInvitations(target.id);
  if (!earlier.length) throw new AppError('BAD_REQUEST', 'staff.invite.errors.nothing_open', `${target.name} has already chosen a password; reset it instead.`, { name: target.name });
  if (!target.active) throw new AppError('BAD_REQUEST', 'staff.invite.errors.inactive', `${target.name} is switched off: switch the account on first.`, { name: target.name });
  const uow = new UnitOfWork();
  const step = uow.update('staff', target.id, {}, { ifVersion: target.version ?? 0 });
  const until = await addInvitation(uow, actor, { id: target.id, email: target.email, locale: target.locale === 'de' ? 'de' : 'en', role: target.role }, earlier);
  audit(uow, actor, target, 'invited', { again: true, until });
  return { version: (await commitStaffChange(uow, target)).value(step), until };
}

const unusable = () =>
  new AppError('NOT_FOUND', 'staff.invite.errors.unusable', 'This invitation link does not work (any more): it was used, or a newer one was sent. Ask whoever invited you for a new one.');
const expired = () => new AppError('BAD_REQUEST', 'staff.invite.errors.expired', 'This invitation has run out. Ask whoever invited you to send it again.');

/** the invitation a link's token belongs to, and its person, if the link still works */
async function usableInvitation(token: string): Promise<{ invitation: InvitationRecord; staff: StaffRecord }> {
  const hash = hashToken(token);
  const found = await collection('staff_invitations').getList(1, 1, { filter: `token_hash = ${filterValue(hash)}`, skipTotal: true });
  const invitation = found.items[0];
  if (!invitation || invitation.used || invitation.replaced) throw unusable();
  if (Date.parse(invitation.expires_at) <= Date.now()) throw expired();
  const staff = await getStaff(invitation.staff).catch(() => null);
  if (!staff) throw unusable();
  if (!staff.active) throw new AppError('FORBIDDEN', 'auth.deactivated', 'This account is switched off. Ask the shop owner to switch it on again.');
  return { invitation, staff };
}

/** What the link's page shows: whose account it opens, until when. */
export async function describeInvitation(token: string) {
  const { invitation, staff } = await usableInvitation(token);
  return { name: staff.name, email: staff.email, locale: staff.locale === 'de' ? 'de' : 'en', expiresAt: invitation.expires_at };
}

/**
 * The person chooses their password through the link: it works once (two tabs at once: one
 * wins, the other hears the link was used). Answers the staff record to sign them in with.
 */
export async function acceptInvitation(token: string, password: string): Promise<StaffRecord> {
  const { invitation, staff } = await usableInvitation(token);
  const uow = new UnitOfWork();
  uow.update('staff_invitations', invitation.id, { used: true, used_at: new Date().toISOString() }, { expect: { used: false, replaced: false } });
  uow.update('staff', staff.id, { password, passwordConfirm: password, must_change_password: false }, { expect: { active: true } });
  audit(uow, { id: staff.id, name: staff.name }, staff, 'invitation_accepted');
  try {
    await uow.commit();
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'precondition_failed') throw unusable();
    throw e;
  }
  return getStaff(staff.id);
}
