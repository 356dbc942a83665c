// Payments (F07-F11, F28). Office staff may look at the payment queue and an order's
// payments, send receipts and card payment links; managers and owners mark orders paid,
// reconcile bank statements and change the payment settings. Packers reach none of it.
// The card checkout procedures are public: the customer pays without an account.
import { renewHoldByHand } from '../../payments/reservation-hold';
import { z } from 'zod';
import { paymentMethod } from '$lib/payments/methods';
import { AppError } from '../../errors';
import { getOrderRecord } from '../../orders/queries';
import { RateLimiter } from '../../cluster/rate-limit';
import { openCheckout, payCheckout, startCardPayment } from '../../payments/checkout';
import { cardMode } from '../../payments/providers';
import { markOrderPaid, markOrdersPaid } from '../../payments/mark-paid';
import { listPaymentQueue, paymentQueueSelection } from '../../payments/queue';
import { confirmStatementMatches, reviewStatement } from '../../payments/reconciliation/import';
import { unzipStatement } from '../../payments/reconciliation/upload';
import { sendReceipt } from '../../payments/receipt';
import { paymentConfig, paymentSettingsSchema, savePaymentSettings } from '../../payments/settings';
import { listOrderPayments } from '../../payments/views';
import { shopSettings } from '../../shop/settings';
import { managerProcedure, officeProcedure, publicProcedure, recordId, router } from '../trpc';

const method = paymentMethod;
const bankReference = z.string().trim().min(1, 'Enter the bank reference').max(200, 'At most 200 characters');

// the checkout is public: slow down anyone trying card numbers or payment links
const checkoutLimiter = new RateLimiter('payment-checkout', 60, 10 * 60_000);
async function limit(ip: string, what: string) {
  const wait = await checkoutLimiter.hit(`${what}|${ip}`);
  if (wait > 0) throw new AppError('TOO_MANY_REQUESTS', 'payments.checkout.too_many', `Too many attempts. Try again in ${wait} s.`, { seconds: wait });
}

export const paymentsRouter = router({
  queue: officeProcedure
    .input(z.object({ method: method.optional(), page: z.number().int().min(1).default(1), perPage: z.number().int().min(1).max(500).default(100) }))
    .query(({ input }) => listPaymentQueue(input)),

  selection: managerProcedure.input(z.object({ method: method.optional() })).query(({ input }) => paymentQueueSelection(input.method)),

  forOrder: officeProcedure.input(z.object({ orderId: recordId })).query(async ({ input }) => {
    const [payments, cfg] = await Promise.all([listOrderPayments(input.orderId), paymentConfig()]);
    return { payments, receipt: cfg.settings.receipt };
  }),

  markPaid: managerProcedure
    .input(z.object({ orderId: recordId, bankReference, amountCents: z.number().int().min(1, 'More than 0').max(100_000_000).optional() }))
    .mutation(({ input, ctx }) => markOrderPaid(input, ctx.session.staff.id)),

  markPaidBulk: managerProcedure
    .input(z.object({ items: z.array(z.object({ orderId: recordId, bankReference })).min(1).max(1000) }))
    .mutation(({ input, ctx }) => markOrdersPaid(input.items, { actorId: ctx.session.staff.id, source: 'manual' })),

  importStatement: managerProcedure
    .input(z.object({ fileName: z.string().max(300), gzipBase64: z.string().min(1).max(8_000_000) }))
    .mutation(async ({ input }) => reviewStatement(unzipStatement(input.gzipBase64, input.fileName), (await shopSettings()).shop.currency)),

  confirmStatement: managerProcedure
    .input(
      z.object({
        matches: z
          .array(z.object({ orderId: recordId, bankReference, amountCents: z.number().int().min(1).max(100_000_000), bookedOn: z.iso.date(), surchargeIds: z.array(recordId).max(50).optional() }))
          .min(1)
          .max(1000)
      })
    )
    .mutation(({ input, ctx }) => confirmStatementMatches(input.matches, ctx.session.staff.id)),

  settings: managerProcedure.query(async () => {
    const cfg = await paymentConfig();
    // who takes card payments here (issue #12, finding 1): the screen says SANDBOX or 'none'
    return { settings: cfg.settings, timeZone: cfg.calendar.timeZone, cardProvider: cardMode() };
  }),

  saveSettings: managerProcedure.input(paymentSettingsSchema).mutation(({ input }) => savePaymentSettings(input)),

  // #12 finding 3: an unpaid web order whose stock hold ran out holds its stock again
  renewHold: officeProcedure.input(z.object({ orderId: recordId })).mutation(({ input, ctx }) => renewHoldByHand(input.orderId, ctx.session.staff.id)),

  sendReceipt: officeProcedure.input(z.object({ orderId: recordId })).mutation(({ input, ctx }) => sendReceipt(input.orderId, ctx.session.staff.id)),

  cardLink: officeProcedure.input(z.object({ orderId: recordId })).mutation(async ({ input }) => {
    const order = await getOrderRecord(input.orderId);
    if (order.status !== 'placed' || !['unpaid', 'failed', 'pending'].includes(order.payment_status) || order.payment_method !== 'card') {
      throw new AppError('CONFLICT', 'payments.errors.no_card_link', `Order ${order.number} is not an unpaid card order.`, { number: order.number });
    }
    const created = await startCardPayment(order);
    return { url: created.redirectUrl };
  }),

  checkout: router({
    open: publicProcedure.input(z.object({ token: z.string().min(1).max(100) })).query(async ({ input, ctx }) => {
      await limit(ctx.ip, 'open');
      return openCheckout(input.token);
    }),
    pay: publicProcedure
      .input(
        z.object({
          publicId: z.string().min(1).max(100),
          number: z.string().max(40),
          expiry: z.string().max(10),
          cvc: z.string().max(10),
          name: z.string().max(200)
        })
      )
      .mutation(async ({ input, ctx }) => {
        await limit(ctx.ip, 'pay');
        const { publicId, ...card } = input;
        return payCheckout(publicId, card);
      })
  })
});
