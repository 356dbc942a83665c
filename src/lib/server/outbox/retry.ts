export interface RetryPolicy {
  /** delay after the first failed attempt */
  baseMs: number;
  /** no delay grows beyond this */
  capMs: number;
  /** after this many attempts the row is `dead` */
  maxAttempts: number;
}

// 30 s, 1, 2, 4 … min up to 2 h: about 14 h of retries before a row is given up.
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, capMs: 2 * 3600_000, maxAttempts: 16 };

/**
 * Exponential backoff with "equal jitter": between half and all of min(cap, base·2^(n-1)),
 * so delays keep growing while many failed rows do not all come back at the same moment.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
