// The one error path for document actions: server refusals (missing settings, unpaid order,
// roles, network) and a document the browser could not draw, as one translated message.
import { TRPCClientError } from '@trpc/client';
import { i18n, t } from '$lib/i18n/index.svelte';
import { describeError } from '$lib/trpc';

export interface DocumentProblem {
  message: string;
  /** settings that are missing (`shop.address`, …): the UI offers the settings page */
  missing: string[];
}

function missingMessage(missing: string[]): DocumentProblem {
  const names = missing.map((m) => (i18n.has(`documents.missing.${m}`) ? t(`documents.missing.${m}`) : m));
  const items = new Intl.ListFormat(i18n.locale, { type: 'conjunction' }).format(names);
  return { message: t('documents.errors.missing', { items }), missing };
}

export function describeDocumentError(e: unknown): DocumentProblem {
  // thrown by the documents module itself (the server checks first, so this is rare)
  if (e instanceof Error && e.name === 'DocumentDataError' && Array.isArray((e as { missing?: unknown }).missing)) {
    return missingMessage((e as Error & { missing: string[] }).missing);
  }
  if (e instanceof TRPCClientError) {
    const app = (e.data as { app?: { key: string; params: Record<string, unknown> } | null } | undefined)?.app;
    if (app?.key === 'documents.errors.missing' && Array.isArray(app.params.missing)) return missingMessage(app.params.missing as string[]);
    if (app?.key.startsWith('documents.') && i18n.has(app.key)) return { message: t(app.key, app.params), missing: [] };
    return { message: describeError(e).message, missing: [] };
  }
  // a lazily loaded chunk that did not arrive
  if (e instanceof TypeError && /dynamically imported module|Importing a module script failed/i.test(e.message)) {
    return { message: t('documents.errors.load'), missing: [] };
  }
  return { message: describeError(e).message, missing: [] };
}
