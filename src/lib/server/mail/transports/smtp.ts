// SMTP through nodemailer, configured by SMTP_URL (smtp://user:pass@host:587, smtps://…:465;
// nodemailer's URL query options such as ?requireTLS=true work too).
import { createTransport } from 'nodemailer';
import { PermanentDeliveryError } from '../../outbox/errors';
import type { MailTransport, OutgoingEmail } from './types';

interface SmtpError extends Error {
  code?: string;
  command?: string;
  responseCode?: number;
  permanent?: boolean;
  response?: string;
}

/**
 * Only a refusal of this message or recipient is permanent. Everything else (server down,
 * 4xx, timeouts, even a failed login, which is a configuration problem an admin fixes) is
 * retried with backoff.
 */
function classify(err: SmtpError): Error {
  const aboutTheMessage = /^(RCPT|DATA)/i.test(err.command ?? '') || err.code === 'EENVELOPE';
  if (aboutTheMessage && (err.permanent === true || (err.code === 'EENVELOPE' && !err.responseCode))) {
    return new PermanentDeliveryError(`refused by the mail server: ${err.response ?? err.message}`, { cause: err });
  }
  return err;
}

export function smtpTransport(url: string): MailTransport {
  const transporter = createTransport({
    url,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000
  });
  return {
    kind: 'smtp',
    async send(mail: OutgoingEmail) {
      try {
        await transporter.sendMail({
          messageId: mail.messageId,
          from: mail.from,
          to: mail.to,
          replyTo: mail.replyTo,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          attachments: mail.attachments.map((a) => ({ filename: a.filename, content: Buffer.from(a.content), contentType: a.contentType }))
        });
      } catch (e) {
        throw classify(e as SmtpError);
      }
    },
    close() {
      transporter.close();
    }
  };
}
