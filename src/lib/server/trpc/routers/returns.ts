// F39/F40 returns: staff record, receive, inspect and cancel returns (office and up); the
// customer asks for one on the tracking page (public, rate-limited, the token is the key).
import { z } from 'zod';
import { returnReason } from '$lib/returns/reasons';
import { customerRequestReturn, customerReturnLabel, customerReturnOptions } from '../../returns/customer';
import { returnWindow } from '../../returns/window';
import { loadReturnContext, returnsView } from '../../returns/queries';
import { cancelReturn, decideInspection, receiveReturn } from '../../returns/receive';
import { createReturn } from '../../returns/request';
import { createExchange } from '../../returns/exchange';
import { createReturnLabel, returnLabelPdf } from '../../returns/label';
import { officeProcedure, publicProcedure, recordId, router } from '../trpc';

const units = (what: string) => z.number({ error: `Enter ${what} as a number` }).int('Whole units only').min(0, 'Not below 0').max(100_000, 'At most 100000');
const key = z.string().min(16, 'A request key has at least 16 characters').max(100);
const lines = z
  .array(
    z.object({
      lineId: recordId,
      qty: z.number({ error: 'Enter a quantity' }).int('Whole units only').min(1, 'At least 1').max(100_000),
      reason: returnReason,
      note: z.string().trim().max(500, 'At most 500 characters').optional()
    })
  )
  .min(1, 'Choose at least one item to return')
  .max(200);
const note = z.string().trim().max(2000, 'At most 2000 characters').optional();
const version = z.number().int().min(0);

export const returnsRouter = router({
  forOrder: officeProcedure.input(z.object({ orderId: recordId })).query(async ({ input }) => {
    const ctx = await loadReturnContext(input.orderId);
    // F39: staff may record a return after the window too (goodwill); the card says so
    return { ...returnsView(ctx), window: await returnWindow(ctx.order) };
  }),

  create: officeProcedure
    .input(z.object({ orderId: recordId, key, lines, note }))
    .mutation(({ input, ctx }) => createReturn(input, { source: 'staff', actor: ctx.session.staff.id })),

  /** F40: a return whose customer gets other items; they are reserved at once and picked again */
  exchange: officeProcedure
    .input(
      z.object({
        orderId: recordId,
        key,
        lines,
        note,
        items: z.array(z.object({ productId: recordId, qty: z.number({ error: 'Enter a quantity' }).int('Whole units only').min(1, 'At least 1').max(100_000) })).min(1, 'Choose at least one item to exchange for').max(200)
      })
    )
    .mutation(({ input, ctx }) => createExchange(input, ctx.session.staff.id)),

  /** F39: a return label through the courier provider, once per return */
  createLabel: officeProcedure.input(z.object({ returnId: recordId })).mutation(({ input, ctx }) => createReturnLabel(input.returnId, ctx.session.staff.id)),

  /** the return label as a PDF, base64 */
  labelPdf: officeProcedure.input(z.object({ returnId: recordId })).query(async ({ input }) => {
    const { pdf, fileName } = await returnLabelPdf(input.returnId);
    return { fileName, base64: Buffer.from(pdf).toString('base64') };
  }),

  receive: officeProcedure
    .input(
      z.object({
        returnId: recordId,
        version,
        lines: z.array(z.object({ returnLineId: recordId, restock: units('the units back on the shelf'), writeoff: units('the units written off'), inspect: units('the units to inspect') })).min(1).max(200)
      })
    )
    .mutation(({ input, ctx }) => receiveReturn(input, ctx.session.staff.id)),

  inspect: officeProcedure
    .input(
      z.object({
        returnId: recordId,
        version,
        lines: z.array(z.object({ returnLineId: recordId, restock: units('the units back on the shelf'), writeoff: units('the units written off') })).min(1).max(200)
      })
    )
    .mutation(({ input, ctx }) => decideInspection(input, ctx.session.staff.id)),

  cancel: officeProcedure.input(z.object({ returnId: recordId, version })).mutation(({ input, ctx }) => cancelReturn(input, ctx.session.staff.id)),

  /** the tracking page: what may be sent back */
  trackOptions: publicProcedure.input(z.object({ token: z.string().max(200) })).query(({ input, ctx }) => customerReturnOptions(input.token, ctx.ip)),

  /** F39: the return label the shop bought, for the customer to print (by the tracking link) */
  trackLabel: publicProcedure.input(z.object({ token: z.string().max(200), returnId: recordId })).query(({ input, ctx }) => customerReturnLabel(input, ctx.ip)),

  /** the tracking page: the customer asks for a return */
  trackRequest: publicProcedure
    .input(z.object({ token: z.string().min(1).max(200), key, lines, note }))
    .mutation(({ input, ctx }) => customerRequestReturn(input, ctx.ip))
});

