import { z } from 'zod';
import { locale } from '$lib/i18n/locales';
import { SESSION_COOKIE, SignInError, createSession, revokeSession, setSessionCookie, verifyPassword } from '../../auth/sessions';
import { AppError } from '../../errors';
import { collection } from '../../pocketbase/client';
import { clearAccountFailures, recordSignInFailure, signInWait } from '../../auth/sign-in-limits';
import { RateLimiter } from '../../cluster/rate-limit';
import { acceptInvitation, describeInvitation } from '../../staff/invitations';
import { newPassword } from '$lib/staff/rules';
import { publicProcedure, router, staffProcedure } from '../trpc';

// an invitation link's token is 32 random bytes; guessing is hopeless, but a page that answers
// "unknown" should not answer it without end
const invitationLimiter = new RateLimiter('invitation', 30, 15 * 60_000);
const invitationToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Not an invitation link');
async function limitInvitations(ip: string) {
  const wait = await invitationLimiter.hit(ip);
  if (wait > 0) throw new AppError('TOO_MANY_REQUESTS', 'auth.too_many_attempts', `Too many attempts. Try again in ${wait} s.`, { seconds: wait });
}

export const authRouter = router({
  signIn: publicProcedure
    .input(z.object({ email: z.email().max(200), password: z.string().min(1).max(200) }))
    .mutation(async ({ input, ctx }) => {
      // wrong passwords per account and per address, kept in PocketBase (issue #12, finding 6)
      const wait = await signInWait(input.email, ctx.ip);
      if (wait > 0) throw new AppError('TOO_MANY_REQUESTS', 'auth.too_many_attempts', `Too many attempts. Try again in ${wait} s.`, { seconds: wait });
      let staff;
      try {
        staff = await verifyPassword(input.email, input.password);
      } catch (e) {
        if (e instanceof SignInError && e.reason === 'deactivated') {
          throw new AppError('FORBIDDEN', 'auth.deactivated', 'This account is switched off. Ask the shop owner to switch it on again.');
        }
        if (e instanceof SignInError) {
          await recordSignInFailure(input.email, ctx.ip);
          throw new AppError('UNAUTHORIZED', 'auth.wrong_credentials', 'E-mail or password is wrong.');
        }
        throw e;
      }
      await clearAccountFailures(input.email);
      const { token, session } = await createSession(staff, { method: 'password', userAgent: ctx.userAgent });
      setSessionCookie(ctx.cookies, token);
      return session.staff;
    }),

  signOut: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.session) await revokeSession(ctx.session.sessionId);
    ctx.cookies.delete(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  }),

  me: publicProcedure.query(({ ctx }) => ctx.session?.staff ?? null),

  /** whose account an invitation link opens (issue #14); refused once it was used, replaced or ran out */
  invitation: publicProcedure.input(z.object({ token: invitationToken })).query(async ({ input, ctx }) => {
    await limitInvitations(ctx.ip);
    return describeInvitation(input.token);
  }),

  /** the invited person chooses their password and is signed in; the link works once */
  acceptInvitation: publicProcedure.input(z.object({ token: invitationToken, password: newPassword })).mutation(async ({ input, ctx }) => {
    await limitInvitations(ctx.ip);
    const staff = await acceptInvitation(input.token, input.password);
    const { token, session } = await createSession(staff, { method: 'password', userAgent: ctx.userAgent });
    setSessionCookie(ctx.cookies, token);
    return session.staff;
  }),

  setLocale: staffProcedure.input(z.object({ locale })).mutation(async ({ input, ctx }) => {
    await collection('staff').update(ctx.session.staff.id, { locale: input.locale });
    ctx.session.staff.locale = input.locale;
    return { locale: input.locale };
  })
});
