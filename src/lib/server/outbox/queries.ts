// Read side of the outbox for staff (/mail): what is queued, sent, retrying or given up.
import { AppError } from '../errors';
import { collection, filterValue } from '../pocketbase/client';
import { TxFailure, UnitOfWork, commitOne } from '../pocketbase/tx';
import type { OutboxRecord, OutboxStatus } from './types';

const FIELDS = 'id,kind,topic,recipient,subject,status,attempts,next_attempt_at,last_error,message_id,sent_at,order,created,updated';

export type OutboxListItem = Omit<OutboxRecord, 'payload'>;

/**
 * One page of the e-mail outbox, newest first, and whether an older page exists. No total: at
 * a real shop's size the outbox holds two e-mails per order for good (470,000 rows at 200,000
 * orders), and counting them took PocketBase seconds on every refresh of the screen; the page
 * and the look-ahead read the (kind, created, id, status) index alone.
 */
export async function listOutbox(q: { status?: OutboxStatus; page: number; perPage: number }) {
  const opts = { filter: `kind = 'email'` + (q.status ? ` && status = ${filterValue(q.status)}` : ''), sort: '-created,-id', skipTotal: true };
  const [res, next] = await Promise.all([
    collection('outbox').getList<OutboxListItem>(q.page, q.perPage, { ...opts, fields: FIELDS }),
    // the first row after this page
    collection('outbox').getList(q.page * q.perPage + 1, 1, { ...opts, fields: 'id' })
  ]);
  return { items: res.items, page: q.page, hasMore: next.items.length > 0 };
}

/** A dead (or failed) row goes back into the queue with a fresh set of attempts. */
export async function retryOutboxRow(id: string) {
  try {
    await commitOne((uow) => uow.update('outbox', id, { status: 'pending', attempts: 0, next_attempt_at: new Date().toISOString(), last_error: '' }, { expect: { status: ['dead', 'failed'] } }));
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'not_found') throw new AppError('NOT_FOUND', 'mail.errors.outbox_not_found', 'This outbox entry does not exist.');
    if (e instanceof TxFailure && e.code === 'precondition_failed') {
      throw new AppError('CONFLICT', 'mail.errors.not_retryable', 'Only messages that were given up can be sent again.');
    }
    throw e;
  }
  return { ok: true };
}
