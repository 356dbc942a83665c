// F02: the merchant hears about every new order first.
import { z } from 'zod';
import type { Locale } from '../../../pocketbase/records';
import { common, destinationBlock, footer, linesBlock, orderFacts, url } from '../common';
import { defineTemplate, recordRef } from '../define';

const strings = {
  en: {
    subject: (n: number, name: string, total: string) => `New order #${n} from ${name} (${total})`,
    intro: (n: number) => `Order #${n} has just been placed.`,
    channel: 'Channel',
    channels: { web: 'Web shop', phone: 'Phone', repeat: 'Repeat order', api: 'API' },
    open: 'Open the order in Packbench'
  },
  de: {
    subject: (n: number, name: string, total: string) => `Neue Bestellung #${n} von ${name} (${total})`,
    intro: (n: number) => `Soeben ist die Bestellung #${n} eingegangen.`,
    channel: 'Kanal',
    channels: { web: 'Webshop', phone: 'Telefon', repeat: 'Wiederholung', api: 'API' },
    open: 'Bestellung in Packbench öffnen'
  }
} satisfies Record<Locale, unknown>;

export default defineTemplate({
  topic: 'order_placed_merchant',
  data: z.object({ orderId: recordRef }),
  async render({ orderId }, ctx) {
    const s = strings[ctx.locale];
    const c = common[ctx.locale];
    const order = await ctx.order(orderId);
    const lines = await ctx.lines(orderId);
    const total = ctx.money(order.total_cents, order.currency);
    const facts = orderFacts(ctx, order);
    facts.rows.push([c.customer, order.customer_name], [s.channel, s.channels[order.channel]]);
    if (order.email) facts.rows.push([c.email, order.email]);
    if (order.phone) facts.rows.push([c.phone, order.phone]);
    const destination = destinationBlock(ctx, order);
    return {
      subject: s.subject(order.number, order.customer_name, total),
      preheader: s.intro(order.number),
      blocks: [
        { kind: 'p', text: s.intro(order.number) },
        facts,
        linesBlock(ctx, order, lines),
        ...(destination ? [destination] : []),
        { kind: 'button', label: s.open, href: url(ctx, `/orders/${order.id}`) }
      ],
      footer: footer(ctx.shop),
      // the merchant answers the customer directly
      replyTo: order.email || undefined
    };
  }
});
