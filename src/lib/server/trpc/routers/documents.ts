// Documents (F11, F12, F31-F35): the plain input the browser draws a PDF from, formats per
// document type, and bulk printing. Office and up; invoices never reach packers (their
// packing slips and pick lists come through the packing procedures).
import { z } from 'zod';
import { locale } from '$lib/i18n/locales';
import { BULK_CHUNK, BULK_DOCUMENTS, BULK_MAX, BULK_SORTS, type OrderDocumentKind } from '$lib/documents/formats';
import type { StaffSession } from '../../auth/sessions';
import { bulkInputs, orderDocumentInput, planBulkPrint, type Requester } from '../../documents/service';
import { loadSeller, saveSeller, sellerSchema } from '../../documents/seller';
import { documentSettingsSchema, formatSchema, loadDocumentSettings, saveDocumentSettings } from '../../documents/settings';
import { managerProcedure, officeProcedure, recordId, router } from '../trpc';
import { creditNoteBulkInputs, withCreditNotes } from '../../refunds/documents';

const printOptions = { format: formatSchema.optional(), locale: locale.optional() };
const oneOrder = z.object({ orderId: recordId, ...printOptions });

const requester = (session: StaffSession): Requester => ({ staffId: session.staff.id, locale: session.staff.locale || 'en' });

/** documents that change nothing on the order: plain queries */
const orderDocument = <K extends Exclude<OrderDocumentKind, 'invoice'>>(kind: K) =>
  officeProcedure.input(oneOrder).query(({ input: { orderId, ...opts }, ctx }) => orderDocumentInput(kind, orderId, opts, requester(ctx.session)));

export const documentsRouter = router({
  settings: officeProcedure.query(() => loadDocumentSettings()),

  saveSettings: managerProcedure.input(documentSettingsSchema).mutation(({ input }) => saveDocumentSettings(input)),

  /** the seller details printed on invoices (part of the 'shop' setting) */
  seller: officeProcedure.query(() => loadSeller()),

  saveSeller: managerProcedure.input(sellerSchema).mutation(({ input }) => saveSeller(input)),

  /** issues the order's invoice number the first time, hence a mutation */
  invoice: officeProcedure
    .input(oneOrder)
    .mutation(({ input: { orderId, ...opts }, ctx }) => orderDocumentInput('invoice', orderId, opts, requester(ctx.session))),

  receipt: orderDocument('receipt'),
  packingSlip: orderDocument('packing-slip'),
  addressLabel: orderDocument('address-label'),

  /** step 1 of a bulk print: printing order, and invoice numbers for all orders at once */
  bulkPlan: officeProcedure
    .input(
      z.object({
        kind: z.enum(BULK_DOCUMENTS),
        orderIds: z.array(recordId).min(1, 'Select at least one order').max(BULK_MAX, `At most ${BULK_MAX} orders at once`),
        sort: z.enum(BULK_SORTS).default('number')
      })
    )
    .mutation(async ({ input, ctx }) => {
      const plan = await planBulkPrint(input.kind, input.orderIds, input.sort, requester(ctx.session));
      // F41: credit notes print for the selected orders that have any
      return input.kind === 'credit-note' ? withCreditNotes(plan.orderIds) : plan;
    }),

  /** step 2: the inputs of one chunk of the plan */
  bulkInputs: officeProcedure
    .input(z.object({ kind: z.enum(BULK_DOCUMENTS), orderIds: z.array(recordId).min(1).max(BULK_CHUNK), ...printOptions }))
    .query(({ input: { kind, orderIds, ...opts }, ctx }) =>
      kind === 'credit-note' ? creditNoteBulkInputs(orderIds, { ...opts, fallbackLocale: requester(ctx.session).locale }) : bulkInputs(kind, orderIds, opts, requester(ctx.session))
    )
});
