import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '$lib/server/trpc/root';
import type { RequestHandler } from './$types';

/**
 * Issue #12 finding 4: one 12 KB GET ran shop.products 300 times. tRPC refuses a larger batch
 * with a 400 before any procedure runs. The browser client sends at most MAX_BATCH calls per
 * request (src/lib/trpc.ts); public pages batch two or three, so anonymous callers get fewer.
 */
const MAX_BATCH = 10;
const MAX_ANONYMOUS_BATCH = 4;

const handler: RequestHandler = (event) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req: event.request,
    router: appRouter,
    maxBatchSize: event.locals.session ? MAX_BATCH : MAX_ANONYMOUS_BATCH,
    createContext: () => ({
      session: event.locals.session,
      cookies: event.cookies,
      ip: event.getClientAddress(),
      userAgent: event.request.headers.get('user-agent') ?? ''
    })
  });

export const GET = handler;
export const POST = handler;
