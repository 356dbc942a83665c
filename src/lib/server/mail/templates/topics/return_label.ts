// F39: the return label the office bought for the customer, attached as a PDF with what to do
// with it. Queued by server/returns/label.ts in the same unit of work as the label.
import { z } from 'zod';
import { PermanentDeliveryError } from '../../../outbox/errors';
import { collection } from '../../../pocketbase/client';
import type { Locale } from '../../../pocketbase/records';
import { closing, common, footer } from '../common';
import { mailDocument } from '../attachments';
import { defineTemplate, recordRef } from '../define';

const strings = {
  en: {
    subject: (n: number) => `Your return label for order #${n}`,
    body: (n: number) => `here is the return label for the items you are sending back from order #${n}.`,
    how: 'Print it, stick it on the parcel so that the old label is covered, and hand the parcel to the carrier.',
    tracking: 'Tracking number',
    attached: 'The label is attached to this e-mail as a PDF.'
  },
  de: {
    subject: (n: number) => `Ihr Retourenlabel zu Bestellung #${n}`,
    body: (n: number) => `hier ist das Retourenlabel für die Artikel, die Sie aus Bestellung #${n} zurücksenden.`,
    how: 'Drucken Sie es aus, kleben Sie es so auf das Paket, dass das alte Label bedeckt ist, und geben Sie das Paket beim Versanddienst ab.',
    tracking: 'Sendungsnummer',
    attached: 'Das Label finden Sie als PDF im Anhang.'
  }
} satisfies Record<Locale, unknown>;

export default defineTemplate({
  topic: 'return_label',
  data: z.object({ orderId: recordRef, returnId: recordRef }),
  async render({ orderId, returnId }, ctx) {
    const s = strings[ctx.locale];
    const [order, ret] = await Promise.all([ctx.order(orderId), collection('returns').getOne<{ order: string; label_tracking_number: string }>(returnId).catch(() => null)]);
    if (!ret || ret.order !== order.id || !ret.label_tracking_number) throw new PermanentDeliveryError(`return ${returnId} of order ${orderId} has no label`);
    const label = await mailDocument('return_label', returnId, ctx.locale);
    return {
      subject: s.subject(order.number),
      blocks: [
        { kind: 'p', text: common[ctx.locale].hello(order.customer_name) },
        { kind: 'p', text: s.body(order.number) },
        { kind: 'p', text: s.how },
        { kind: 'facts', rows: [[s.tracking, ret.label_tracking_number]] },
        { kind: 'p', text: s.attached },
        ...closing(ctx)
      ],
      footer: footer(ctx.shop),
      attachments: [label.attachment]
    };
  }
});
