// The embedded transport: a delivered mail is a record in `mailbox`, read by staff at /mail.
// The unique message_id makes a repeated delivery (a crash before the outbox row was marked)
// land once, like a receiver that de-duplicates on Message-ID.
import { ClientResponseError } from 'pocketbase';
import { collection } from '../../pocketbase/client';
import { formatAddress, type MailTransport, type OutgoingEmail } from './types';

export interface AttachmentInfo {
  name: string;
  size: number;
  contentType: string;
}

function isDuplicateMessage(e: unknown): boolean {
  if (!(e instanceof ClientResponseError) || e.status !== 400) return false;
  const data = (e.response?.data ?? {}) as Record<string, { code?: string }>;
  return data.message_id?.code === 'validation_not_unique';
}

export function mailboxTransport(): MailTransport {
  return {
    kind: 'mailbox',
    async send(mail: OutgoingEmail) {
      const info: AttachmentInfo[] = mail.attachments.map((a) => ({ name: a.filename, size: a.content.byteLength, contentType: a.contentType }));
      try {
        await collection('mailbox').create({
            message_id: mail.messageId,
            outbox: mail.outboxId,
            order: mail.orderId ?? '',
            topic: mail.topic,
            sender: formatAddress(mail.from),
            recipient: mail.to,
            reply_to: mail.replyTo ?? '',
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            attachment_info: info,
            attachments: mail.attachments.map((a) => new File([new Uint8Array(a.content)], a.filename, { type: a.contentType }))
          });
      } catch (e) {
        if (isDuplicateMessage(e)) return;
        throw e;
      }
    },
    close() {}
  };
}
