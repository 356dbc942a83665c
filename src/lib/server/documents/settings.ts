// The 'documents' setting: the default paper per document type (F31, F32). Managers change
// it at /settings/documents; every print may still override it.
import { ClientResponseError } from 'pocketbase';
import { z } from 'zod';
import { DEFAULT_FORMATS, FORMAT_KINDS, FORMATS, type DocumentFormats } from '$lib/documents-client/formats';
import { filterValue, isNotFound, pb } from '../pocketbase/client';

export const SETTINGS_KEY = 'documents';

export interface DocumentSettings {
  formats: DocumentFormats;
}

export const formatSchema = z.enum(FORMATS);
export const documentSettingsSchema = z.object({
  formats: z.object(Object.fromEntries(FORMAT_KINDS.map((k) => [k, formatSchema])) as Record<keyof DocumentFormats, typeof formatSchema>)
});

interface SettingsRecord {
  id: string;
  key: string;
  value: unknown;
}

async function findRecord(): Promise<SettingsRecord | null> {
  try {
    return await pb().collection('settings').getFirstListItem<SettingsRecord>(`key = ${filterValue(SETTINGS_KEY)}`);
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

/** Stored formats over the defaults; a value that is not a known format falls back to the default. */
export function withDefaults(value: unknown): DocumentSettings {
  const stored = (value as { formats?: Record<string, unknown> } | null)?.formats ?? {};
  const formats = { ...DEFAULT_FORMATS };
  for (const kind of FORMAT_KINDS) {
    const parsed = formatSchema.safeParse(stored[kind]);
    if (parsed.success) formats[kind] = parsed.data;
  }
  return { formats };
}

export async function loadDocumentSettings(): Promise<DocumentSettings> {
  return withDefaults((await findRecord())?.value);
}

export async function saveDocumentSettings(settings: DocumentSettings): Promise<DocumentSettings> {
  const value = withDefaults(settings);
  const existing = await findRecord();
  if (existing) {
    await pb().collection('settings').update(existing.id, { value });
    return value;
  }
  try {
    await pb().collection('settings').create({ key: SETTINGS_KEY, value });
  } catch (e) {
    // someone else created it a moment ago (unique key): write over theirs like any later save
    if (!(e instanceof ClientResponseError && e.status === 400)) throw e;
    const raced = await findRecord();
    if (!raced) throw e;
    await pb().collection('settings').update(raced.id, { value });
  }
  return value;
}
