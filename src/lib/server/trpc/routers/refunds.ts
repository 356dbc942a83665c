// After-sales money (F41 credit notes and refunds, F42 surcharges). Credit notes and refunds
// are for managers and owners; surcharges and the documents for office and up; packers
// reach none of it.
import { z } from 'zod';
import { locale } from '$lib/i18n/locales';
import { creditNoteRequest, refundRequest, surchargeRequest } from '$lib/refunds/rules';
import { formatSchema } from '../../documents/settings';
import { issueCreditNote } from '../../refunds/credit-notes';
import { creditNoteInput, surchargeInvoiceInput } from '../../refunds/documents';
import { startRefund } from '../../refunds/refunds';
import { afterSalesView } from '../../refunds/views';
import { addSurcharge, markSurchargePaid } from '../../refunds/surcharges';
import { managerProcedure, officeProcedure, recordId, router } from '../trpc';

const printOptions = { format: formatSchema.optional(), locale: locale.optional() };

export const refundsRouter = router({
  forOrder: officeProcedure.input(z.object({ orderId: recordId })).query(({ input }) => afterSalesView(input.orderId)),

  issueCreditNote: managerProcedure.input(creditNoteRequest).mutation(({ input, ctx }) => issueCreditNote(input, ctx.session.staff.id)),

  refund: managerProcedure.input(refundRequest).mutation(({ input, ctx }) => startRefund(input, ctx.session.staff.id)),

  addSurcharge: officeProcedure.input(surchargeRequest).mutation(({ input, ctx }) => addSurcharge(input, ctx.session.staff.id)),

  markSurchargePaid: officeProcedure
    .input(z.object({ surchargeId: recordId, reference: z.string().trim().min(1, 'Give the payment reference').max(200) }))
    .mutation(({ input, ctx }) => markSurchargePaid(input, ctx.session.staff.id)),

  creditNoteDocument: officeProcedure
    .input(z.object({ creditNoteId: recordId, ...printOptions }))
    .query(({ input: { creditNoteId, ...opts }, ctx }) => creditNoteInput(creditNoteId, { ...opts, fallbackLocale: ctx.session.staff.locale || 'en' })),

  surchargeInvoice: officeProcedure
    .input(z.object({ surchargeId: recordId, ...printOptions }))
    .query(({ input: { surchargeId, ...opts }, ctx }) => surchargeInvoiceInput(surchargeId, { ...opts, fallbackLocale: ctx.session.staff.locale || 'en' }))
});
