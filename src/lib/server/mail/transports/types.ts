import type { MailAttachment } from '../templates/define';

export type MailAddress = string | { name: string; address: string };

/** A rendered e-mail ready to go, with the outbox row's stable Message-ID. */
export interface OutgoingEmail {
  messageId: string;
  from: MailAddress;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
  /** for the local mailbox's list: what caused it */
  topic: string;
  outboxId: string;
  orderId?: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'mailbox';
  /** resolves once the receiver has accepted the mail; rejects with PermanentDeliveryError if it never will */
  send(mail: OutgoingEmail): Promise<void>;
  close(): void;
}

export function formatAddress(a: MailAddress): string {
  if (typeof a === 'string') return a;
  return `"${a.name.replace(/["\\\r\n]/g, '')}" <${a.address}>`;
}
