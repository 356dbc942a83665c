// The browser's tRPC client. Imports only the router's type, never server code.
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import superjson from 'superjson';
import type { AppRouter } from '$lib/server/trpc/root';

/** What each procedure takes and returns: the UI's API types (src/lib/<domain>/api.ts name them). */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
import { i18n } from '$lib/i18n/index.svelte';

export const trpc = createTRPCClient<AppRouter>({
  // maxItems: the server refuses larger batches (src/routes/api/trpc/[...trpc]/+server.ts)
  links: [httpBatchLink({ url: '/api/trpc', transformer: superjson, maxItems: 10 })]
});

export interface UserFacingError {
  message: string;
  /** per-field messages for forms, keyed by input path */
  fields: Record<string, string>;
  status: number;
  /** what the server said about the problem (e.g. the lines that cannot be served) */
  params: Record<string, unknown>;
}

interface ErrorData {
  httpStatus?: number;
  code?: string;
  issues?: { path: string; code: string; message: string }[] | null;
  app?: { key: string; params: Record<string, unknown> } | null;
}

/** No answer at all: offline, or a proxy without its server (502-504). Worth sending again later. */
export function isNetworkError(e: unknown): boolean {
  if (!(e instanceof TRPCClientError)) return true;
  const status = ((e.data ?? {}) as ErrorData).httpStatus ?? 0;
  return status === 0 || status === 502 || status === 503 || status === 504;
}

/** One error path for every user action: a translated message and per-field messages. */
export function describeError(e: unknown): UserFacingError {
  if (e instanceof TRPCClientError) {
    const data = (e.data ?? {}) as ErrorData;
    const status = data.httpStatus ?? 0;
    const params = data.app?.params ?? {};
    const fields: Record<string, string> = {};
    for (const issue of data.issues ?? []) {
      const key = `validation.${issue.code}`;
      fields[issue.path] = i18n.has(`validation.${issue.path}`) ? i18n.t(`validation.${issue.path}`) : i18n.has(key) ? i18n.t(key) : issue.message;
    }
    const say = (message: string): UserFacingError => ({ message, fields, status, params });
    if (data.issues?.length) return say(i18n.t('errors.check_fields'));
    // a feature's own key ('orderflow.errors.lines_refused') or a core one ('auth.wrong_credentials')
    if (data.app && i18n.has(data.app.key)) return say(i18n.t(data.app.key, params));
    if (data.app && i18n.has(`errors.${data.app.key}`)) return say(i18n.t(`errors.${data.app.key}`, params));
    if (status === 503) return say(i18n.t('errors.unavailable'));
    if (status === 401) return say(i18n.t('errors.signed_out'));
    if (status === 403) return say(i18n.t('errors.forbidden'));
    if (status >= 500 || status === 0) return say(i18n.t('errors.generic'));
    return say(e.message);
  }
  return { message: i18n.t('errors.network'), fields: {}, status: 0, params: {} };
}
