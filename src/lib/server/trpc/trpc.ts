// One place for tRPC's context, error shape and the role-narrowing procedures.
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z, ZodError } from 'zod';
import { hasRole, type RoleGroup } from '$lib/auth/roles';
import { AppError } from '../errors';
import { isUnavailable } from '../pocketbase/client';
import type { Context } from './context';

export interface FieldIssue {
  path: string;
  code: string;
  message: string;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const issues: FieldIssue[] | null =
      cause instanceof ZodError
        ? cause.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }))
        : null;
    const app = cause instanceof AppError ? { key: cause.key, params: cause.params } : null;
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    return {
      ...shape,
      // never a stack trace or an internal message to users
      message: internal ? 'Something went wrong on our side. Nothing was changed; please try again.' : shape.message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, issues, app }
    };
  }
});

/** Domain errors and PocketBase outages become proper tRPC errors (400/404/409/503...). */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      result.error = new TRPCError({ code: cause.code, message: cause.message, cause });
    } else if (isUnavailable(cause)) {
      result.error = new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The database is not reachable right now. Please try again in a moment.', cause });
    } else if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      console.error('[trpc]', result.error.cause ?? result.error);
    }
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(errorMapping);

/** what someone signed in with a one-time password may do before choosing their own (issue #14) */
const BEFORE_OWN_PASSWORD = new Set(['auth.setLocale', 'staff.changeOwnPassword']);

function requireRole(group: RoleGroup) {
  return publicProcedure.use(({ ctx, next, path }) => {
    if (!ctx.session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in.' });
    if (ctx.session.staff.mustChangePassword && !BEFORE_OWN_PASSWORD.has(path)) {
      throw new AppError('FORBIDDEN', 'staff.errors.choose_password', 'Choose your own password first.');
    }
    if (!hasRole(ctx.session.staff.role, group)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role may not do this.' });
    }
    return next({ ctx: { ...ctx, session: ctx.session } });
  });
}

export const staffProcedure = requireRole('staff');
export const packerProcedure = requireRole('packer');
export const officeProcedure = requireRole('office');
export const managerProcedure = requireRole('manager');
export const ownerProcedure = requireRole('owner');

/** PocketBase record ids: 15 lowercase alphanumerics. */
export const recordId = z.string().regex(/^[a-z0-9]{15}$/, 'Not a valid id');
