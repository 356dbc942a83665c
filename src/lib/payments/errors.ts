// The payments screens' one error path: the app's describeError, plus the payments module's
// own message keys (payments.*) and per-field messages, in the user's language.
import { TRPCClientError } from '@trpc/client';
import { i18n } from '$lib/i18n/index.svelte';
import { describeError, type UserFacingError } from '$lib/trpc';

interface AppData {
  app?: { key: string; params: Record<string, unknown> } | null;
  issues?: { path: string; message: string }[] | null;
}

export function describePaymentError(e: unknown): UserFacingError {
  const base = describeError(e);
  if (!(e instanceof TRPCClientError)) return base;
  const data = (e.data ?? {}) as AppData;
  const fields = { ...base.fields };
  for (const issue of data.issues ?? []) {
    const key = `payments.validation.${issue.path}`;
    if (i18n.has(key)) fields[issue.path] = i18n.t(key);
  }
  const app = data.app;
  if (app && i18n.has(app.key)) {
    // the card form's per-field problems arrive as codes
    const cardFields = (app.params.fields ?? {}) as Record<string, string>;
    for (const [field, code] of Object.entries(cardFields)) fields[field] = i18n.t(`payments.checkout.fieldErrors.${code}`);
    return { ...base, message: i18n.t(app.key, app.params), fields };
  }
  return { ...base, fields };
}

/** Amounts typed by people: "49,90", "49.90", "1.234,50" -> cents, or null. */
export function parseMoneyInput(raw: string): number | null {
  const s = raw.trim().replace(/\s/g, '');
  const m = s.match(/^(\d{1,3}(?:[.,]\d{3})*|\d+)(?:[.,](\d{1,2}))?$/);
  if (!m) return null;
  const cents = Number(m[1].replace(/[.,]/g, '')) * 100 + Number((m[2] ?? '').padEnd(2, '0') || 0);
  return cents > 0 ? cents : null;
}

/**
 * Runs `work` over `items` in chunks, two in flight (the next chunk's reads overlap the
 * current chunk's transaction), reporting how many items are done; stops at the first error.
 * Results keep the order of `items`.
 */
export async function inChunks<T, R>(items: T[], size: number, work: (chunk: T[]) => Promise<R[]>, progress: (done: number) => void, inFlight = 2): Promise<R[]> {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  const results: R[][] = [];
  let next = 0;
  let done = 0;
  let failed = false;
  const lane = async () => {
    while (next < chunks.length && !failed) {
      const i = next++;
      try {
        results[i] = await work(chunks[i]);
      } catch (e) {
        failed = true;
        throw e;
      }
      done += chunks[i].length;
      progress(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, chunks.length) }, lane));
  return results.flat();
}
