// Waiting for state in tests (#11): the one polling helper. `check` is called until it passes:
// it returns without throwing and its value is not false, null or undefined (an assertion-style
// check ends with `return true`). On time-out the last error the check threw (with its diff) is
// raised, else "timed out waiting for <what>". For a single value in a browser, prefer
// `expect.poll` or a locator assertion.
export interface Wait {
  /** ms before giving up (default 5000) */
  timeout?: number;
  /** ms between tries (default 40) */
  every?: number;
  /** named in the time-out message */
  what?: string;
}

export async function eventually<T>(check: () => Promise<T> | T, wait: Wait = {}): Promise<NonNullable<Exclude<T, false>>> {
  const { timeout = 5000, every = 40, what = 'condition' } = wait;
  const until = Date.now() + timeout;
  for (;;) {
    let failure: unknown = null;
    try {
      const value = await check();
      if (value !== false && value !== null && value !== undefined) return value as NonNullable<Exclude<T, false>>;
    } catch (e) {
      failure = e;
    }
    if (Date.now() > until) throw failure ?? new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
