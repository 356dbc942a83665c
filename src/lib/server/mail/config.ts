// Mail settings from the environment. Secrets (the SMTP password) only ever come from SMTP_URL.
export interface MailConfig {
  /** smtp://user:pass@host:587 or smtps://…:465; null: the embedded local mailbox */
  smtpUrl: string | null;
  /** From header; null: the shop's name and e-mail from the settings */
  from: string | null;
  /** public base URL for links in e-mails (staff order page, tracking page) */
  appUrl: string;
}

let override: Partial<MailConfig> | null = null;

/** Tests point the mail modules at their own SMTP server. */
export function configureMail(cfg: Partial<MailConfig> | null) {
  override = cfg === null ? null : { ...(override ?? {}), ...cfg };
}

export function mailConfig(): MailConfig {
  const env = process.env;
  const host = !env.HOST || env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST;
  return {
    smtpUrl: env.SMTP_URL?.trim() || null,
    from: env.MAIL_FROM?.trim() || null,
    appUrl: (env.ORIGIN?.trim() || `http://${host}:${env.PORT ?? 3000}`).replace(/\/+$/, ''),
    ...override
  };
}
