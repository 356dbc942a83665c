import { z } from 'zod';
import { AppError } from '../../errors';
import { RateLimiter } from '../../rate-limit';
import { shippingConfig } from '../../shipping/config';
import { notFound, trackingView } from '../../shipping/tracking-view';
import { publicProcedure, router } from '../trpc';

let limiter: RateLimiter | null = null;
let limit = 0;

/** Per IP and minute; rebuilt when the configured limit changes (tests). */
function hit(ip: string): number {
  const perMinute = shippingConfig().trackRequestsPerMinute;
  if (!limiter || limit !== perMinute) {
    limiter = new RateLimiter(perMinute, 60_000);
    limit = perMinute;
  }
  return limiter.hit(ip);
}

// The customer's tracking page: public, no session; the token is the only key.
export const trackRouter = router({
  get: publicProcedure.input(z.object({ token: z.string().max(200) })).query(async ({ input, ctx }) => {
    const wait = hit(ctx.ip);
    if (wait > 0) throw new AppError('TOO_MANY_REQUESTS', 'track.too_many_requests', `Too many requests. Please try again in ${wait} seconds.`, { seconds: wait });
    if (!input.token) throw notFound();
    return trackingView(input.token);
  })
});
