// describeError, with shipping's own messages (shipping.errors.*, orderflow.errors.*) from the
// feature's locale files, and order states in words.
import { TRPCClientError } from '@trpc/client';
import { i18n } from '$lib/i18n/index.svelte';
import { describeError, type UserFacingError } from '$lib/trpc';

/** A refusal's text from its key and params; `state` params read as words. */
export function refusalText(key: string, params: Record<string, unknown>, fallback: string): string {
  if (!i18n.has(key)) return fallback;
  const state = typeof params.state === 'string' && i18n.has(`state.${params.state}`) ? i18n.t(`state.${params.state}`) : params.state;
  return i18n.t(key, { ...params, state });
}

export function describeShippingError(e: unknown): UserFacingError & { key: string | null } {
  const base = describeError(e);
  const app = e instanceof TRPCClientError ? ((e.data ?? {}) as { app?: { key: string; params: Record<string, unknown> } | null }).app : null;
  if (!app || base.status === 0) return { ...base, key: null };
  return { ...base, key: app.key, message: refusalText(app.key, app.params ?? {}, base.message) };
}

/** Opens the labels of these parcels as a PDF in a new tab, for printing. */
export function openLabels(shipmentIds: string[], layout: 'label4x6' | 'a4') {
  const params = new URLSearchParams({ ids: shipmentIds.join(','), layout });
  window.open(`/shipping/labels?${params}`, '_blank', 'noopener');
}
