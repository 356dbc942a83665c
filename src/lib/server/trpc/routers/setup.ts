// First run (issue #14): public until an owner exists, refused afterwards. Rate-limited per address.
import { firstRunInput } from '$lib/shop/details';
import { createSession, setSessionCookie } from '../../auth/sessions';
import { AppError } from '../../errors';
import { RateLimiter } from '../../cluster/rate-limit';
import { runFirstSetup, setupNeeded } from '../../setup/first-run';
import { publicProcedure, router } from '../trpc';

const setupLimiter = new RateLimiter('first-run', 10, 15 * 60_000);

export const setupRouter = router({
  status: publicProcedure.query(async () => ({ needed: await setupNeeded() })),

  complete: publicProcedure.input(firstRunInput).mutation(async ({ input, ctx }) => {
    const wait = await setupLimiter.hit(ctx.ip);
    if (wait > 0) throw new AppError('TOO_MANY_REQUESTS', 'setup.errors.too_many', `Too many attempts. Try again in ${wait} s.`, { seconds: wait });
    const owner = await runFirstSetup(input);
    const { token, session } = await createSession(owner, { method: 'password', userAgent: ctx.userAgent });
    setSessionCookie(ctx.cookies, token);
    return session.staff;
  })
});
