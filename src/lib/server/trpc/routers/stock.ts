// The stock page (F05), for office roles and up; packers never reach it, except goods in.
import { z } from 'zod';
import { recordShelfCount } from '../../stock/shelf-count';
import { getProduct, listStock, productLedger, reservationHolders } from '../../stock/overview';
import { findForReceiving, receiveDelivery, recentReceipts } from '../../stock/receipts';
import { officeProcedure, packerProcedure, recordId, router } from '../trpc';

export const stockRouter = router({
  list: officeProcedure.input(z.object({ search: z.string().trim().max(100).optional() }).default({})).query(({ input }) => listStock(input.search)),

  holders: officeProcedure.input(z.object({ productId: recordId })).query(({ input }) => reservationHolders(input.productId)),

  ledger: officeProcedure
    .input(z.object({ productId: recordId, page: z.number().int().min(1).default(1) }))
    .query(async ({ input }) => {
      // both at once: the ledger does not wait for the product
      const [product, ledger] = await Promise.all([getProduct(input.productId), productLedger(input.productId, input.page)]);
      return { product, ...ledger };
    }),

  recordCount: officeProcedure
    .input(
      z.object({
        productId: recordId,
        counted: z.number({ error: 'Enter the number you counted' }).int('Whole units only').min(0, 'Cannot be negative').max(1_000_000),
        expectedOnHand: z.number().int().min(0),
        reason: z.string().trim().min(3, 'Say why, e.g. "stocktake" or "2 broken"').max(500, 'At most 500 characters')
      })
    )
    .mutation(({ input, ctx }) => recordShelfCount(input, ctx.session.staff.id)),

  // goods in (issue #14): packers receive at the bench, office staff at the desk
  findForReceiving: packerProcedure.input(z.object({ code: z.string().trim().min(1).max(100) })).query(({ input }) => findForReceiving(input.code)),

  receipts: packerProcedure.query(() => recentReceipts()),

  receive: packerProcedure
    .input(
      z.object({
        idempotencyKey: z.string().trim().min(8).max(64),
        supplierRef: z.string().trim().max(100, 'At most 100 characters').default(''),
        // quantities are checked in receipts.ts, so a refusal names the line and the product
        lines: z.array(z.object({ productId: recordId, qty: z.number() })).max(500, 'At most 500 lines per delivery')
      })
    )
    .mutation(({ input, ctx }) => receiveDelivery(input, ctx.session.staff.id))
});
