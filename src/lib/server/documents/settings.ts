// The 'documents' setting: the default paper per document type (F31, F32). Managers change
// it at /settings/documents; every print may still override it.
import { z } from 'zod';
import { DEFAULT_FORMATS, FORMAT_KINDS, FORMATS, type DocumentFormats } from '$lib/documents/formats';
import { defineSetting } from '../settings';

export const SETTINGS_KEY = 'documents';

export interface DocumentSettings {
  formats: DocumentFormats;
}

export const formatSchema = z.enum(FORMATS);
export const documentSettingsSchema = z.object({
  formats: z.object(Object.fromEntries(FORMAT_KINDS.map((k) => [k, formatSchema])) as Record<keyof DocumentFormats, typeof formatSchema>)
});

// a stored value that is not a known format falls back to that kind's default
const documentsSetting = defineSetting(SETTINGS_KEY, documentSettingsSchema, { formats: DEFAULT_FORMATS } satisfies DocumentSettings as DocumentSettings);

export const loadDocumentSettings = (): Promise<DocumentSettings> => documentsSetting.get();

export const saveDocumentSettings = (settings: DocumentSettings): Promise<DocumentSettings> =>
  documentsSetting.save({ formats: documentsSetting.parse(settings).formats });
