// F23: Click & Collect: the order is ready; where and when to collect it.
import { z } from 'zod';
import type { Locale } from '../../../pocketbase/records';
import type { Block } from '../../render/compose';
import { addressLines, closing, common, footer, linesBlock } from '../common';
import { defineTemplate, recordRef } from '../define';

const strings = {
  en: {
    subject: (n: number) => `Your order #${n} is ready for pickup`,
    body: (n: number) => `your order #${n} is ready. You can collect it from us now.`,
    where: 'Where',
    bring: (n: number) => `Please bring your order number #${n}.`,
    due: (amount: string) => `Please pay ${amount} when you collect it.`
  },
  de: {
    subject: (n: number) => `Ihre Bestellung #${n} liegt zur Abholung bereit`,
    body: (n: number) => `Ihre Bestellung #${n} ist fertig. Sie können sie ab sofort bei uns abholen.`,
    where: 'Wo',
    bring: (n: number) => `Bitte bringen Sie Ihre Bestellnummer #${n} mit.`,
    due: (amount: string) => `Bitte bezahlen Sie ${amount} bei der Abholung.`
  }
} satisfies Record<Locale, unknown>;

export default defineTemplate({
  topic: 'pickup_ready',
  data: z.object({ orderId: recordRef }),
  async render({ orderId }, ctx) {
    const s = strings[ctx.locale];
    const c = common[ctx.locale];
    const [order, lines] = await Promise.all([ctx.order(orderId), ctx.lines(orderId)]);
    const unpaid = order.payment_status !== 'paid' && order.total_cents > 0;
    const blocks: Block[] = [
      { kind: 'p', text: c.hello(order.customer_name) },
      { kind: 'p', text: s.body(order.number) },
      { kind: 'box', title: s.where, lines: [ctx.shop.name, ...addressLines(ctx.shop.address)] }
    ];
    if (ctx.shop.openingHours) blocks.push({ kind: 'box', title: c.openingHours, lines: [ctx.shop.openingHours] });
    blocks.push({ kind: 'p', text: unpaid ? `${s.bring(order.number)} ${s.due(ctx.money(order.total_cents, order.currency))}` : s.bring(order.number) });
    blocks.push(linesBlock(ctx, order, lines), ...closing(ctx));
    return { subject: s.subject(order.number), blocks, footer: footer(ctx.shop) };
  }
});
