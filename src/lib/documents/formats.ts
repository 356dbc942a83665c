// Which paper each document prints on by default (F31, F32). Shared by the server (the
// 'documents' setting) and the browser (settings page, per-print override); plain data only.
import type { Format } from '$lib/documents/types';

export const FORMATS = ['a4', 'letter', 'thermal80', 'label4x6'] as const satisfies readonly Format[];

/** Every document that has a default format in the settings. */
export const FORMAT_KINDS = ['invoice', 'receipt', 'packing-slip', 'address-label', 'credit-note', 'pick-list'] as const;
export type FormatKind = (typeof FORMAT_KINDS)[number];

export type DocumentFormats = Record<FormatKind, Format>;

export const DEFAULT_FORMATS: DocumentFormats = {
  invoice: 'a4',
  receipt: 'a4',
  'packing-slip': 'a4',
  'address-label': 'label4x6',
  'credit-note': 'a4',
  'pick-list': 'a4'
};

/** The documents the order page prints one by one. */
export const ORDER_DOCUMENTS = ['invoice', 'receipt', 'packing-slip', 'address-label'] as const;
export type OrderDocumentKind = (typeof ORDER_DOCUMENTS)[number];

/** The documents that print many orders into one PDF (F35). */
export const BULK_DOCUMENTS = ['packing-slip', 'invoice', 'credit-note'] as const;
export type BulkDocumentKind = (typeof BULK_DOCUMENTS)[number];
export const BULK_SORTS = ['bin', 'number'] as const;
export type BulkSort = (typeof BULK_SORTS)[number];

/** Most orders in one bulk print, and per chunk of inputs the server hands out. */
export const BULK_MAX = 500;
export const BULK_CHUNK = 50;
