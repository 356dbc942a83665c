// describeError plus what order screens need: messages from the feature's own locale files
// (keys such as 'orderflow.errors.lines_refused') and the per-line problems of F01.
import { TRPCClientError } from '@trpc/client';
import { i18n } from '$lib/i18n/index.svelte';
import { describeError, type UserFacingError } from '$lib/trpc';
import type { LineProblem } from '$lib/server/orders/lines';

export type { LineProblem };

export interface OrderError extends UserFacingError {
  /** one entry per line that cannot be served */
  lines: LineProblem[];
  params: Record<string, unknown>;
}

export function describeOrderError(e: unknown): OrderError {
  const base = describeError(e);
  const app = e instanceof TRPCClientError ? ((e.data ?? {}) as { app?: { key: string; params: Record<string, unknown> } | null }).app : null;
  const params = app?.params ?? {};
  const message = app && i18n.has(app.key) ? i18n.t(app.key, params) : base.message;
  return { ...base, message, params, lines: Array.isArray(params.lines) ? (params.lines as LineProblem[]) : [] };
}

/** "Only 2 available", "No longer sold", … for one line. */
export const lineProblemText = (p: LineProblem) => i18n.t(`orderflow.lineProblem.${p.problem}`, { ...p });

/** for `.catch(…)` on a tRPC call: what the screen shows instead of the raw error */
export const rethrowDescribed = (e: unknown): never => {
  throw describeOrderError(e);
};
