// F34: the customer's confirmation, with how to pay where the payment is still open.
import { z } from 'zod';
import type { Locale, OrderRecord } from '../../../pocketbase/records';
import type { Block } from '../../render/compose';
import { addressLines, closing, common, destinationBlock, footer, linesBlock, orderFacts, url } from '../common';
import type { TemplateContext } from '../context';
import { defineTemplate, recordRef } from '../define';

const strings = {
  en: {
    subject: (n: number, shop: string) => `Your order #${n} at ${shop}`,
    thanks: (n: number) => `thank you for your order #${n}. We have received it and will let you know as soon as it is on its way.`,
    thanksCollect: (n: number) => `thank you for your order #${n}. We will let you know as soon as it is ready for pickup.`,
    transferTitle: 'Please transfer',
    transfer: (amount: string, ref: string) => [amount, `Reference: ${ref}`],
    chequeTitle: 'Please send a cheque',
    cheque: (amount: string) => `for ${amount}, with your order number on the back, to:`,
    reference: (n: number) => `Order ${n}`,
    follow: 'Follow your order'
  },
  de: {
    subject: (n: number, shop: string) => `Ihre Bestellung #${n} bei ${shop}`,
    thanks: (n: number) => `vielen Dank für Ihre Bestellung #${n}. Sie ist bei uns eingegangen; wir melden uns, sobald sie unterwegs ist.`,
    thanksCollect: (n: number) => `vielen Dank für Ihre Bestellung #${n}. Wir melden uns, sobald sie zur Abholung bereitliegt.`,
    transferTitle: 'Bitte überweisen Sie',
    transfer: (amount: string, ref: string) => [amount, `Verwendungszweck: ${ref}`],
    chequeTitle: 'Bitte senden Sie einen Scheck',
    cheque: (amount: string) => `über ${amount}, mit Ihrer Bestellnummer auf der Rückseite, an:`,
    reference: (n: number) => `Bestellung ${n}`,
    follow: 'Bestellung verfolgen'
  }
} satisfies Record<Locale, unknown>;

function howToPay(ctx: TemplateContext, order: OrderRecord): Block[] {
  if (order.payment_status !== 'unpaid') return [];
  const s = strings[ctx.locale];
  const amount = ctx.money(order.total_cents, order.currency);
  if (order.payment_method === 'online_banking') {
    const bank = ctx.shop.bankDetails ? [ctx.shop.address?.name ?? ctx.shop.name, ctx.shop.bankDetails] : [];
    return [{ kind: 'box', title: s.transferTitle, lines: [...s.transfer(amount, s.reference(order.number)), ...bank] }];
  }
  if (order.payment_method === 'cheque') {
    return [{ kind: 'box', title: s.chequeTitle, lines: [s.cheque(amount), ctx.shop.name, ...addressLines(ctx.shop.address)] }];
  }
  return [];
}

export default defineTemplate({
  topic: 'order_confirmation',
  data: z.object({ orderId: recordRef }),
  async render({ orderId }, ctx) {
    const s = strings[ctx.locale];
    const order = await ctx.order(orderId);
    const lines = await ctx.lines(orderId);
    const destination = destinationBlock(ctx, order);
    const intro = order.fulfilment_method === 'collect' ? s.thanksCollect(order.number) : s.thanks(order.number);
    return {
      subject: s.subject(order.number, ctx.shop.name),
      preheader: intro,
      blocks: [
        { kind: 'p', text: common[ctx.locale].hello(order.customer_name) },
        { kind: 'p', text: intro },
        orderFacts(ctx, order),
        linesBlock(ctx, order, lines),
        ...howToPay(ctx, order),
        ...(destination ? [destination] : []),
        ...(order.tracking_token ? [{ kind: 'button' as const, label: s.follow, href: url(ctx, `/track/${order.tracking_token}`) }] : []),
        ...closing(ctx)
      ],
      footer: footer(ctx.shop)
    };
  }
});
