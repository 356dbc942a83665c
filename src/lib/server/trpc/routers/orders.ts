import { z } from 'zod';
import { addNote } from '../../orders/notes';
import { getOrderDetail, listQueue } from '../../orders/queries';
import { officeProcedure, recordId, router } from '../trpc';

const orderStatus = z.enum(['draft', 'placed', 'completed', 'cancelled']);
const paymentStatus = z.enum(['unpaid', 'pending', 'paid', 'failed', 'refunded', 'partially_refunded']);
const fulfilmentStatus = z.enum(['unfulfilled', 'picking', 'packed', 'partially_shipped', 'shipped', 'ready_for_pickup', 'collected', 'returned']);
const paymentMethod = z.enum(['card', 'online_banking', 'cheque', 'cash']);

export const ordersRouter = router({
  queue: officeProcedure
    .input(
      z.object({
        status: orderStatus.optional(),
        paymentStatus: paymentStatus.optional(),
        fulfilmentStatus: fulfilmentStatus.optional(),
        paymentMethod: paymentMethod.optional(),
        search: z.string().trim().max(100).optional(),
        page: z.number().int().min(1).default(1),
        perPage: z.number().int().min(1).max(200).default(50)
      })
    )
    .query(({ input }) => listQueue(input)),

  get: officeProcedure.input(z.object({ id: recordId })).query(({ input }) => getOrderDetail(input.id)),

  addNote: officeProcedure
    .input(
      z.object({
        orderId: recordId,
        body: z.string().trim().min(1, 'Write something first').max(5000, 'At most 5000 characters'),
        visibility: z.enum(['internal', 'packing', 'customer']).default('internal'),
        clientId: z.string().min(8).max(100)
      })
    )
    .mutation(({ input, ctx }) => addNote(input, ctx.session.staff.id))
});
