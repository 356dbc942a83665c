// Queueing an e-mail is one `create` in the caller's unit of work, so the mail exists if
// and only if the change that causes it commits. Delivery (templates, SMTP or the local
// mailbox, retries) reads these outbox rows later.
import { randomUUID } from 'node:crypto';
import type { Ref, UnitOfWork } from '../pocketbase/tx';
import { outboxQueued } from '../outbox/wake';

export interface QueuedEmail {
  /** the template, e.g. 'order_placed_merchant', 'receipt', 'delivery' */
  topic: string;
  to: string;
  locale: 'en' | 'de';
  /** what the template needs; ids rather than copies where the data can be re-read */
  data: Record<string, unknown>;
  order?: string | Ref;
}

export function queueEmail(uow: UnitOfWork, mail: QueuedEmail, now = new Date()): Ref {
  // quiet: this process's workers are woken once the unit commits (../outbox/wake.ts)
  uow.afterCommit(outboxQueued);
  return uow.create(
    'outbox',
    {
      kind: 'email',
      topic: mail.topic,
      recipient: mail.to,
      subject: '',
      payload: { locale: mail.locale, data: mail.data },
      status: 'pending',
      attempts: 0,
      next_attempt_at: now.toISOString(),
      // stable across retries, so receivers can de-duplicate
      message_id: `<${randomUUID()}@packbench>`,
      order: mail.order ?? ''
    },
    { quiet: true }
  );
}
