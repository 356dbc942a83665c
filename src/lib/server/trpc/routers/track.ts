import { z } from 'zod';
import { trackPageData } from '../../shipping/track-page';
import { publicProcedure, router } from '../trpc';

// The customer's tracking page data: public, no session; the token is the only key.
// (The page itself reads GET /track/<token>/data, the same function with Server-Timing.)
export const trackRouter = router({
  get: publicProcedure.input(z.object({ token: z.string().max(200) })).query(({ input, ctx }) => trackPageData(input.token, ctx.ip))
});
