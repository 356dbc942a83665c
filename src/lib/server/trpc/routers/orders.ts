import { z } from 'zod';
import { locale } from '$lib/i18n/locales';
import { noteVisibility } from '$lib/orders/states';
import { queueView } from '$lib/orders/view';
import { paymentMethod } from '$lib/payments/methods';
import { amendOrder, cancelLine } from '../../orders/amend';
import { cancelOrder } from '../../orders/cancel';
import { addNote } from '../../orders/notes';
import { createPhoneOrder, placeDraft } from '../../orders/phone';
import { recentCustomers, searchCustomers } from '../../customers/search';
import { getOrderDetail, timelinePage } from '../../orders/queries';
import { deleteView, listSavedViews, recentSearches, saveView } from '../../orders/saved-views';
import { countOrders, searchOrders } from '../../orders/search';
import { changeCustomer, customerOrders } from '../../customers/reassign';
import { repeatOrder } from '../../orders/repeat';
import { officeProcedure, recordId, router } from '../trpc';
import { addressInput } from '$lib/addresses/input';

// a search text longer than the box allows is cut, not refused (a pasted paragraph still searches)
const searchInput = queueView.extend({ search: z.string().max(1000, 'At most 1000 characters').optional() });
const quantity = z.number({ error: 'Enter a quantity' }).int('Whole units only').min(1, 'At least 1').max(999, 'At most 999');
const orderLines = z.array(z.object({ productId: recordId, qty: quantity })).min(1, 'Add at least one line').max(100);

export const ordersRouter = router({
  // F26: the queue's search, newest first, keyset pages; the count is asked for separately
  queue: officeProcedure
    .input(searchInput.extend({ perPage: z.number().int().min(1).max(200).default(50) }))
    .query(({ input }) => searchOrders(input, input.perPage)),

  queueCount: officeProcedure.input(searchInput).query(({ input }) => countOrders(input)),

  savedViews: officeProcedure.query(({ ctx }) => listSavedViews(ctx.session.staff.id)),

  saveView: officeProcedure
    .input(
      z.object({
        name: z.string().trim().min(1, 'Give the view a name').max(80, 'At most 80 characters'),
        query: z.string().max(2000, 'This view is too long to save'),
        shared: z.boolean().default(false)
      })
    )
    .mutation(({ input, ctx }) => saveView(input, ctx.session.staff.id)),

  deleteView: officeProcedure.input(z.object({ id: recordId })).mutation(({ input, ctx }) => deleteView(input.id, ctx.session.staff.id)),

  // F25: the customer search history next to the search box
  recentSearches: officeProcedure.query(({ ctx }) => recentSearches(ctx.session.staff.id)),

  get: officeProcedure.input(z.object({ id: recordId })).query(({ input }) => getOrderDetail(input.id)),

  /** #15: the next page of an order's timeline, older than the event given */
  timeline: officeProcedure
    .input(z.object({ orderId: recordId, before: z.object({ created: z.string().max(40), id: recordId }) }))
    .query(({ input }) => timelinePage(input.orderId, input.before)),

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

  /** F25: the customers recent searches led to (mine first), to pick on the phone-order screen */
  recentCustomers: officeProcedure.query(({ ctx }) => recentCustomers(ctx.session.staff.id)),

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
