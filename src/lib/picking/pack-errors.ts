// The tablet's one error path: a refused scan, a lost connection, or anything else, in the
// packer's language. Refusals come from the server with a `pack.*` key and its details.
import { TRPCClientError } from '@trpc/client';
import { i18n } from '$lib/i18n/index.svelte';
import { describeError, isNetworkError } from '$lib/trpc';

export interface PackError {
  message: string;
  /** the server refused for good (over-pick, wrong item, cancelled order...) */
  refused: boolean;
  /** no answer at all: offline, or the server did not respond */
  network: boolean;
  /** the session is gone (revoked, locked elsewhere) */
  signedOut: boolean;
  reason?: string;
  params: Record<string, unknown>;
}

interface AppData {
  httpStatus?: number;
  app?: { key: string; params: Record<string, unknown> } | null;
}

/** Translates a `pack.*` key with its params; a not-on-order scan names the product when it is known. */
export function packMessage(key: string, params: Record<string, unknown> = {}): string {
  const k = key === 'pack.refused.not_on_order' && !params.product ? 'pack.refused.unknown_code' : key;
  return i18n.t(k, params);
}

export function describePackError(e: unknown): PackError {
  const data = (e instanceof TRPCClientError ? e.data : null) as AppData | null;
  const status = data?.httpStatus ?? 0;
  const app = data?.app;
  if (app && app.key.startsWith('pack.') && i18n.has(app.key)) {
    const refused = status >= 400 && status < 500 && status !== 401 && status !== 429;
    return { message: packMessage(app.key, app.params), refused, network: false, signedOut: false, reason: String(app.params?.reason ?? ''), params: app.params ?? {} };
  }
  const described = describeError(e);
  // a fetch that never got an answer has no status; 502-504 are a proxy without its server
  const network = isNetworkError(e);
  return {
    message: network ? i18n.t('pack.offline.noConnection') : described.message,
    refused: !network && status >= 400 && status < 500 && status !== 401 && status !== 429,
    network,
    signedOut: status === 401,
    params: {}
  };
}
