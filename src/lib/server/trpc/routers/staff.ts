// Staff management for owners and managers (issue #14, F44). Rules: src/lib/staff/rules.ts.
import { z } from 'zod';
import { role } from '$lib/auth/roles';
import { newPassword, newStaffInput, staffDetailsInput } from '$lib/staff/rules';
import { AppError } from '../../errors';
import { auditList } from '../../staff/audit';
import { changeRole, clearStaffPin, createStaffMember, resetPassword, setActive, setStaffPin, updateDetails } from '../../staff/manage';
import { inviteStaffMember, resendInvitation } from '../../staff/invitations';
import { changeOwnPassword } from '../../staff/own-password';
import { listStaff } from '../../staff/queries';
import { managerProcedure, recordId, router, staffProcedure } from '../trpc';

// a shared tablet's PIN session never changes a password, refused before the input is read
const passwordSession = staffProcedure.use(({ ctx, next }) => {
  if (ctx.session.method === 'pin') throw new AppError('FORBIDDEN', 'staff.errors.not_on_tablet', 'Change your password on an office computer, not on a shared tablet.');
  return next();
});

const target = z.object({ id: recordId, version: z.number().int().min(0) });
const actorOf = (ctx: { session: { staff: { id: string; name: string; role: z.infer<typeof role> } } }) => ctx.session.staff;

export const staffRouter = router({
  list: managerProcedure.query(async ({ ctx }) => {
    const [staff, audit] = await Promise.all([listStaff(), auditList()]);
    return { staff, audit, me: ctx.session.staff.id };
  }),

  /** with a one-time password, shown once */
  create: managerProcedure.input(newStaffInput).mutation(({ input, ctx }) => createStaffMember(actorOf(ctx), input)),

  /** with an e-mail holding a one-time link to choose a password */
  invite: managerProcedure.input(newStaffInput).mutation(({ input, ctx }) => inviteStaffMember(actorOf(ctx), input)),

  /** a new link for someone who has not accepted theirs; the old one stops working */
  resendInvitation: managerProcedure.input(target).mutation(({ input, ctx }) => resendInvitation(actorOf(ctx), input)),

  /** a corrected name or e-mail */
  update: managerProcedure.input(target.extend(staffDetailsInput.shape)).mutation(({ input, ctx }) => updateDetails(actorOf(ctx), input)),

  changeRole: managerProcedure.input(target.extend({ role })).mutation(({ input, ctx }) => changeRole(actorOf(ctx), input)),

  setActive: managerProcedure.input(target.extend({ active: z.boolean() })).mutation(({ input, ctx }) => setActive(actorOf(ctx), input)),

  resetPassword: managerProcedure.input(target).mutation(({ input, ctx }) => resetPassword(actorOf(ctx), input)),

  setPin: managerProcedure
    .input(target.extend({ pin: z.string().trim().max(20) }))
    .mutation(({ input, ctx }) => setStaffPin(actorOf(ctx), input)),

  clearPin: managerProcedure.input(target).mutation(({ input, ctx }) => clearStaffPin(actorOf(ctx), input)),

  /** anyone signed in with a password; the only call allowed while a one-time password is in use */
  changeOwnPassword: passwordSession
    .input(z.object({ current: z.string().min(1, 'Required').max(200), next: newPassword }))
    .mutation(({ input, ctx }) => changeOwnPassword(ctx.session, input))
});
