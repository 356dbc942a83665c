// F10: an unpaid order cancelled after its payment deadline; the reserved goods are released.
import { z } from 'zod';
import type { Locale } from '../../../pocketbase/records';
import { closing, common, footer, linesBlock } from '../common';
import { defineTemplate, recordRef } from '../define';

const strings = {
  en: {
    subject: (n: number) => `Order #${n} cancelled: we did not receive your payment`,
    body: (n: number, date: string, amount: string, days?: number) =>
      `we have not received your payment of ${amount} for order #${n} of ${date}${days ? ` within ${days} business ${days === 1 ? 'day' : 'days'}` : ''}, so we have cancelled the order and released the items we had set aside for you.`,
    again: 'If you would still like them, you are welcome to order again. If you have paid in the meantime, please reply to this e-mail and we will sort it out.'
  },
  de: {
    subject: (n: number) => `Bestellung #${n} storniert: keine Zahlung eingegangen`,
    body: (n: number, date: string, amount: string, days?: number) =>
      `für Ihre Bestellung #${n} vom ${date} ist bei uns ${days ? `innerhalb von ${days} ${days === 1 ? 'Werktag' : 'Werktagen'} ` : ''}keine Zahlung über ${amount} eingegangen. Wir haben die Bestellung daher storniert und die für Sie zurückgelegten Artikel wieder freigegeben.`,
    again: 'Wenn Sie die Artikel noch möchten, bestellen Sie gern erneut. Falls Sie inzwischen bezahlt haben, antworten Sie bitte auf diese E-Mail; wir klären das.'
  }
} satisfies Record<Locale, unknown>;

export default defineTemplate({
  topic: 'order_cancelled_unpaid',
  /** businessDays: the payment deadline that ran out, if the cancellation was automatic */
  data: z.object({ orderId: recordRef, businessDays: z.number().int().positive().optional().catch(undefined) }),
  async render({ orderId, businessDays }, ctx) {
    const s = strings[ctx.locale];
    const [order, lines] = await Promise.all([ctx.order(orderId), ctx.lines(orderId)]);
    return {
      subject: s.subject(order.number),
      blocks: [
        { kind: 'p', text: common[ctx.locale].hello(order.customer_name) },
        { kind: 'p', text: s.body(order.number, ctx.date(order.placed_at || order.created), ctx.money(order.total_cents, order.currency), businessDays) },
        linesBlock(ctx, order, lines, { totals: false }),
        { kind: 'p', text: s.again },
        ...closing(ctx)
      ],
      footer: footer(ctx.shop)
    };
  }
});
