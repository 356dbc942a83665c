// Read side of the local mailbox for staff (/mail): list, one message, one attachment.
import { AppError } from '../errors';
import { collection, filterValue, isNotFound, pb } from '../pocketbase/client';
import type { Role } from '$lib/auth/roles';
import { mayManage } from '$lib/staff/rules';
import type { AttachmentInfo } from './transports/mailbox';

export interface MailboxRecord {
  id: string;
  message_id: string;
  outbox: string;
  order: string;
  topic: string;
  sender: string;
  recipient: string;
  reply_to: string;
  subject: string;
  text: string;
  html: string;
  attachments: string[];
  attachment_info: AttachmentInfo[] | null;
  created: string;
  updated: string;
}
declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    mailbox: MailboxRecord;
  }
  interface WriteShapes {
    /** a file field: File objects in, stored file names out */
    mailbox: { attachments: File[] };
  }
}

const LIST_FIELDS = 'id,message_id,order,topic,sender,recipient,subject,attachment_info,created,updated';

export async function listMailbox(q: { page: number; perPage: number; search?: string }) {
  const s = q.search?.trim();
  const filter = s ? `(subject ~ ${filterValue(s)} || recipient ~ ${filterValue(s)} || topic ~ ${filterValue(s)})` : '';
  const res = await collection('mailbox').getList(q.page, q.perPage, { filter, sort: '-created,-id', fields: LIST_FIELDS });
  return {
    items: res.items.map((m) => ({
      id: m.id,
      topic: m.topic,
      sender: m.sender,
      recipient: m.recipient,
      subject: m.subject,
      order: m.order,
      attachments: (m.attachment_info ?? []).length,
      created: m.created
    })),
    page: res.page,
    totalPages: res.totalPages,
    totalItems: res.totalItems
  };
}
export type MailboxListItem = Awaited<ReturnType<typeof listMailbox>>['items'][number];

async function getRecord(id: string): Promise<MailboxRecord> {
  try {
    return await collection('mailbox').getOne(id);
  } catch (e) {
    if (isNotFound(e)) throw new AppError('NOT_FOUND', 'mail.errors.not_found', 'This e-mail does not exist.');
    throw e;
  }
}

/**
 * A staff invitation holds a link that opens the invited person's account: only someone who
 * may manage that role reads it (an office clerk never reads a manager's, a manager never an
 * owner's); without SMTP the mailbox is where the inviting manager finds the link to pass on.
 */
async function mayRead(m: MailboxRecord, viewer: Role): Promise<boolean> {
  if (m.topic !== 'staff_invitation') return true;
  const sent = m.outbox ? await collection('outbox').getOne<{ payload: { data?: { role?: Role } } }>(m.outbox, { fields: 'payload' }).catch(() => null) : null;
  return mayManage(viewer, sent?.payload?.data?.role ?? 'owner');
}

export async function getMailboxMessage(id: string, viewer: Role) {
  const m = await getRecord(id);
  if (!(await mayRead(m, viewer))) {
    throw new AppError('FORBIDDEN', 'mail.errors.invitation_private', 'This e-mail opens a staff account: only an owner or a manager who manages that role may read it.');
  }
  return {
    id: m.id,
    messageId: m.message_id,
    topic: m.topic,
    order: m.order,
    sender: m.sender,
    recipient: m.recipient,
    replyTo: m.reply_to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    attachments: (m.attachment_info ?? []).map((a, index) => ({ index, name: a.name, size: a.size, contentType: a.contentType })),
    created: m.created
  };
}
export type MailboxMessage = Awaited<ReturnType<typeof getMailboxMessage>>;

/** The bytes of attachment `index` (PocketBase keeps the upload order), fetched as superuser. */
export async function mailboxAttachment(id: string, index: number) {
  const m = await getRecord(id);
  const file = m.attachments[index];
  const info = m.attachment_info?.[index];
  if (!file || !info) throw new AppError('NOT_FOUND', 'mail.errors.attachment_not_found', 'This attachment does not exist.');
  const client = pb();
  const token = await client.files.getToken();
  const res = await fetch(client.files.getURL(m, file, { token }));
  if (!res.ok) throw new Error(`PocketBase answered ${res.status} for attachment ${index} of mail ${id}`);
  return { name: info.name, contentType: info.contentType || 'application/octet-stream', bytes: new Uint8Array(await res.arrayBuffer()) };
}
