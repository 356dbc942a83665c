// The outbox's e-mail handler: render the row's topic in its locale, send it with the row's
// stable Message-ID, hand back the subject for the outbox list.
import type { OutboxHandler } from '../outbox/types';
import { PermanentDeliveryError } from '../outbox/errors';
import { registerOutboxKind } from '../outbox/kinds';
import type { ShopInfo } from '$lib/documents';
import { mailConfig } from './config';
import { loadShop } from './document-input';
import { renderEmail } from './templates/registry';
import { createMailTransport, type MailTransport } from './transports';
import type { MailAddress } from './transports/types';

export function mailFrom(shop: ShopInfo, configured = mailConfig().from): MailAddress {
  if (configured) return configured;
  return { name: shop.name, address: shop.email || 'packbench@localhost' };
}

interface EmailPayload {
  locale?: unknown;
  data?: unknown;
}

export function emailHandler(transport: MailTransport): OutboxHandler {
  return async (row) => {
    if (!row.recipient.trim()) throw new PermanentDeliveryError('the e-mail has no recipient');
    const payload = (row.payload ?? {}) as EmailPayload;
    const shop = await loadShop();
    const mail = await renderEmail({ topic: row.topic, locale: payload.locale, data: payload.data, shop });
    await transport.send({
      ...mail,
      messageId: row.message_id,
      from: mailFrom(shop),
      to: row.recipient,
      replyTo: mail.replyTo ?? shop.email,
      topic: row.topic,
      outboxId: row.id,
      orderId: row.order || undefined
    });
    return { subject: mail.subject };
  };
}

/**
 * The outbox delivers e-mail through this (registered at start-up: src/hooks.server.ts): each
 * worker sends through its own transport (SMTP_URL's server or the local mailbox), closed when
 * the worker stops.
 */
export function registerEmailDelivery(): void {
  registerOutboxKind('email', {
    create: () => {
      const transport = createMailTransport();
      return { handler: emailHandler(transport), close: () => transport.close() };
    }
  });
}
