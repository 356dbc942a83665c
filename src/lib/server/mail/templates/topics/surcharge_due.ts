// F42: a surcharge raised what the customer owes: how much, why, and how to pay it (the pay
// link for card orders, the bank details and reference for transfers, the address for cheques).
import { z } from 'zod';
import { PermanentDeliveryError } from '../../../outbox/errors';
import { collection, isNotFound } from '../../../pocketbase/client';
import type { Locale } from '../../../pocketbase/records';
import type { SurchargeKind } from '$lib/refunds/rules';
import type { Block } from '../../render/compose';
import { addressLines, closing, common, footer, url } from '../common';
import { defineTemplate, recordRef } from '../define';

const strings = {
  en: {
    subject: (n: number) => `Additional amount to pay for your order #${n}`,
    body: (n: number, amount: string) => `for your order #${n} there is an additional amount of ${amount} to pay.`,
    kinds: { extra_work: 'Extra work', shipping_change: 'Change of shipping method', other: 'Surcharge' },
    invoice: (n: string) => `Invoice ${n}`,
    tax: (rate: string) => `incl. ${rate} VAT`,
    pay: 'Pay now',
    transferTitle: 'Please transfer',
    reference: (n: string) => `Reference: ${n}`,
    chequeTitle: 'Please send a cheque',
    cheque: (amount: string) => `for ${amount}, with the invoice number on the back, to:`
  },
  de: {
    subject: (n: number) => `Zusätzlicher Betrag zu Ihrer Bestellung #${n}`,
    body: (n: number, amount: string) => `zu Ihrer Bestellung #${n} ist ein zusätzlicher Betrag von ${amount} zu zahlen.`,
    kinds: { extra_work: 'Zusätzliche Arbeit', shipping_change: 'Änderung der Versandart', other: 'Zuschlag' },
    invoice: (n: string) => `Rechnung ${n}`,
    tax: (rate: string) => `inkl. ${rate} USt.`,
    pay: 'Jetzt bezahlen',
    transferTitle: 'Bitte überweisen Sie',
    reference: (n: string) => `Verwendungszweck: ${n}`,
    chequeTitle: 'Bitte senden Sie einen Scheck',
    cheque: (amount: string) => `über ${amount}, mit der Rechnungsnummer auf der Rückseite, an:`
  }
} satisfies Record<Locale, unknown>;

/** the fields of a `surcharges` row (server/refunds/records.ts) this mail reads */
interface Surcharge {
  kind: SurchargeKind;
  reason: string;
  amount_cents: number;
  tax_rate_bp: number;
  currency: string;
  invoice_number: string;
  status: 'open' | 'paid';
}

async function loadSurcharge(id: string): Promise<Surcharge> {
  try {
    return await collection('surcharges').getOne(id);
  } catch (e) {
    if (isNotFound(e)) throw new PermanentDeliveryError(`surcharge ${id} does not exist`, { cause: e });
    throw e;
  }
}

export default defineTemplate({
  topic: 'surcharge_due',
  data: z.object({ orderId: recordRef, surchargeId: recordRef }),
  async render({ orderId, surchargeId }, ctx) {
    const s = strings[ctx.locale];
    const [order, surcharge] = await Promise.all([ctx.order(orderId), loadSurcharge(surchargeId)]);
    const amount = ctx.money(surcharge.amount_cents, surcharge.currency);
    const rate = new Intl.NumberFormat(ctx.lang, { style: 'percent', maximumFractionDigits: 2 }).format(surcharge.tax_rate_bp / 10000);
    const what = surcharge.reason ? `${s.kinds[surcharge.kind]}: ${surcharge.reason}` : s.kinds[surcharge.kind];
    const pay: Block[] = [];
    if (surcharge.status === 'open') {
      if (order.payment_method === 'card' && order.pay_token) pay.push({ kind: 'button', label: s.pay, href: url(ctx, `/pay/${order.pay_token}`) });
      else if (order.payment_method === 'cheque') pay.push({ kind: 'box', title: s.chequeTitle, lines: [s.cheque(amount), ctx.shop.name, ...addressLines(ctx.shop.address)] });
      else {
        const bank = ctx.shop.bankDetails ? [ctx.shop.address?.name ?? ctx.shop.name, ctx.shop.bankDetails] : [];
        pay.push({ kind: 'box', title: s.transferTitle, lines: [amount, s.reference(surcharge.invoice_number), ...bank] });
      }
    }
    return {
      subject: s.subject(order.number),
      blocks: [
        { kind: 'p', text: common[ctx.locale].hello(order.customer_name) },
        { kind: 'p', text: s.body(order.number, amount) },
        { kind: 'facts', rows: [[s.invoice(surcharge.invoice_number), amount], [what, s.tax(rate)]] },
        ...pay,
        ...closing(ctx)
      ],
      footer: footer(ctx.shop)
    };
  }
});
