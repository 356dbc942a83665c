// F11: once paid, the customer gets the receipt as a PDF attachment.
import { z } from 'zod';
import { documentFileName, renderReceipt } from '$lib/documents';
import type { Locale } from '../../../pocketbase/records';
import { toDocumentInput } from '../../document-input';
import { closing, common, footer, orderFacts } from '../common';
import { defineTemplate, recordRef } from '../define';

const strings = {
  en: {
    subject: (n: number) => `Receipt for your order #${n}`,
    body: (amount: string) => `thank you for your payment of ${amount}. Your receipt is attached to this e-mail as a PDF.`,
    bodyNoPayment: 'your receipt is attached to this e-mail as a PDF.',
    paid: 'Paid'
  },
  de: {
    subject: (n: number) => `Beleg zu Ihrer Bestellung #${n}`,
    body: (amount: string) => `vielen Dank für Ihre Zahlung über ${amount}. Den Beleg finden Sie als PDF im Anhang.`,
    bodyNoPayment: 'den Beleg zu Ihrer Bestellung finden Sie als PDF im Anhang.',
    paid: 'Bezahlt'
  }
} satisfies Record<Locale, unknown>;

export default defineTemplate({
  topic: 'receipt',
  data: z.object({ orderId: recordRef }),
  async render({ orderId }, ctx) {
    const s = strings[ctx.locale];
    const [order, lines, payments] = await Promise.all([ctx.order(orderId), ctx.lines(orderId), ctx.payments(orderId)]);
    const input = toDocumentInput({ shop: ctx.shop, order, lines, payments, locale: ctx.locale });
    const paidCents = (input.payments ?? []).reduce((sum, p) => sum + p.amountCents, 0);
    const facts = orderFacts(ctx, order);
    if (paidCents) facts.rows.push([s.paid, ctx.money(paidCents, order.currency)]);
    return {
      subject: s.subject(order.number),
      blocks: [
        { kind: 'p', text: common[ctx.locale].hello(order.customer_name) },
        { kind: 'p', text: paidCents ? s.body(ctx.money(paidCents, order.currency)) : s.bodyNoPayment },
        facts,
        ...closing(ctx)
      ],
      footer: footer(ctx.shop),
      attachments: [{ filename: documentFileName('receipt', input), content: await renderReceipt(input), contentType: 'application/pdf' }]
    };
  }
});
