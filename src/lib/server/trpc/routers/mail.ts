import { z } from 'zod';
import { mailConfig } from '../../mail/config';
import { getMailboxMessage, listMailbox } from '../../mail/mailbox';
import { listOutbox, retryOutboxRow } from '../../outbox/queries';
import { officeProcedure, recordId, router } from '../trpc';

const page = { page: z.number().int().min(1).default(1), perPage: z.number().int().min(1).max(200).default(50) };

export const mailRouter = router({
  /** how mail leaves Packbench: SMTP, or the local mailbox shown here */
  transport: officeProcedure.query(() => ({ kind: mailConfig().smtpUrl ? ('smtp' as const) : ('mailbox' as const) })),

  mailbox: officeProcedure
    .input(z.object({ ...page, search: z.string().trim().max(100).optional() }))
    .query(({ input }) => listMailbox(input)),

  message: officeProcedure.input(z.object({ id: recordId })).query(({ input, ctx }) => getMailboxMessage(input.id, ctx.session.staff.role)),

  outbox: officeProcedure
    .input(z.object({ ...page, status: z.enum(['pending', 'sent', 'failed', 'dead']).optional() }))
    .query(({ input }) => listOutbox(input)),

  retry: officeProcedure.input(z.object({ id: recordId })).mutation(({ input }) => retryOutboxRow(input.id))
});
