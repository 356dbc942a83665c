// Documents a mail attaches that a domain above mail makes: a refund's credit note (F41,
// ../../refunds/documents.ts) and a return label (F39, ../../returns/label.ts). Each domain
// registers its maker at start-up (src/hooks.server.ts): those domains queue their e-mails
// through mail, so mail does not import them.
import type { Locale } from '../../pocketbase/records';
import type { MailAttachment } from './define';

export type MailDocumentKind = 'credit_note' | 'return_label';

export interface MailDocument {
  attachment: MailAttachment;
  /** the document's number, when the mail names it */
  number?: string;
}

type MakeMailDocument = (id: string, locale: Locale) => Promise<MailDocument>;

const makers = new Map<MailDocumentKind, MakeMailDocument>();

export function registerMailDocument(kind: MailDocumentKind, make: MakeMailDocument): void {
  makers.set(kind, make);
}

export function mailDocument(kind: MailDocumentKind, id: string, locale: Locale): Promise<MailDocument> {
  const make = makers.get(kind);
  if (!make) throw new Error(`nothing makes the mail attachment "${kind}": its domain registers it at start-up (src/hooks.server.ts)`);
  return make(id, locale);
}
