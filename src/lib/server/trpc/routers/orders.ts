import { z } from 'zod';
import { locale } from '$lib/i18n/locales';
import { fulfilmentStatus, noteVisibility, orderStage, orderStatus, paymentStatus } from '$lib/orders/states';
import { paymentMethod } from '$lib/payments/methods';
import { amendOrder, cancelLine } from '../../orders/amend';
import { cancelOrder } from '../../orders/cancel';
import { addNote } from '../../orders/notes';
import { createPhoneOrder, placeDraft, searchCustomers } from '../../orders/phone';
import { getOrderDetail, listQueue } from '../../orders/queries';
import { changeCustomer, customerOrders } from '../../orders/reassign';
import { repeatOrder } from '../../orders/repeat';
import { officeProcedure, recordId, router } from '../trpc';
import { addressInput } from './shop';

const quantity = z.number({ error: 'Enter a quantity' }).int('Whole units only').min(1, 'At least 1').max(999, 'At most 999');
const orderLines = z.array(z.object({ productId: recordId, qty: quantity })).min(1, 'Add at least one line').max(100);

export const ordersRouter = router({
  queue: officeProcedure
    .input(
      z.object({
        stage: orderStage.optional(),
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
        visibility: noteVisibility.default('internal'),
        clientId: z.string().min(8).max(100)
      })
    )
    .mutation(({ input, ctx }) => addNote(input, ctx.session.staff.id)),

  // phone orders, amendments and cancellations (F27, F04, F10)
  searchCustomers: officeProcedure
    .input(z.object({ query: z.string().trim().min(2, 'Type at least 2 characters').max(200) }))
    .mutation(({ input, ctx }) => searchCustomers(input.query, ctx.session.staff.id)),

  createPhoneOrder: officeProcedure
    .input(
      z.object({
        idempotencyKey: z.string().min(16).max(100),
        customerId: recordId.optional(),
        newCustomer: z
          .object({
            name: z.string().trim().min(1, 'Enter the name').max(200),
            email: z.union([z.email('Enter an e-mail address like name@example.com').max(200), z.literal('')]).optional(),
            phone: z.string().trim().max(40).optional()
          })
          .optional(),
        customerSearchId: recordId.optional(),
        fulfilmentMethod: z.enum(['ship', 'collect']),
        shippingAddress: addressInput.optional(),
        paymentMethod,
        locale: locale.optional(),
        lines: orderLines,
        place: z.boolean()
      })
    )
    .mutation(({ input, ctx }) => createPhoneOrder(input, ctx.session.staff.id)),

  placeDraft: officeProcedure
    .input(z.object({ orderId: recordId, version: z.number().int().min(0) }))
    .mutation(({ input, ctx }) => placeDraft(input, ctx.session.staff.id)),

  amend: officeProcedure
    .input(
      z.object({
        orderId: recordId,
        version: z.number().int().min(0),
        lines: z.array(z.object({ lineId: recordId.optional(), productId: recordId, qty: quantity })).max(100)
      })
    )
    .mutation(({ input, ctx }) => amendOrder(input, ctx.session.staff.id)),

  cancel: officeProcedure
    .input(
      z.object({
        orderId: recordId,
        version: z.number().int().min(0),
        reason: z.string().trim().min(3, 'Say why the order is cancelled').max(500, 'At most 500 characters'),
        notifyCustomer: z.boolean().default(false)
      })
    )
    .mutation(({ input, ctx }) =>
      cancelOrder(input.orderId, { reason: input.reason, actorId: ctx.session.staff.id, notifyCustomer: input.notifyCustomer, ifVersion: input.version })
    ),

  cancelLine: officeProcedure
    .input(
      z.object({
        orderId: recordId,
        lineId: recordId,
        version: z.number().int().min(0),
        reason: z.string().trim().min(3, 'Say why the line is cancelled').max(500, 'At most 500 characters')
      })
    )
    .mutation(({ input, ctx }) => cancelLine(input, ctx.session.staff.id)),

  // repeat orders and change of customer (F30, F38)
  repeat: officeProcedure
    .input(z.object({ orderId: recordId, idempotencyKey: z.string().min(16).max(100) }))
    .mutation(({ input, ctx }) => repeatOrder(input, ctx.session.staff.id)),

  changeCustomer: officeProcedure
    .input(
      z.object({
        orderId: recordId,
        version: z.number().int().min(0),
        customerId: recordId,
        takeContact: z.boolean(),
        takeAddress: z.boolean(),
        customerSearchId: recordId.optional()
      })
    )
    .mutation(({ input, ctx }) => changeCustomer(input, ctx.session.staff.id)),

  customerOrders: officeProcedure.input(z.object({ customerId: recordId })).query(({ input }) => customerOrders(input.customerId))
});
