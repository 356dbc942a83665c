import { z } from 'zod';
import { locale } from '$lib/i18n/locales';
import { SESSION_COOKIE, SignInError, createSession, revokeSession, setSessionCookie, verifyPassword } from '../../auth/sessions';
import { AppError } from '../../errors';
import { pb } from '../../pocketbase/client';
import { clearAccountFailures, recordSignInFailure, signInWait } from '../../auth/sign-in-limits';
import { publicProcedure, router, staffProcedure } from '../trpc';

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

  setLocale: staffProcedure.input(z.object({ locale })).mutation(async ({ input, ctx }) => {
    await pb().collection('staff').update(ctx.session.staff.id, { locale: input.locale });
    ctx.session.staff.locale = input.locale;
    return { locale: input.locale };
  })
});
