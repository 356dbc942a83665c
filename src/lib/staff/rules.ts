// Who may manage whom (issue #14), shared by the staff screen and the server (which checks again).
// Owners manage everyone. Managers manage managers, office staff and packers, but never an
// owner: they cannot create one, promote anyone to owner, or change, deactivate or reset an
// owner's account. The last active owner can be neither demoted nor deactivated, and nobody
// deactivates themself (the server also checks both inside the transaction).
import { z } from 'zod';
import { role, type Role } from '$lib/auth/roles';

export function mayManage(actor: Role, target: Role): boolean {
  if (actor === 'owner') return true;
  return actor === 'manager' && target !== 'owner';
}

/** may `actor` give `target` (currently `from`) the role `to` */
export function mayAssign(actor: Role, from: Role | null, to: Role): boolean {
  if (from !== null && !mayManage(actor, from)) return false;
  return mayManage(actor, to);
}

/** roles `actor` may give */
export function assignableRoles(actor: Role): Role[] {
  return role.options.filter((r) => mayManage(actor, r));
}

const name = z.string().trim().min(1, 'Enter a name').max(120, 'At most 120 characters');
const email = z.email('Enter an e-mail address like name@example.com').max(200, 'At most 200 characters');

const staffEmail = z.string().trim().toLowerCase().pipe(email);

/** the new-staff form (browser and server) */
export const newStaffInput = z.object({
  name,
  email: staffEmail,
  role,
  locale: z.enum(['en', 'de']).default('en')
});

/** a password someone chooses for themself (browser and server) */
export const newPassword = z.string().min(10, 'At least 10 characters').max(200, 'At most 200 characters');

/** a correction of someone's name or e-mail (browser and server) */
export const staffDetailsInput = z.object({ name, email: staffEmail });
export type StaffDetailsInput = z.input<typeof staffDetailsInput>;
export type NewStaffInput = z.input<typeof newStaffInput>;

/** Per-field messages for the form, before anything is sent. */
export function checkNewStaff(input: NewStaffInput): Record<string, string> {
  return fieldMessages(newStaffInput.safeParse(input));
}

/** Per-field messages for a name or e-mail correction, before anything is sent. */
export function checkStaffDetails(input: StaffDetailsInput): Record<string, string> {
  return fieldMessages(staffDetailsInput.safeParse(input));
}

function fieldMessages(r: z.ZodSafeParseResult<unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!r.success) for (const i of r.error.issues) fields[String(i.path[0])] ??= i.message;
  return fields;
}

export const auditAction = z.enum(['setup', 'created', 'role_changed', 'deactivated', 'reactivated', 'password_reset', 'pin_set', 'pin_cleared', 'password_changed', 'details_changed', 'invited', 'invitation_accepted']);
export type AuditAction = z.infer<typeof auditAction>;
