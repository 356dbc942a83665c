// describeError plus what order screens need: the per-line problems of F01 (./line-problems.ts).
import { i18n } from '$lib/i18n/index.svelte';
import { describeError, type UserFacingError } from '$lib/trpc';
import type { LineProblem } from '$lib/shop/line-problems';

export type { LineProblem };

export interface OrderError extends UserFacingError {
  /** one entry per line that cannot be served */
  lines: LineProblem[];
}

export function describeOrderError(e: unknown): OrderError {
  const base = describeError(e);
  return { ...base, lines: Array.isArray(base.params.lines) ? (base.params.lines as LineProblem[]) : [] };
}

/** "Only 2 available", "No longer sold", … for one line. */
export const lineProblemText = (p: LineProblem) => i18n.t(`orderflow.lineProblem.${p.problem}`, { ...p });

/** for `.catch(…)` on a tRPC call: what the screen shows instead of the raw error */
export const rethrowDescribed = (e: unknown): never => {
  throw describeOrderError(e);
};
