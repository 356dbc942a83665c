// F19/F20: a parcel is on its way: carrier, tracking number, the carrier's page and ours.
import { z } from 'zod';
import type { Locale } from '../../../pocketbase/records';
import { PermanentDeliveryError } from '../../../outbox/errors';
import { carrierTrackingUrl } from '../../carrier-links';
import type { Block } from '../../render/compose';
import { closing, common, destinationBlock, footer, linesBlock, url } from '../common';
import { defineTemplate, recordRef } from '../define';

const strings = {
  en: {
    subject: (n: number) => `Your order #${n} is on its way`,
    subjectOut: (n: number) => `Your order #${n} is out for delivery today`,
    subjectDelivered: (n: number) => `Your order #${n} has been delivered`,
    body: (n: number, carrier: string) => `good news: your order #${n} has been handed to ${carrier}.`,
    bodyPart: (n: number, carrier: string) => `good news: part of your order #${n} has been handed to ${carrier}. The remaining items will follow separately.`,
    carrier: 'Carrier',
    trackingNumber: 'Tracking number',
    shippedOn: 'Shipped',
    trackCarrier: (carrier: string) => `Track the parcel at ${carrier}`,
    follow: 'Follow your order',
    inParcel: 'In this parcel'
  },
  de: {
    subject: (n: number) => `Ihre Bestellung #${n} ist unterwegs`,
    subjectOut: (n: number) => `Ihre Bestellung #${n} wird heute zugestellt`,
    subjectDelivered: (n: number) => `Ihre Bestellung #${n} wurde zugestellt`,
    body: (n: number, carrier: string) => `gute Nachrichten: Ihre Bestellung #${n} ist an ${carrier} übergeben.`,
    bodyPart: (n: number, carrier: string) => `gute Nachrichten: Ein Teil Ihrer Bestellung #${n} ist an ${carrier} übergeben. Die übrigen Artikel folgen separat.`,
    carrier: 'Versanddienst',
    trackingNumber: 'Sendungsnummer',
    shippedOn: 'Versandt',
    trackCarrier: (carrier: string) => `Sendung bei ${carrier} verfolgen`,
    follow: 'Bestellung verfolgen',
    inParcel: 'In diesem Paket'
  }
} satisfies Record<Locale, unknown>;

export default defineTemplate({
  topic: 'delivery',
  /**
   * carrier, trackingUrl, trackingPageUrl: what the shipping module computed when queueing
   * (the shipment record fills in what is missing); status: a courier update such as
   * 'out_for_delivery' or 'delivered' changes the subject.
   */
  data: z.object({
    orderId: recordRef,
    shipmentId: recordRef,
    carrier: z.string().optional().catch(undefined),
    trackingUrl: z.string().optional().catch(undefined),
    trackingPageUrl: z.string().optional().catch(undefined),
    status: z.string().optional().catch(undefined)
  }),
  async render(data, ctx) {
    const { orderId, shipmentId } = data;
    const s = strings[ctx.locale];
    const [order, lines, shipment, parcel] = await Promise.all([ctx.order(orderId), ctx.lines(orderId), ctx.shipment(shipmentId), ctx.shipmentLines(shipmentId)]);
    if (shipment.order !== order.id) throw new PermanentDeliveryError(`shipment ${shipmentId} does not belong to order ${orderId}`);
    const carrier = data.carrier?.trim() || shipment.carrier.trim() || shipment.courier;
    const inParcel = new Map<string, number>();
    for (const l of parcel) inParcel.set(l.order_line, (inParcel.get(l.order_line) ?? 0) + l.qty);
    const partial = lines.some((l) => l.shipped < l.qty);
    const facts: [string, string][] = [[s.carrier, carrier]];
    if (shipment.tracking_number) facts.push([s.trackingNumber, shipment.tracking_number]);
    if (shipment.shipped_at) facts.push([s.shippedOn, ctx.dateTime(shipment.shipped_at)]);
    const carrierUrl = data.trackingUrl || carrierTrackingUrl(shipment, ctx.locale);
    const trackingPage = data.trackingPageUrl || (order.tracking_token ? url(ctx, `/track/${order.tracking_token}`) : '');
    const subject = data.status === 'delivered' ? s.subjectDelivered : data.status === 'out_for_delivery' ? s.subjectOut : s.subject;
    const destination = destinationBlock(ctx, order);
    const blocks: Block[] = [
      { kind: 'p', text: common[ctx.locale].hello(order.customer_name) },
      { kind: 'p', text: partial ? s.bodyPart(order.number, carrier) : s.body(order.number, carrier) },
      { kind: 'facts', rows: facts },
      ...(carrierUrl ? [{ kind: 'button' as const, label: s.trackCarrier(carrier), href: carrierUrl }] : []),
      ...(trackingPage ? [{ kind: 'button' as const, label: s.follow, href: trackingPage }] : [])
    ];
    if (inParcel.size) blocks.push({ kind: 'heading', text: s.inParcel }, linesBlock(ctx, order, lines, { totals: false, qty: inParcel }));
    if (destination) blocks.push(destination);
    return { subject: subject(order.number), blocks: [...blocks, ...closing(ctx)], footer: footer(ctx.shop) };
  }
});
