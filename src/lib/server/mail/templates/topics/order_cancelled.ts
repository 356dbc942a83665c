// F34: an order cancelled by the shop (or at the customer's request), with the reason.
import { z } from 'zod';
import type { Locale } from '../../../pocketbase/records';
import { closing, common, footer, linesBlock } from '../common';
import { defineTemplate, recordRef } from '../define';

const strings = {
  en: {
    subject: (n: number) => `Your order #${n} has been cancelled`,
    body: (n: number, date: string) => `we have cancelled your order #${n} of ${date}.`,
    reason: 'Reason',
    refund: 'Anything you have already paid for this order will be refunded to you.'
  },
  de: {
    subject: (n: number) => `Ihre Bestellung #${n} wurde storniert`,
    body: (n: number, date: string) => `wir haben Ihre Bestellung #${n} vom ${date} storniert.`,
    reason: 'Grund',
    refund: 'Was Sie für diese Bestellung bereits bezahlt haben, erstatten wir Ihnen.'
  }
} satisfies Record<Locale, unknown>;

export default defineTemplate({
  topic: 'order_cancelled',
  /** reason: optional text for the customer; defaults to the order's cancel_reason */
  data: z.object({ orderId: recordRef, reason: z.string().optional().catch(undefined) }),
  async render({ orderId, reason }, ctx) {
    const s = strings[ctx.locale];
    const [order, lines] = await Promise.all([ctx.order(orderId), ctx.lines(orderId)]);
    const why = (reason ?? order.cancel_reason ?? '').trim().slice(0, 1000);
    const paid = ['paid', 'partially_refunded', 'refunded'].includes(order.payment_status);
    return {
      subject: s.subject(order.number),
      blocks: [
        { kind: 'p', text: common[ctx.locale].hello(order.customer_name) },
        { kind: 'p', text: s.body(order.number, ctx.date(order.placed_at || order.created)) },
        ...(why ? [{ kind: 'box' as const, title: s.reason, lines: [why] }] : []),
        linesBlock(ctx, order, lines),
        ...(paid ? [{ kind: 'p' as const, text: s.refund }] : []),
        ...closing(ctx)
      ],
      footer: footer(ctx.shop)
    };
  }
});
