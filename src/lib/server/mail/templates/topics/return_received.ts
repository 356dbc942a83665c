// F39/F40: the goods of a return arrived; what came back. Queued by server/returns/receive.ts
// in the same unit of work as the receipt.
import { z } from 'zod';
import { PermanentDeliveryError } from '../../../outbox/errors';
import { collection, filterValue } from '../../../pocketbase/client';
import type { Locale } from '../../../pocketbase/records';
import type { Block } from '../../render/compose';
import { closing, common, footer, url } from '../common';
import { defineTemplate, recordRef } from '../define';

const strings = {
  en: {
    subject: (n: number) => `We received your return for order #${n}`,
    body: (n: number) => `thank you: the items you sent back from order #${n} have arrived.`,
    items: 'Received',
    next: 'We will let you know about any refund separately.',
    follow: 'Follow your order'
  },
  de: {
    subject: (n: number) => `Ihre Rücksendung zu Bestellung #${n} ist eingegangen`,
    body: (n: number) => `vielen Dank: Die Artikel, die Sie aus Bestellung #${n} zurückgeschickt haben, sind bei uns angekommen.`,
    items: 'Erhalten',
    next: 'Über eine Erstattung informieren wir Sie gesondert.',
    follow: 'Bestellung verfolgen'
  }
} satisfies Record<Locale, unknown>;

interface ReturnRow {
  order: string;
}
interface ReturnLineRow {
  sku: string;
  name: string;
  qty: number;
}

export default defineTemplate({
  topic: 'return_received',
  data: z.object({ orderId: recordRef, returnId: recordRef }),
  async render({ orderId, returnId }, ctx) {
    const s = strings[ctx.locale];
    const [order, ret, lines] = await Promise.all([
      ctx.order(orderId),
      collection('returns').getOne<ReturnRow>(returnId).catch(() => null),
      collection('return_lines').getFullList<ReturnLineRow>({ filter: `return = ${filterValue(returnId)}`, sort: 'created' })
    ]);
    if (!ret || ret.order !== order.id) throw new PermanentDeliveryError(`return ${returnId} does not belong to order ${orderId}`);
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
