import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '$lib/server/trpc/root';
import type { RequestHandler } from './$types';

const handler: RequestHandler = (event) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req: event.request,
    router: appRouter,
    createContext: () => ({
      session: event.locals.session,
      cookies: event.cookies,
      ip: event.getClientAddress(),
      userAgent: event.request.headers.get('user-agent') ?? ''
    })
  });

export const GET = handler;
export const POST = handler;
