import { TRPCClientError } from '@trpc/client';
import { i18n } from '$lib/i18n/index.svelte';
import { describeError } from '$lib/trpc';

/** describeError, but mail's own error keys (mail.errors.*) come from mail.json. */
export function mailErrorMessage(e: unknown): string {
  const key = e instanceof TRPCClientError ? (e.data as { app?: { key?: string } | null } | undefined)?.app?.key : undefined;
  return key?.startsWith('mail.') && i18n.has(key) ? i18n.t(key) : describeError(e).message;
}

/** A topic's name for people; unknown topics show as they are. */
export function topicLabel(topic: string): string {
  return i18n.has(`mail.topics.${topic}`) ? i18n.t(`mail.topics.${topic}`) : topic;
}
