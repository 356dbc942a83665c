// F41: money went back to the customer; the credit note it pays is attached as a PDF.
import { z } from 'zod';
import { PermanentDeliveryError } from '../../../outbox/errors';
import { collection, isNotFound } from '../../../pocketbase/client';
import type { Locale } from '../../../pocketbase/records';
import type { RefundMethod } from '$lib/refunds/rules';
import { mailDocument } from '../attachments';
import { closing, common, footer, orderFacts } from '../common';
import { defineTemplate, recordRef, type MailAttachment } from '../define';

/** the fields of a `refunds` row (server/refunds/records.ts) this mail reads */
interface Refund {
  credit_note: string;
  amount_cents: number;
  currency: string;
  method: RefundMethod;
  reference: string;
}

async function loadRefund(id: string): Promise<Refund> {
  try {
    return await collection('refunds').getOne(id);
  } catch (e) {
    if (isNotFound(e)) throw new PermanentDeliveryError(`refund ${id} does not exist`, { cause: e });
    throw e;
  }
}

const strings = {
  en: {
    subject: (n: number) => `Refund for your order #${n}`,
    body: (amount: string) => `we have refunded ${amount} to you.`,
    card: 'The amount goes back to the card you paid with; depending on your bank it can take a few days to show.',
    bank: (ref: string) => `We have sent it by bank transfer${ref ? ` (reference ${ref})` : ''}.`,
    cheque: (ref: string) => `We have sent you a cheque${ref ? ` (number ${ref})` : ''}.`,
    creditNote: (n: string) => `The credit note ${n} is attached to this e-mail as a PDF.`,
    refunded: 'Refunded'
  },
  de: {
    subject: (n: number) => `Erstattung zu Ihrer Bestellung #${n}`,
    body: (amount: string) => `wir haben Ihnen ${amount} erstattet.`,
    card: 'Der Betrag geht auf die Karte zurück, mit der Sie bezahlt haben; je nach Bank kann es einige Tage dauern, bis er erscheint.',
    bank: (ref: string) => `Wir haben ihn per Überweisung gesendet${ref ? ` (Verwendungszweck ${ref})` : ''}.`,
    cheque: (ref: string) => `Wir haben Ihnen einen Scheck gesendet${ref ? ` (Nummer ${ref})` : ''}.`,
    creditNote: (n: string) => `Die Gutschrift ${n} finden Sie als PDF im Anhang.`,
    refunded: 'Erstattet'
  }
} satisfies Record<Locale, unknown>;

export default defineTemplate({
  topic: 'refund_issued',
  data: z.object({ orderId: recordRef, refundId: recordRef }),
  async render({ orderId, refundId }, ctx) {
    const s = strings[ctx.locale];
    const [order, refund] = await Promise.all([ctx.order(orderId), loadRefund(refundId)]);
    const amount = ctx.money(refund.amount_cents, refund.currency);
    const how = refund.method === 'card' ? s.card : refund.method === 'cheque' ? s.cheque(refund.reference) : s.bank(refund.reference);
    const attachments: MailAttachment[] = [];
    let note = '';
    if (refund.credit_note) {
      const creditNote = await mailDocument('credit_note', refund.credit_note, ctx.locale);
      attachments.push(creditNote.attachment);
      note = s.creditNote(creditNote.number ?? '');
    }
    const facts = orderFacts(ctx, order);
    facts.rows.push([s.refunded, amount]);
    return {
      subject: s.subject(order.number),
      blocks: [
        { kind: 'p', text: common[ctx.locale].hello(order.customer_name) },
        { kind: 'p', text: `${s.body(amount)} ${how}` },
        ...(note ? [{ kind: 'p' as const, text: note }] : []),
        facts,
        ...closing(ctx)
      ],
      footer: footer(ctx.shop),
      attachments
    };
  }
});
