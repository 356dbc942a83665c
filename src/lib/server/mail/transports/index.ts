import { mailConfig, type MailConfig } from '../config';
import { mailboxTransport } from './mailbox';
import { smtpTransport } from './smtp';
import type { MailTransport } from './types';

export type { MailTransport, OutgoingEmail } from './types';

/** SMTP when SMTP_URL is set, otherwise the local mailbox. */
export function createMailTransport(cfg: MailConfig = mailConfig()): MailTransport {
  return cfg.smtpUrl ? smtpTransport(cfg.smtpUrl) : mailboxTransport();
}
