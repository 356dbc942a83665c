// The browser's tRPC client. Imports only the router's type, never server code.
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '$lib/server/trpc/root';
import { i18n } from '$lib/i18n/index.svelte';

export const trpc = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: '/api/trpc', transformer: superjson })]
});

export interface UserFacingError {
  message: string;
  /** per-field messages for forms, keyed by input path */
  fields: Record<string, string>;
  status: number;
}

interface ErrorData {
  httpStatus?: number;
  code?: string;
  issues?: { path: string; code: string; message: string }[] | null;
  app?: { key: string; params: Record<string, unknown> } | null;
}

/** One error path for every user action: a translated message and per-field messages. */
export function describeError(e: unknown): UserFacingError {
  if (e instanceof TRPCClientError) {
    const data = (e.data ?? {}) as ErrorData;
    const status = data.httpStatus ?? 0;
    const fields: Record<string, string> = {};
    for (const issue of data.issues ?? []) {
      const key = `validation.${issue.code}`;
      fields[issue.path] = i18n.has(`validation.${issue.path}`) ? i18n.t(`validation.${issue.path}`) : i18n.has(key) ? i18n.t(key) : issue.message;
    }
    if (data.issues?.length) return { message: i18n.t('errors.check_fields'), fields, status };
    if (data.app && i18n.has(`errors.${data.app.key}`)) return { message: i18n.t(`errors.${data.app.key}`, data.app.params), fields, status };
    if (status === 503) return { message: i18n.t('errors.unavailable'), fields, status };
    if (status === 401) return { message: i18n.t('errors.signed_out'), fields, status };
    if (status === 403) return { message: i18n.t('errors.forbidden'), fields, status };
    if (status >= 500 || status === 0) return { message: i18n.t('errors.generic'), fields, status };
    return { message: e.message, fields, status };
  }
  return { message: i18n.t('errors.network'), fields: {}, status: 0 };
}
