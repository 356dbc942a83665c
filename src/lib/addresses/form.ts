// The address form's data and what a refused save tells it (F37). Browser-safe.
import { i18n } from '$lib/i18n/index.svelte';
import type { AddressMessage } from './check';

export interface AddressDraft {
  name: string;
  company?: string;
  street: string;
  postcode: string;
  city: string;
  country: string;
}

export const ADDRESS_FIELDS = ['name', 'company', 'street', 'postcode', 'city', 'country'] as const;

export const emptyAddress = (): AddressDraft => ({ name: '', company: '', street: '', postcode: '', city: '', country: '' });

export const draftOf = (a: Partial<AddressDraft> | null | undefined): AddressDraft => ({
  name: a?.name ?? '',
  company: a?.company ?? '',
  street: a?.street ?? '',
  postcode: a?.postcode ?? '',
  city: a?.city ?? '',
  country: a?.country ?? ''
});

/** One check message in the screen's language; the server's English text when the key is unknown. */
export function messageText(m: Pick<AddressMessage, 'code' | 'field' | 'message' | 'params'>): string {
  const key = `addresses.check.${m.code}`;
  if (!i18n.has(key)) return m.message;
  const field = i18n.has(`addresses.field.${m.field}`) ? i18n.t(`addresses.field.${m.field}`) : m.field;
  const text = i18n.t(key, { ...m.params, field });
  return m.params?.example ? `${text.replace(/\.$/, '')} (${i18n.t('addresses.check.example', { example: m.params.example })}).` : text;
}

/** Per-field messages of a refused save: the check's (params.messages) and zod's (fields 'address.x'). */
export function fieldErrors(err: { fields?: Record<string, string>; params?: Record<string, unknown> }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, text] of Object.entries(err.fields ?? {})) out[path.replace(/^address\./, '')] = text;
  const messages = err.params?.messages;
  if (Array.isArray(messages)) for (const m of messages as AddressMessage[]) out[m.field] ??= messageText(m);
  return out;
}

/** One line: "Name, Street 1, 10115 Berlin, DE". */
export const oneLine = (a: Partial<AddressDraft> | null | undefined) =>
  a ? [a.name, a.company, a.street, `${a.postcode ?? ''} ${a.city ?? ''}`.trim(), a.country].filter(Boolean).join(', ') : '';
