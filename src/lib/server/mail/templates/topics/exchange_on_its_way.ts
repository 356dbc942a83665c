// F40: an exchange was recorded; the items the customer gets instead are reserved and on
// their way. Queued by server/returns/exchange.ts in the same unit of work as the exchange
// (not at hand-over: the parcel's own delivery mail follows with the tracking link).
import { z } from 'zod';
import { PermanentDeliveryError } from '../../../outbox/errors';
import { collection, filterValue } from '../../../pocketbase/client';
import type { Locale } from '../../../pocketbase/records';
import type { Block } from '../../render/compose';
import { closing, common, footer, url } from '../common';
import { defineTemplate, recordRef } from '../define';

const strings = {
  en: {
    subject: (n: number) => `Your exchange for order #${n} is on its way`,
    body: (n: number) => `we have recorded your exchange for order #${n}. These items are set aside for you and will be packed and sent shortly:`,
    next: 'Please send back the items you are exchanging, if you have not done so yet.',
    follow: 'Follow your order'
  },
  de: {
    subject: (n: number) => `Ihr Umtausch zu Bestellung #${n} ist unterwegs`,
    body: (n: number) => `wir haben Ihren Umtausch zu Bestellung #${n} erfasst. Diese Artikel sind für Sie reserviert und werden in Kürze verpackt und verschickt:`,
    next: 'Bitte senden Sie die umgetauschten Artikel zurück, falls noch nicht geschehen.',
    follow: 'Bestellung verfolgen'
  }
} satisfies Record<Locale, unknown>;

interface ExchangeLineRow {
  order: string;
  sku: string;
  name: string;
  qty: number;
}

export default defineTemplate({
  topic: 'exchange_on_its_way',
  data: z.object({ orderId: recordRef, returnId: recordRef }),
  async render({ orderId, returnId }, ctx) {
    const s = strings[ctx.locale];
    const [order, lines] = await Promise.all([
      ctx.order(orderId),
      collection('order_lines').getFullList<ExchangeLineRow>({ filter: `exchange_return = ${filterValue(returnId)} && order = ${filterValue(orderId)}`, sort: 'position' })
    ]);
    if (!lines.length) throw new PermanentDeliveryError(`exchange ${returnId} has no lines on order ${orderId}`);
    const trackingPage = order.tracking_token ? url(ctx, `/track/${order.tracking_token}`) : '';
    const blocks: Block[] = [
      { kind: 'p', text: common[ctx.locale].hello(order.customer_name) },
      { kind: 'p', text: s.body(order.number) },
      { kind: 'facts', rows: lines.map((l) => [`${l.qty} ×`, `${l.name} (${l.sku})`] as [string, string]) },
      { kind: 'p', text: s.next },
      ...(trackingPage ? [{ kind: 'button' as const, label: s.follow, href: trackingPage }] : [])
    ];
    return { subject: s.subject(order.number), blocks: [...blocks, ...closing(ctx)], footer: footer(ctx.shop) };
  }
});
